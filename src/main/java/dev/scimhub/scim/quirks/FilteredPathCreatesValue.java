package dev.scimhub.scim.quirks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.filters.AndFilter;
import com.unboundid.scim2.common.filters.EqualFilter;
import com.unboundid.scim2.common.filters.Filter;
import dev.scimhub.scim.ScimException;
import dev.scimhub.scim.ScimJson;

/**
 * Microsoft Entra ID writes {@code emails[type eq "work"].value}, {@code addresses[type eq "work"].locality} or
 * {@code phoneNumbers[type eq "mobile"].value} before any such value exists. RFC 7644 section 3.5.2.3 answers a
 * filter that matches nothing with 400 {@code noTarget}; tolerant, we create the value the filter describes.
 */
public final class FilteredPathCreatesValue {

  private FilteredPathCreatesValue() {}

  /**
   * The new value for an unmatched {@code attribute[filter].sub}: the filter's {@code eq} tests as its sub-attributes,
   * plus {@code sub}. Only filters made of {@code eq} joined by {@code and} describe a value.
   */
  public static ObjectNode newValue(Filter filter, String sub, JsonNode value, String path, Tolerance tolerance) {
    tolerance.tolerate("FilteredPathCreatesValue", "'" + path + "' matched nothing; a value is created",
        what -> ScimException.noTarget("'" + path + "' matches no value"));
    ObjectNode created = ScimJson.object();
    describe(filter, created, path);
    created.set(sub, value);
    return created;
  }

  private static void describe(Filter filter, ObjectNode into, String path) {
    if (filter instanceof AndFilter and) {
      and.getCombinedFilters().forEach(f -> describe(f, into, path));
    } else if (filter instanceof EqualFilter eq && eq.getAttributePath().size() == 1) {
      into.set(eq.getAttributePath().getElement(0).getAttribute(), eq.getComparisonValue());
    } else {
      throw ScimException.noTarget("'" + path + "' matches no value, and its filter does not describe a new one");
    }
  }
}
