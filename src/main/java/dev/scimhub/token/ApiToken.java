package dev.scimhub.token;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A named connection's token as listed: never its value, only the first characters to recognise it.
 *
 * @param value the secret, present only in the response that creates it
 */
public record ApiToken(UUID id, String tenantId, String label, String prefix, OffsetDateTime createdAt, String value) {

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("id", id.toString())
        .put("label", label)
        .put("prefix", prefix)
        .put("createdAt", createdAt == null ? null : createdAt.toInstant().toString());
    if (value != null) {
      json.put("value", value);
    }
    return json;
  }
}
