package dev.scimhub.scim.quirks;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * OneLogin sends {@code ""} for attributes it has no value for. Tolerant: that is unset, so an empty title does not
 * overwrite nothing with nothing. Strict: an empty string is a valid value and is stored as sent.
 */
public final class EmptyStrings {

  private EmptyStrings() {}

  /** Whether setting {@code value} means removing the attribute: an empty string, when tolerant. */
  public static boolean meansRemoval(JsonNode value, Tolerance tolerance) {
    return value != null && value.isTextual() && value.asText().isEmpty() && !tolerance.strict();
  }

  /** {@code null} (unset) for an empty string when tolerant; the value otherwise. */
  public static JsonNode normalize(JsonNode value, String where, Tolerance tolerance) {
    if (value != null && value.isTextual() && value.asText().isEmpty() && !tolerance.strict()) {
      tolerance.tolerate("EmptyStrings", "'" + where + "': \"\" as unset", what -> null);
      return null;
    }
    return value;
  }
}
