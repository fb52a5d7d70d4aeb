package dev.scimhub.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.types.AttributeDefinition;
import dev.scimhub.scim.schema.ResourceType;
import dev.scimhub.scim.schema.Schemas;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * SCIM 1.1, as Okta's "SCIM 1.1 Header Auth" apps speak it: schema {@code urn:scim:schemas:core:1.0}, the enterprise
 * extension as {@code urn:scim:schemas:extension:enterprise:1.0}, and PATCH as a partial resource — attributes
 * listed in {@code meta.attributes} are removed first, single values are replaced, values of multi-valued attributes
 * are added unless marked {@code "operation":"delete"}.
 */
public final class Scim11 implements Dialect {

  public static final Scim11 INSTANCE = new Scim11();

  private Scim11() {}

  @Override
  public ObjectNode representation(ResourceType type, ObjectNode resource) {
    ObjectNode out = ScimJson.object();
    ArrayNode schemas = out.putArray("schemas").add(Schemas.CORE_1);
    Iterator<Map.Entry<String, JsonNode>> fields = resource.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = field.getKey();
      if (key.equals("schemas")) {
        continue;
      }
      String extension = type.extensionUrn(key);
      if (extension != null) {
        String name = nameOf(type, extension);
        schemas.add(name);
        out.set(name, field.getValue());
      } else {
        out.set(key, field.getValue());
      }
    }
    return out;
  }

  @Override
  public ObjectNode listResponse(long total, int startIndex, List<ObjectNode> resources) {
    ObjectNode body = ScimJson.object();
    body.putArray("schemas").add(Schemas.CORE_1);
    body.put("totalResults", total);
    body.put("itemsPerPage", resources.size());
    body.put("startIndex", startIndex);
    ArrayNode array = body.putArray("Resources");
    resources.forEach(array::add);
    return body;
  }

  /** SCIM 1.1's error form beside the 2.0 members, so that clients of either version read it. */
  @Override
  public ObjectNode error(ObjectNode body, ScimException error) {
    body.putArray("Errors").addObject().put("description", error.detail()).put("code", String.valueOf(error.status()));
    return body;
  }

  @Override
  public ObjectNode patchRequest(ResourceType type, ObjectNode body) {
    if (ScimJson.field(body, "Operations") != null) {
      // A 2.0 PatchOp sent here means what it says; read as a 1.1 partial resource it would change nothing.
      return body;
    }
    List<ObjectNode> operations = new ArrayList<>();
    JsonNode meta = ScimJson.field(body, "meta");
    JsonNode removed = meta == null ? null : ScimJson.field(meta, "attributes");
    if (removed != null && removed.isArray()) {
      removed.forEach(name -> operations.add(op("remove", name.asText(), null)));
    }
    Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = field.getKey();
      if (key.equalsIgnoreCase("schemas") || key.equalsIgnoreCase("meta") || key.equalsIgnoreCase("id")) {
        continue;
      }
      AttributeDefinition attribute = type.extensionUrn(key) == null ? type.attribute(null, key) : null;
      if (attribute != null && attribute.isMultiValued() && field.getValue().isArray()) {
        multiValued(key, (ArrayNode) field.getValue(), operations);
      } else {
        // Extensions and unknown keys go path-less, where the schema (and the tenant's tolerance) judge them.
        ObjectNode value = ScimJson.object();
        value.set(key, field.getValue());
        operations.add(attribute != null ? op("replace", key, field.getValue()) : op("replace", null, value));
      }
    }
    ObjectNode patch = ScimJson.object();
    patch.putArray("schemas").add(Schemas.PATCH_OP);
    ArrayNode array = patch.putArray("Operations");
    operations.forEach(array::add);
    return patch;
  }

  private static void multiValued(String key, ArrayNode values, List<ObjectNode> operations) {
    ArrayNode added = ScimJson.nodes().arrayNode();
    for (JsonNode value : values) {
      JsonNode operation = value.isObject() ? ScimJson.field(value, "operation") : null;
      if (operation != null && operation.asText().equalsIgnoreCase("delete")) {
        JsonNode id = ScimJson.field(value, "value");
        if (id != null) {
          operations.add(op("remove", key + "[value eq " + ScimJson.string(id) + "]", null));
        }
      } else if (value.isObject()) {
        ObjectNode copy = ((ObjectNode) value).deepCopy();
        copy.remove(ScimJson.fieldName(copy, "operation"));
        added.add(copy);
      } else {
        added.add(value);
      }
    }
    if (!added.isEmpty()) {
      operations.add(op("add", key, added));
    }
  }

  /** The 1.1 name of a schema: its alias, or its own URN where 1.1 has no other name for it. */
  private static String nameOf(ResourceType type, String canonical) {
    for (Map.Entry<String, String> alias : type.aliases().entrySet()) {
      if (alias.getValue().equals(canonical)) {
        return alias.getKey();
      }
    }
    return canonical;
  }

  private static ObjectNode op(String op, String path, JsonNode value) {
    ObjectNode operation = ScimJson.object().put("op", op);
    if (path != null) {
      operation.put("path", path);
    }
    if (value != null) {
      operation.set("value", value);
    }
    return operation;
  }
}
