package dev.scimhub.user;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimhub.scim.ETags;
import dev.scimhub.scim.ScimException;
import dev.scimhub.scim.ScimJson;
import dev.scimhub.scim.schema.ResourceType;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Map;

/** Between the stored row and the SCIM representation of a User. */
final class UserResource {

  private UserResource() {}

  /**
   * The full representation: schemas, id, the stored attributes in schema order (PostgreSQL's jsonb keeps its own
   * key order, which reads badly), then meta.
   */
  static ObjectNode toScim(ResourceType type, StoredUser user, String baseUrl) {
    ObjectNode stored = user.resource();
    ObjectNode out = ScimJson.object();
    out.set("schemas", stored.get("schemas"));
    out.put("id", user.id().toString());
    for (String key : type.attributeOrder()) {
      JsonNode value = stored.get(key);
      if (value != null) {
        out.set(key, value);
      }
    }
    Iterator<Map.Entry<String, JsonNode>> fields = stored.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (!out.has(field.getKey())) {
        out.set(field.getKey(), field.getValue());
      }
    }
    ObjectNode meta = out.putObject("meta");
    meta.put("resourceType", "User");
    meta.put("created", DateTimeFormatter.ISO_INSTANT.format(user.created()));
    meta.put("lastModified", DateTimeFormatter.ISO_INSTANT.format(user.lastModified()));
    meta.put("location", location(baseUrl, user));
    meta.put("version", ETags.of(user.version()));
    return out;
  }

  static String location(String baseUrl, StoredUser user) {
    return baseUrl + "/Users/" + user.id();
  }

  /**
   * Checks what every stored user must have, and makes {@code active} explicit (true unless the client said
   * otherwise) so the column and the JSON never disagree.
   */
  static ObjectNode validate(ObjectNode stored) {
    JsonNode userName = stored.get("userName");
    if (userName == null || userName.asText().isBlank()) {
      throw ScimException.invalidValue("'userName' is required");
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
