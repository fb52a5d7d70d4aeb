package dev.scimhub.token;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A named connection's token as listed: never its value, only the first characters to recognise it.
 *
 * @param previousExpiresAt when the value replaced by a reset with grace stops working, else {@code null}
 * @param value the secret, present only in the response that creates or resets it
 */
public record ApiToken(UUID id, String tenantId, String label, String prefix, OffsetDateTime createdAt,
    OffsetDateTime lastUsedAt, OffsetDateTime previousExpiresAt, String value) {

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("id", id.toString())
        .put("label", label)
        .put("prefix", prefix)
        .put("createdAt", instant(createdAt))
        .put("lastUsedAt", instant(lastUsedAt));
    if (previousExpiresAt != null) {
      json.put("previousValueExpiresAt", instant(previousExpiresAt));
    }
    if (value != null) {
      json.put("value", value);
    }
    return json;
  }

  private static String instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant().toString();
  }
}
