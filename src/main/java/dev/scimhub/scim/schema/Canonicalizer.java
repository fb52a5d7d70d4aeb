package dev.scimhub.scim.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.types.AttributeDefinition.Mutability;
import com.unboundid.scim2.common.types.AttributeDefinition;
import dev.scimhub.scim.DateTimes;
import dev.scimhub.scim.ScimException;
import dev.scimhub.scim.ScimJson;
import dev.scimhub.scim.quirks.BooleanStrings;
import dev.scimhub.scim.quirks.EmptyStrings;
import dev.scimhub.scim.quirks.ManagerAsString;
import dev.scimhub.scim.quirks.Tolerance;
import dev.scimhub.scim.quirks.UnknownAttributes;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * Turns a client's representation into the stored form: attribute names in their canonical spelling (SCIM names are
 * case-insensitive), values checked against the schema's types, and what a client cannot write (readOnly and
 * writeOnly attributes, unknown attributes) left out. RFC 7643 section 2 and RFC 7644 section 3.3.
 */
public final class Canonicalizer {

  private Canonicalizer() {}

  /** The stored form of {@code input}; its {@code schemas} lists the core URN and each extension present. */
  public static ObjectNode canonicalize(ResourceType type, ObjectNode input, Tolerance tolerance) {
    ObjectNode out = ScimJson.object();
    ArrayNode schemas = out.putArray("schemas").add(type.coreUrn());
    Iterator<Map.Entry<String, JsonNode>> fields = input.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = field.getKey();
      if (key.equalsIgnoreCase("schemas")) {
        checkSchemas(type, field.getValue(), tolerance);
        continue;
      }
      String extension = type.extensionUrn(key);
      if (extension != null) {
        if (!field.getValue().isObject()) {
          if (field.getValue().isNull()) {
            continue;
          }
          throw ScimException.invalidSyntax("'" + key + "' must be a JSON object");
        }
        ObjectNode values = object(type.extensionAttributes(extension), (ObjectNode) field.getValue(), key, tolerance);
        if (!values.isEmpty()) {
          out.set(extension, values);
          schemas.add(extension);
        }
        continue;
      }
      AttributeDefinition attribute = type.attribute(null, key);
      if (attribute == null) {
        UnknownAttributes.attribute(key, tolerance);
        continue;
      }
      putValue(out, attribute, field.getValue(), key, tolerance);
    }
    return out;
  }

  private static void checkSchemas(ResourceType type, JsonNode schemas, Tolerance tolerance) {
    if (schemas == null || !schemas.isArray()) {
      return;
    }
    for (JsonNode urn : schemas) {
      if (!type.isCoreUrn(urn.asText()) && type.extensionUrn(urn.asText()) == null) {
        UnknownAttributes.schema(urn.asText(), tolerance);
      }
    }
  }

  /**
   * One attribute's value in stored form, as {@code {name: value}}; empty when the value is unassigned (null, an
   * empty list) or the attribute is not writable.
   */
  public static ObjectNode value(AttributeDefinition attribute, JsonNode value, String where, Tolerance tolerance) {
    ObjectNode out = ScimJson.object();
    putValue(out, attribute, value, where, tolerance);
    return out;
  }

  /** One value of a multi-valued attribute (one element of its list) in stored form, or null when unassigned. */
  public static JsonNode element(AttributeDefinition attribute, JsonNode value, String where, Tolerance tolerance) {
    return single(attribute, value, where, tolerance);
  }

  private static ObjectNode object(Collection<AttributeDefinition> attributes, ObjectNode input, String where,
      Tolerance tolerance) {
    ObjectNode out = ScimJson.object();
    Iterator<Map.Entry<String, JsonNode>> fields = input.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      AttributeDefinition attribute = ResourceType.find(attributes, field.getKey());
      if (attribute == null) {
        UnknownAttributes.attribute(where + "." + field.getKey(), tolerance);
        continue;
      }
      putValue(out, attribute, field.getValue(), where + "." + field.getKey(), tolerance);
    }
    return out;
  }

  private static void putValue(ObjectNode out, AttributeDefinition attribute, JsonNode value, String where,
      Tolerance tolerance) {
    if (!writable(attribute)) {
      return;
    }
    JsonNode canonical = attribute.isMultiValued() ? multiValue(attribute, value, where, tolerance)
        : single(attribute, value, where, tolerance);
    if (canonical != null) {
      out.set(attribute.getName(), canonical);
    }
  }

  /** Whether a client's value is kept: readOnly values are ignored on write, writeOnly ones are never stored. */
  private static boolean writable(AttributeDefinition attribute) {
    Mutability mutability = attribute.getMutability();
    return mutability != Mutability.READ_ONLY && mutability != Mutability.WRITE_ONLY;
  }

  private static JsonNode multiValue(AttributeDefinition attribute, JsonNode value, String where,
      Tolerance tolerance) {
    if (value == null || value.isNull()) {
      return null;
    }
    // A lone value where a list is expected is read as a list of one, as most servers do.
    ArrayNode in = value.isArray() ? (ArrayNode) value : ScimJson.nodes().arrayNode().add(value);
    ArrayNode out = ScimJson.nodes().arrayNode();
    for (JsonNode element : in) {
      JsonNode canonical = single(attribute, element, where, tolerance);
      if (canonical != null) {
        out.add(canonical);
      }
    }
    return out.isEmpty() ? null : out;
  }

  /** One value of the attribute's type, or {@code null} when unassigned. */
  static JsonNode single(AttributeDefinition attribute, JsonNode raw, String where, Tolerance tolerance) {
    JsonNode value = EmptyStrings.normalize(raw, where, tolerance);
    if (value == null || value.isNull()) {
      return null;
    }
    switch (attribute.getType()) {
      case COMPLEX -> {
        value = ManagerAsString.normalize(attribute, value, where, tolerance);
        if (!value.isObject()) {
          throw ScimException.invalidValue("'" + where + "' must be a JSON object");
        }
        ObjectNode out = object(attribute.getSubAttributes(), (ObjectNode) value, where, tolerance);
        return out.isEmpty() ? null : out;
      }
      case BOOLEAN -> {
        value = BooleanStrings.normalize(value, where, tolerance);
        if (!value.isBoolean()) {
          throw ScimException.invalidValue("'" + where + "' must be true or false");
        }
        return value;
      }
      case INTEGER -> {
        if (!value.isIntegralNumber()) {
          throw ScimException.invalidValue("'" + where + "' must be a whole number");
        }
        return value;
      }
      case DECIMAL -> {
        if (!value.isNumber()) {
          throw ScimException.invalidValue("'" + where + "' must be a number");
        }
        return value;
      }
      case DATETIME -> {
        if (!value.isTextual()) {
          throw ScimException.invalidValue("'" + where + "' must be an xsd:dateTime string");
        }
        if (DateTimes.parse(value.asText()) == null) {
          throw ScimException.invalidValue("'" + where + "' is not an xsd:dateTime: " + value.asText());
        }
        return value;
      }
      default -> {
        // string, reference, binary. A number or boolean where text is expected is kept as its text.
        if (value.isTextual()) {
          return value;
        }
        if (value.isNumber() || value.isBoolean()) {
          return ScimJson.nodes().textNode(value.asText());
        }
        throw ScimException.invalidValue("'" + where + "' must be a string");
      }
    }
  }
}
