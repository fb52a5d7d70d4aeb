package dev.scimhub.scim.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimhub.scim.ScimException;
import dev.scimhub.scim.ScimJson;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A tenant's custom schema document as a client sends it: an RFC 7643 section 7 schema ({@code id}, {@code name},
 * {@code description}, {@code attributes}) plus {@code resourceType} ({@code User}, the default, or {@code Group}).
 * {@link #check} refuses what could not be served (a bad name, type or URN, an attribute the platform schema already
 * has) with 400 {@code invalidValue}, and fills in each characteristic a client left out with the RFC's default, so
 * that a stored document says everything it means.
 */
public final class CustomSchema {

  public static final int MAX_SCHEMAS = 20;
  private static final int MAX_ATTRIBUTES = 100;
  private static final int MAX_CANONICAL = 100;
  private static final int MAX_NAME = 64;
  /** RFC 7643 section 2.1: ATTRNAME = ALPHA *(nameChar). */
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
  /** RFC 8141's characters, less quotes: a URN becomes a JSON key and a key of a SQL array literal. */
  private static final Pattern URN = Pattern.compile("urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:[A-Za-z0-9()+,.:=@;$_!*%/?#-]+");
  private static final Set<String> TYPES = Set.of("string", "boolean", "decimal", "integer", "dateTime", "reference",
      "binary", "complex");
  private static final Map<String, Set<String>> CHOICES = Map.of(
      "mutability", Set.of("readOnly", "readWrite", "immutable", "writeOnly"),
      "returned", Set.of("always", "never", "default", "request"),
      "uniqueness", Set.of("none", "server", "global"));
  private static final Set<String> COMMON = Set.of("id", "externalid", "meta", "schemas");

  private CustomSchema() {}

  /** The document to store, checked and completed; {@code urn} is the one of the request path. */
  public static ObjectNode check(Schemas platform, String urn, ObjectNode body) {
    String resourceType = body.path("resourceType").asText("User");
    if (!resourceType.equals("User") && !resourceType.equals("Group")) {
      throw ScimException.invalidValue("'resourceType' is 'User' or 'Group'");
    }
    if (urn == null || urn.length() > 200 || !URN.matcher(urn).matches()) {
      throw ScimException.invalidValue("A schema's id is a URN such as "
          + "urn:ietf:params:scim:schemas:extension:acme:2.0:User");
    }
    if (body.hasNonNull("id") && !body.get("id").asText().equals(urn)) {
      throw ScimException.invalidValue("The body's 'id' differs from the URN of the path");
    }
    String lower = urn.toLowerCase(Locale.ROOT);
    if (lower.startsWith("urn:ietf:params:scim:api:") || lower.equals(Schemas.OKTA_GROUP)
        || lower.startsWith("urn:scim:schemas:") || lower.startsWith("urn:okta:scim:schemas:")
        || lower.startsWith("urn:ietf:params:scim:schemas:core:2.0:") && !lower.equals(coreOf(resourceType))
        || lower.equals(Schemas.ENTERPRISE_USER.toLowerCase(Locale.ROOT)) && resourceType.equals("Group")) {
      throw ScimException.invalidValue("'" + urn + "' is not a URN a tenant may extend " + resourceType + " with");
    }
    Map<String, ObjectNode> platformSchemas = platform.platformSchemas(resourceType);
    ObjectNode existing = null;
    for (Map.Entry<String, ObjectNode> schema : platformSchemas.entrySet()) {
      if (schema.getKey().equalsIgnoreCase(urn)) {
        existing = schema.getValue();
        urn = schema.getKey();
      }
    }
    JsonNode attributes = body.get("attributes");
    if (attributes == null || !attributes.isArray() || attributes.isEmpty() || attributes.size() > MAX_ATTRIBUTES) {
      throw ScimException.invalidValue("A schema needs 'attributes': 1 to " + MAX_ATTRIBUTES + " definitions");
    }
    Set<String> taken = new HashSet<>();
    if (existing != null) {
      existing.path("attributes").forEach(a -> taken.add(a.path("name").asText().toLowerCase(Locale.ROOT)));
      if (existing.path("id").asText().equals(coreOf(resourceType))) {
        taken.addAll(COMMON);
      }
    }
    ObjectNode out = ScimJson.object();
    out.put("id", urn).put("resourceType", resourceType);
    out.put("name", text(body, "name", urn.substring(urn.lastIndexOf(':') + 1)));
    if (body.hasNonNull("description")) {
      out.put("description", text(body, "description", ""));
    }
    ArrayNode checked = out.putArray("attributes");
    for (JsonNode attribute : attributes) {
      checked.add(attribute(attribute, taken, urn, false, resourceType.equals("Group")));
    }
    return out;
  }

