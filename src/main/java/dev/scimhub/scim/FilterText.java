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

  /**
   * The value of the first {@code userName eq "…"} in {@code text} (names and operator in any case), escapes kept as
   * written; null when there is none. The request log files an Okta lookup under the userName it asked for.
   */
  public static String userNameEq(String text) {
    for (int at = indexOfIgnoreCase(text, "userName", 0); at >= 0; at = indexOfIgnoreCase(text, "userName", at + 1)) {
      int i = spaces(text, at + 8);
      if (i == at + 8 || !text.regionMatches(true, i, "eq", 0, 2)) {
        continue;
      }
      int quote = spaces(text, i + 2);
      if (quote == i + 2 || quote >= text.length() || text.charAt(quote) != '"') {
        continue;
      }
      int closing = closingQuote(text, quote);
      if (closing > 0) {
        return text.substring(quote + 1, closing);
      }
    }
    return null;
  }

  private static int spaces(String text, int from) {
    int i = from;
    while (i < text.length() && " \t\n\u000b\f\r".indexOf(text.charAt(i)) >= 0) {
      i++;
    }
    return i;
  }

  private static int indexOfIgnoreCase(String text, String word, int from) {
    for (int i = from; i + word.length() <= text.length(); i++) {
      if (text.regionMatches(true, i, word, 0, word.length())) {
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
