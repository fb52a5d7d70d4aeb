package dev.scimhub.scim;

/** Weak entity tags from the resource's version (RFC 7644 section 3.14), and {@code If-Match} checks. */
public final class ETags {

  private ETags() {}

  public static String of(long version) {
    return "W/\"" + version + "\"";
  }

  /** Fails with 412 unless {@code If-Match} admits {@code version}. */
  public static void require(String ifMatch, long version) {
    if (!matches(ifMatch, version)) {
      throw ScimException.preconditionFailed(
          "If-Match " + ifMatch + " does not match the current version " + of(version));
    }
  }

  /**
   * Whether a GET with this {@code If-None-Match} is answered 304 Not Modified: the client already holds
   * {@code version} (or asks with {@code *}); never when the header is absent.
   */
  public static boolean notModified(String ifNoneMatch, long version) {
    return ifNoneMatch != null && !ifNoneMatch.isBlank() && matches(ifNoneMatch, version);
  }

  /**
   * Whether an {@code If-Match} header admits {@code version}: absent or {@code *} always does; otherwise one of the
   * listed tags must carry the same opaque value (weak comparison, so {@code W/} is ignored on both sides).
   */
  public static boolean matches(String ifMatch, long version) {
    if (ifMatch == null || ifMatch.isBlank()) {
      return true;
    }
    String expected = String.valueOf(version);
    for (String tag : ifMatch.split(",")) {
      String t = tag.trim();
      if (t.equals("*")) {
        return true;
      }
      if (t.startsWith("W/") || t.startsWith("w/")) {
        t = t.substring(2);
      }
      if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
        t = t.substring(1, t.length() - 1);
      }
      if (t.equals(expected)) {
        return true;
      }
    }
    return false;
  }
}
