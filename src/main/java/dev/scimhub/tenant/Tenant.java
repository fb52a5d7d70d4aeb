package dev.scimhub.tenant;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;

/**
 * A customer of the platform, with its own SCIM base URL and tokens.
 *
 * @param users the number of its users, or -1 when not counted
 */
public record Tenant(String id, String name, String status, JsonObject settings, OffsetDateTime createdAt,
    OffsetDateTime lastActivityAt, long users, long groups) {

  public JsonObject toJson(String scimBaseUrl) {
    JsonObject json = new JsonObject()
        .put("id", id)
        .put("name", name)
        .put("status", status)
        .put("scimBaseUrl", scimBaseUrl)
        .put("settings", settings == null ? new JsonObject() : settings)
        .put("createdAt", instant(createdAt))
        .put("lastActivityAt", instant(lastActivityAt));
    if (users >= 0) {
      json.put("users", users).put("groups", groups);
    }
    return json;
  }

  private static String instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant().toString();
  }
}
