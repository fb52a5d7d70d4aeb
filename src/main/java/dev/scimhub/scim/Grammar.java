package dev.scimhub.scim;

/** Checks of the SCIM grammar (RFC 7644 section 3.4.2.2 and 3.5.2) that the grammar library leaves out. */
public final class Grammar {

  private Grammar() {}

  /**
   * Whether every {@code [} of a value path is closed, outside quoted strings. The library's parsers accept
   * {@code emails[type eq "work"} as if it were closed, which would turn a typo into a change.
   */
  public static boolean bracketsClosed(String text) {
    int depth = 0;
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == '[') {
        depth++;
      } else if (!quoted && c == ']' && --depth < 0) {
        return false;
      }
    }
    return depth == 0 && !quoted;
  }
}
