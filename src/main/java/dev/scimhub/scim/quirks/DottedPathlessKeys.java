package dev.scimhub.scim.quirks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimhub.scim.ScimException;
import dev.scimhub.scim.ScimJson;
import dev.scimhub.scim.schema.ResourceType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Microsoft Entra ID sends path-less operations whose value keys are paths, not attributes:
 * {@code {"op":"replace","value":{"name.givenName":"A","urn:…:enterprise:2.0:User:employeeNumber":"7"}}}. Each such key
 * becomes an operation of its own with that path; the rest stays path-less.
 */
public final class DottedPathlessKeys {

  private DottedPathlessKeys() {}

  /** The operation split so that every path-like key has its own operation; the operation itself if none. */
  public static List<ObjectNode> split(ResourceType type, String op, ObjectNode value, Tolerance tolerance) {
    List<ObjectNode> pathed = new ArrayList<>();
    ObjectNode rest = ScimJson.object();
    Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = field.getKey();
      if (isPath(type, key)) {
        tolerance.tolerate("DottedPathlessKeys", "path-less key '" + key + "' as a path",
            what -> ScimException.invalidSyntax("'" + key + "' is not an attribute; name it as a 'path'"));
        ObjectNode single = ScimJson.object().put("op", op).put("path", key);
        single.set("value", field.getValue());
        pathed.add(single);
      } else {
        rest.set(key, field.getValue());
      }
    }
    if (pathed.isEmpty()) {
      return List.of();
    }
    if (!rest.isEmpty()) {
      ObjectNode remaining = ScimJson.object().put("op", op);
      remaining.set("value", rest);
      pathed.add(0, remaining);
    }
    return pathed;
  }

  /** A known schema's URN followed by an attribute, or a dotted name; an unknown URN is an unknown attribute. */
  private static boolean isPath(ResourceType type, String key) {
    if (key.regionMatches(true, 0, "urn:", 0, 4)) {
      int colon = key.lastIndexOf(':');
      String urn = key.substring(0, colon);
      return type.extensionUrn(key) == null && !type.isCoreUrn(key)
          && (type.extensionUrn(urn) != null || type.isCoreUrn(urn));
    }
    return key.contains(".");
  }
}
