package dev.scimhub.user;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimhub.scim.InputLimits;
import dev.scimhub.scim.ScimException;

/** What a stored User must hold, and the values its own columns take from it. */
final class UserResource {

  private UserResource() {}

  /**
   * Checks what every stored user must have, and makes {@code active} explicit (true unless the client said
   * otherwise) so the column and the JSON never disagree.
   */
  static ObjectNode validate(ObjectNode stored) {
    JsonNode userName = stored.get("userName");
    if (userName == null || userName.asText().isBlank()) {
      throw ScimException.invalidValue("'userName' is required");
    }
    // These have indexes, whose entries have a size limit: a longer value is refused here, not by PostgreSQL.
    InputLimits.indexed("userName", userName.asText());
    InputLimits.indexed("externalId", externalId(stored));
    for (JsonNode email : stored.path("emails")) {
      InputLimits.indexed("emails.value", email.path("value").asText(null));
    }
    if (!stored.has("active")) {
      stored.put("active", true);
    }
    return stored;
  }

  static String userName(ObjectNode stored) {
    return stored.get("userName").asText();
  }

  static String externalId(ObjectNode stored) {
    JsonNode externalId = stored.get("externalId");
    return externalId == null ? null : externalId.asText();
  }

  static boolean active(ObjectNode stored) {
    return stored.path("active").asBoolean(true);
  }
}
