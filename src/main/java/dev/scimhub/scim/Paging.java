package dev.scimhub.scim;

/**
 * Index-based paging (RFC 7644 section 3.4.2.4): {@code startIndex} is 1-based and defaults to 1, {@code count}
 * defaults to 100 and is capped at the configured maximum; {@code count=0} asks only for {@code totalResults}.
 */
public record Paging(int startIndex, int count) {

  public static final int DEFAULT_COUNT = 100;

  public static Paging of(String startIndex, String count, int maxResults) {
    int start = parse(startIndex, "startIndex", 1);
    int size = parse(count, "count", Math.min(DEFAULT_COUNT, maxResults));
    // Values below range are interpreted, not rejected: "less than 1 SHALL be interpreted as 1", negative count as 0.
    return new Paging(Math.max(start, 1), Math.min(Math.max(size, 0), maxResults));
  }

  public long offset() {
    return startIndex - 1L;
  }

  private static int parse(String value, String name, int fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      long parsed = Long.parseLong(value.trim());
      return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, parsed));
    } catch (NumberFormatException e) {
      throw ScimException.invalidValue("'" + name + "' must be an integer, got '" + value + "'");
    }
  }
}
