package dev.scimhub.scim;

/**
 * The one quote-aware scanner of SCIM filter and path text (RFC 7644 sections 3.4.2.2 and 3.5.2): where a quoted string
 * ends, whether a position is inside one, and the grammar check the library leaves out. The quirks that rewrite
 * filters use it so that a value which merely looks like a filter form is left alone.
 */
public final class FilterText {

  private FilterText() {}

  /**
   * The index of the quote that closes the string opened at {@code quote}, or -1 when it is unterminated. A backslash
   * escapes the character after it.
   */
  public static int closingQuote(String text, int quote) {
    for (int i = quote + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        return i;
      }
    }
    return -1;
  }

  /** The index just past the quoted string opened at {@code quote}; the end of the text when it is unterminated. */
  public static int quotedEnd(String text, int quote) {
    int closing = closingQuote(text, quote);
    return closing < 0 ? text.length() : closing + 1;
  }

  /** The index of the next opening quote at or after {@code from}, or the end of the text. */
  public static int nextQuote(String text, int from) {
    int quote = text.indexOf('"', from);
    return quote < 0 ? text.length() : quote;
  }

  /** Whether {@code index} falls inside a quoted string. */
  public static boolean insideQuotes(String text, int index) {
    int i = nextQuote(text, 0);
    while (i < index) {
      int end = quotedEnd(text, i);
      if (index < end) {
        return true;
      }
      i = nextQuote(text, end);
    }
    return false;
  }

  /** The deepest nesting of parentheses and brackets outside quoted strings. */
  public static int depth(String text) {
    int depth = 0;
    int deepest = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        i = quotedEnd(text, i) - 1;
      } else if (c == '(' || c == '[') {
        deepest = Math.max(deepest, ++depth);
      } else if (c == ')' || c == ']') {
        depth--;
      }
    }
    return deepest;
  }

  /**
   * Whether every {@code [} of a value path is closed, outside quoted strings, and every string is terminated. The
   * library's parsers accept {@code emails[type eq "work"} as if it were closed, which would turn a typo into a change.
   */
  public static boolean bracketsClosed(String text) {
    int depth = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        i = closingQuote(text, i);
        if (i < 0) {
          return false;
        }
      } else if (c == '[') {
        depth++;
      } else if (c == ']' && --depth < 0) {
        return false;
      }
    }
    return depth == 0;
  }
}
