package dev.scimhub.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimhub.scim.schema.ResourceType;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Map;

/** The SCIM representation of a stored resource (RFC 7643 section 3): schemas, id, attributes, meta. */
public final class Representation {

  private Representation() {}

  /**
   * Attributes come in schema order (PostgreSQL's jsonb keeps its own key order, which reads badly); {@code derived}
   * adds server-computed attributes such as {@code groups}.
   */
  public static ObjectNode of(ResourceType type, StoredResource stored, String baseUrl, Map<String, JsonNode> derived) {
    if (stored.groups() != null && !stored.groups().isEmpty() && !derived.containsKey("groups")) {
      derived = new java.util.HashMap<>(derived);
      derived.put("groups", groups(stored.groups(), baseUrl));
    }
    ObjectNode attributes = stored.resource();
    ObjectNode out = ScimJson.object();
    JsonNode schemas = attributes.get("schemas");
    if (schemas != null) {
      out.set("schemas", schemas);
    } else {
      out.putArray("schemas").add(type.coreUrn());
    }
    out.put("id", stored.id().toString());
    for (String key : type.attributeOrder()) {
      JsonNode value = attributes.has(key) ? attributes.get(key) : derived.get(key);
      if (value != null) {
        out.set(key, value);
      }
    }
    Iterator<Map.Entry<String, JsonNode>> fields = attributes.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (!out.has(field.getKey())) {
        out.set(field.getKey(), field.getValue());
      }
    }
    ObjectNode meta = out.putObject("meta");
    meta.put("resourceType", type.name());
    meta.put("created", DateTimeFormatter.ISO_INSTANT.format(stored.created()));
    meta.put("lastModified", DateTimeFormatter.ISO_INSTANT.format(stored.lastModified()));
    meta.put("location", location(type, stored, baseUrl));
    meta.put("version", ETags.of(stored.version()));
    return out;
  }

  /** User.groups values (RFC 7643 section 4.1.2) from {@code [{value, display}]}: readOnly, direct memberships. */
  private static ArrayNode groups(ArrayNode memberships, String baseUrl) {
    ArrayNode groups = ScimJson.nodes().arrayNode();
    for (JsonNode membership : memberships) {
      String id = membership.path("value").asText();
      ObjectNode group = groups.addObject();
      group.put("value", id);
      group.put("$ref", baseUrl + "/Groups/" + id);
      group.set("display", membership.path("display"));
      group.put("type", "direct");
    }
    return groups;
  }

  public static String location(ResourceType type, StoredResource stored, String baseUrl) {
    return baseUrl + type.endpoint() + "/" + stored.id();
  }
}