  private static String coreOf(String resourceType) {
    return (resourceType.equals("Group") ? Schemas.GROUP : Schemas.USER).toLowerCase(Locale.ROOT);
  }

  private static ObjectNode attribute(JsonNode attribute, Set<String> taken, String where, boolean sub,
      boolean group) {
    if (!attribute.isObject()) {
      throw ScimException.invalidValue("Each attribute definition is a JSON object");
    }
    String name = attribute.path("name").asText("");
    if (name.length() > MAX_NAME || !(NAME.matcher(name).matches() || sub && name.equals("$ref"))) {
      throw ScimException.invalidValue("'" + name + "' in " + where + " is not an attribute name (a letter, then"
          + " letters, digits, '_' or '-'; at most " + MAX_NAME + ")");
    }
    if (!taken.add(name.toLowerCase(Locale.ROOT))) {
      throw ScimException.invalidValue("'" + name + "' is defined twice in " + where
          + " (or the platform's schema has it already)");
    }
    String type = attribute.path("type").asText("string");
    if (!TYPES.contains(type)) {
      throw ScimException.invalidValue("'" + where + ":" + name + "' has type '" + type + "'; a type is one of "
          + TYPES);
    }
    ObjectNode out = ScimJson.object();
    out.put("name", name).put("type", type);
    out.put("multiValued", flag(attribute, "multiValued", false));
    out.put("description", text(attribute, "description", ""));
    out.put("required", flag(attribute, "required", false));
    out.put("caseExact", flag(attribute, "caseExact", false));
    if (group && !sub && !attribute.path("uniqueness").asText("none").equals("none")) {
      throw ScimException.invalidValue("'" + name + "': uniqueness is kept for User attributes only");
    }
    for (Map.Entry<String, Set<String>> choice : CHOICES.entrySet()) {
      String value = attribute.path(choice.getKey()).asText(switch (choice.getKey()) {
        case "mutability" -> "readWrite";
        case "returned" -> "default";
        default -> "none";
      });
      if (!choice.getValue().contains(value)) {
        throw ScimException.invalidValue("'" + where + ":" + name + "' has " + choice.getKey() + " '" + value
            + "'; it is one of " + choice.getValue());
      }
      out.put(choice.getKey(), value);
    }
    JsonNode canonical = attribute.get("canonicalValues");
    if (canonical != null && !canonical.isNull()) {
      if (!canonical.isArray() || canonical.size() > MAX_CANONICAL) {
        throw ScimException.invalidValue("'canonicalValues' of '" + name + "' is a list of at most " + MAX_CANONICAL
            + " strings");
      }
      ArrayNode values = out.putArray("canonicalValues");
      canonical.forEach(v -> values.add(v.asText()));
    }
    if (attribute.has("referenceTypes") && attribute.get("referenceTypes").isArray()) {
      out.set("referenceTypes", attribute.get("referenceTypes").deepCopy());
    } else if (type.equals("reference")) {
      out.putArray("referenceTypes").add("external");
    }
    JsonNode subAttributes = attribute.get("subAttributes");
    if (type.equals("complex")) {
      if (sub) {
        throw ScimException.invalidValue("'" + name + "': a complex attribute's sub-attributes are not complex");
      }
      if (subAttributes == null || !subAttributes.isArray() || subAttributes.isEmpty()) {
        throw ScimException.invalidValue("Complex attribute '" + name + "' needs 'subAttributes'");
      }
      Set<String> subNames = new HashSet<>();
      ArrayNode subs = out.putArray("subAttributes");
      for (JsonNode subAttribute : List.copyOf(toList(subAttributes))) {
        subs.add(attribute(subAttribute, subNames, where + ":" + name, true, group));
      }
    } else if (subAttributes != null && !subAttributes.isNull()) {
      throw ScimException.invalidValue("Only a complex attribute has 'subAttributes' ('" + name + "' is " + type + ")");
    }
    return out;
  }

  private static List<JsonNode> toList(JsonNode array) {
    List<JsonNode> list = new java.util.ArrayList<>();
    array.forEach(list::add);
    return list;
  }

  private static boolean flag(JsonNode attribute, String name, boolean fallback) {
    JsonNode value = attribute.get(name);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw ScimException.invalidValue("'" + name + "' is true or false");
    }
    return value.asBoolean();
  }

  private static String text(JsonNode node, String name, String fallback) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isTextual() || value.asText().length() > 1000) {
      throw ScimException.invalidValue("'" + name + "' is a string of at most 1000 characters");
    }
    return value.asText();
  }
}
