package dev.scimhub.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimhub.scim.quirks.Tolerance;
import dev.scimhub.scim.quirks.UnquotedFilterValues;
import dev.scimhub.scim.quirks.ValuePathComparison;
import dev.scimhub.scim.schema.Schemas;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A query (RFC 7644 section 3.4.2) from the query string of a GET or the body of {@code POST /.search}: the same
 * parameters either way.
 */
public record SearchRequest(String filter, String sortBy, boolean descending, Paging paging, String attributes,
    String excludedAttributes) {

  /** From query parameters; {@code param} returns a parameter's value or null. */
  public static SearchRequest fromQuery(Function<String, String> param, int maxResults, Tolerance tolerance) {
    return new SearchRequest(
        filter(param.apply("filter"), tolerance),
        bounded(param.apply("sortBy")),
        descending(param.apply("sortOrder")),
        Paging.of(param.apply("startIndex"), param.apply("count"), maxResults),
        bounded(param.apply("attributes")),
        bounded(param.apply("excludedAttributes")));
  }

  /** From a SearchRequest message (RFC 7644 section 3.4.3). */
  public static SearchRequest fromBody(ObjectNode body, int maxResults, Tolerance tolerance) {
    JsonNode schemas = ScimJson.field(body, "schemas");
    if (schemas != null && schemas.isArray() && schemas.size() > 0) {
      boolean named = false;
      for (JsonNode schema : schemas) {
        named |= Schemas.SEARCH_REQUEST.equals(schema.asText());
      }
      if (!named) {
        throw ScimException.invalidSyntax("A search request's 'schemas' must be [\"" + Schemas.SEARCH_REQUEST + "\"]");
      }
    }
    return new SearchRequest(
        filter(text(body, "filter"), tolerance),
        text(body, "sortBy"),
        descending(text(body, "sortOrder")),
        Paging.of(text(body, "startIndex"), text(body, "count"), maxResults),
        list(body, "attributes"),
        list(body, "excludedAttributes"));
  }

  /** The filter in RFC syntax: the dialects of known identity providers rewritten, or refused when strict. */
  private static String filter(String filter, Tolerance tolerance) {
    String f = blankToNull(filter);
    if (f == null) {
      return null;
    }
    InputLimits.checkFilter(f, false);
    return UnquotedFilterValues.normalize(ValuePathComparison.normalize(f, tolerance), tolerance);
  }

  private static boolean descending(String sortOrder) {
    if (sortOrder == null || sortOrder.isBlank() || sortOrder.equalsIgnoreCase("ascending")) {
      return false;
    }
    if (sortOrder.equalsIgnoreCase("descending")) {
      return true;
    }
    throw ScimException.invalidValue("'sortOrder' must be 'ascending' or 'descending'");
  }

  private static String text(ObjectNode body, String name) {
    JsonNode node = ScimJson.field(body, name);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isValueNode()) {
      throw ScimException.invalidSyntax("'" + name + "' must be a single value");
    }
    return blankToNull(node.asText());
  }

  /** {@code attributes} is a JSON array in a body; a comma-separated string is accepted too. */
  private static String list(ObjectNode body, String name) {
    JsonNode node = ScimJson.field(body, name);
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isTextual()) {
      return blankToNull(node.asText());
    }
    if (!node.isArray()) {
      throw ScimException.invalidSyntax("'" + name + "' must be an array of attribute names");
    }
    List<String> names = new ArrayList<>();
    node.forEach(n -> names.add(n.asText()));
    return names.isEmpty() ? null : String.join(",", names);
  }

  /** Every parameter other than the filter names attributes: as long as a filter at most. */
  private static String bounded(String value) {
    if (value != null && value.length() > InputLimits.MAX_FILTER_LENGTH) {
      throw ScimException.invalidValue("A query parameter is longer than " + InputLimits.MAX_FILTER_LENGTH
          + " characters");
    }
    return blankToNull(value);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
