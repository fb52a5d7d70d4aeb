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

  /** An RFC 3339 date and time, or null when absent or blank; anything else is 400 {@code invalidValue}. */
  public static java.time.OffsetDateTime time(String value, String name) {
    String text = text(value);
    if (text == null) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      throw ScimException.invalidValue("'" + name + "' must be a date and time such as 2026-12-01T00:00:00Z");
    }
  }

  /** Whether {@code id} can be a tenant's id: 2–63 lowercase letters, digits and '-', not at either end. */
  public static boolean tenantId(String id) {
    return id != null && TENANT_ID.matcher(id).matches();
  }

  private static final java.util.regex.Pattern TENANT_ID =
      java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{0,61}[a-z0-9]");

  /** The value trimmed, or null when absent or blank. */
  public static String text(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
