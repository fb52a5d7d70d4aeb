package dev.scimhub.http;

import dev.scimhub.scim.ScimException;

/** Query parameters of the JSON APIs, read strictly: a value out of its range is 400 {@code invalidValue}. */
public final class QueryParams {

  private QueryParams() {}

  /** A whole number from {@code min} to {@code max}, or {@code fallback} when absent or blank. */
  public static long wholeNumber(String value, String name, long min, long max, long fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      long n = Long.parseLong(value.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // the error below
    }
    throw ScimException.invalidValue("'" + name + "' must be a whole number from " + min + " to " + max);
  }

  /** The value trimmed, or null when absent or blank. */
  public static String text(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
