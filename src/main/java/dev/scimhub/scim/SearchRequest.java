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
 *
 * @param cursor null for index paging; for cursor paging (RFC 9865), empty for the first page, else the
 *     {@code nextCursor} of the page before
 */
public record SearchRequest(String filter, String sortBy, boolean descending, Paging paging, String attributes,
    String excludedAttributes, String cursor) {

  public SearchRequest(String filter, String sortBy, boolean descending, Paging paging, String attributes,
      String excludedAttributes) {
    this(filter, sortBy, descending, paging, attributes, excludedAttributes, null);
  }

  /** Whether pages are asked for by cursor (RFC 9865) rather than by index. */
  public boolean cursorPaged() {
    return cursor != null;
  }

  /** From query parameters; {@code param} returns a parameter's value or null. */
  public static SearchRequest fromQuery(Function<String, String> param, int maxResults, Tolerance tolerance) {
    return new SearchRequest(
        filter(param.apply("filter"), tolerance),
        bounded(param.apply("sortBy")),
        descending(param.apply("sortOrder")),
        Paging.of(param.apply("startIndex"), param.apply("count"), maxResults),
        bounded(param.apply("attributes")),
        bounded(param.apply("excludedAttributes")),
        cursor(param.apply("cursor"), param.apply("startIndex")));
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
        list(body, "excludedAttributes"),
        cursor(ScimJson.field(body, "cursor") == null || ScimJson.field(body, "cursor").isNull() ? null
            : ScimJson.field(body, "cursor").asText(), text(body, "startIndex")));
  }

  /** The cursor as given (empty asks for the first page); a request names a cursor or a startIndex, not both. */
  private static String cursor(String cursor, String startIndex) {
    if (cursor == null) {
      return null;
    }
    if (startIndex != null && !startIndex.isBlank()) {
      throw ScimException.invalidValue("A request pages by 'cursor' or by 'startIndex', not both");
    }
    String trimmed = cursor.trim();
    if (trimmed.length() > InputLimits.MAX_FILTER_LENGTH) {
      throw ScimException.invalidCursor("This is not a cursor of this server: it is far too long");
    }
    return trimmed;
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
