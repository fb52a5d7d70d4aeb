package dev.scimhub.tenant;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;

/** A customer of the platform, with its own SCIM base URL and tokens. */
public record Tenant(String id, String name, String status, OffsetDateTime createdAt) {

  public JsonObject toJson(String scimBaseUrl) {
    return new JsonObject()
        .put("id", id)
        .put("name", name)
        .put("status", status)
        .put("scimBaseUrl", scimBaseUrl)
        .put("createdAt", createdAt == null ? null : createdAt.toInstant().toString());
  }
}
