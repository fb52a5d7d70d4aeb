package dev.scimhub.scim.filter;

import com.unboundid.scim2.common.types.AttributeDefinition;
import dev.scimhub.scim.schema.AttributePath;
import dev.scimhub.scim.schema.ResourceType;
import java.util.List;
import java.util.stream.Collectors;

/**
 * SQL over the JSONB column that holds a resource, shared by the filter and sort translators. Keys come from the schema
 * (canonical names), never from the request, so they are safe as SQL literals.
 */
final class ResourceJson {

  private ResourceJson() {}

  /** The text at {@code keys}. */
  static String textAt(String column, List<String> keys) {
    return "(" + column + " #>> " + keyArray(keys) + ")";
  }

  /** The JSON at {@code keys}. */
  static String jsonAt(String column, List<String> keys) {
    return "(" + column + " #> " + keyArray(keys) + ")";
  }

  /** The JSON array of a multi-valued attribute. */
  static String arrayOf(String column, AttributePath path) {
    List<String> keys = path.urn() != null ? List.of(path.urn(), path.attribute().getName())
        : List.of(path.attribute().getName());
    return jsonAt(column, keys);
  }

  static String literal(String key) {
    return "'" + key.replace("'", "''") + "'";
  }

  /**
   * The sub-attribute a multi-valued attribute's values are compared or sorted by: the named one, else {@code value}
   * ("emails eq x" compares emails.value, RFC 7644 section 3.4.2.2); null for a multi-valued simple attribute.
   */
  static AttributeDefinition valueLeaf(AttributePath path) {
    if (path.sub() != null) {
      return path.sub();
    }
    return path.attribute().getType() == AttributeDefinition.Type.COMPLEX
        ? ResourceType.subAttribute(path.attribute(), "value")
        : null;
  }

  /**
   * The keys as a SQL text[] literal. They come from schemas (a tenant's custom URNs among them, which may not hold
   * quotes); escaped all the same, so that no key can end the literal.
   */
  private static String keyArray(List<String> keys) {
    return keys.stream().map(k -> "\"" + k.replace("\\", "\\\\").replace("\"", "\\\"").replace("'", "''") + "\"")
        .collect(Collectors.joining(",", "'{", "}'"));
  }
}
