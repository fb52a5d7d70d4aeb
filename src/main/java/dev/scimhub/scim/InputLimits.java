package dev.scimhub.scim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The documented limits on what a client may send, checked before anything is parsed further or reaches SQL, each
 * answered with a SCIM error: far above what any identity provider sends, low enough that no single request can
 * stall a server or break an index. README "Limits" lists them.
 */
public final class InputLimits {

  /** A filter or PATCH path, in characters. The grammar library's parser is quadratic in this. */
  public static final int MAX_FILTER_LENGTH = 8 * 1024;
  /** Nesting of parentheses and value filters in a filter. */
  public static final int MAX_FILTER_DEPTH = 32;
  /** Comparisons in one filter. */
  public static final int MAX_FILTER_TERMS = 256;
  /** Any string value in a body, in characters. */
  public static final int MAX_STRING_LENGTH = 16 * 1024;
  /** A value kept in an indexed column (userName, externalId, a group's displayName, emails), in characters. */
  public static final int MAX_INDEXED_LENGTH = 512;
  /** Nesting of objects and arrays in a JSON body. */
  public static final int MAX_JSON_DEPTH = 64;

  private InputLimits() {}

  /** Every string of a parsed body, keys included: no NUL, no lone surrogate, no string beyond the limit. */
  public static void checkStrings(JsonNode node) {
    if (node.isTextual()) {
      checkText(node.textValue(), "A string value");
    } else if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        checkText(field.getKey(), "An attribute name");
        checkStrings(field.getValue());
      }
    } else if (node.isArray()) {
      for (JsonNode element : node) {
        checkStrings(element);
      }
    }
  }

  /**
   * A filter's text, before it is parsed: its length, its nesting, and its characters. PATCH paths, which embed
   * filters, are checked the same way ({@code invalidPath} instead of {@code invalidFilter}).
   */
  public static void checkFilter(String filter, boolean path) {
    String what = path ? "PATCH path" : "filter";
    if (filter.length() > MAX_FILTER_LENGTH) {
      throw error(path, "The " + what + " is longer than " + MAX_FILTER_LENGTH + " characters");
    }
    // Its string values are JSON strings: an escaped NUL there is a NUL once the grammar library has read it.
    String bad = badCharacter(unescaped(filter));
    if (bad != null) {
      throw error(path, "The " + what + " contains " + bad);
    }
    if (FilterText.depth(filter) > MAX_FILTER_DEPTH) {
      throw error(path, "The " + what + " nests deeper than " + MAX_FILTER_DEPTH + " levels");
    }
  }

  /** A value for an indexed column: an index entry has a size limit, so a longer value is refused, not truncated. */
  public static String indexed(String attribute, String value) {
    if (value != null && value.length() > MAX_INDEXED_LENGTH) {
      throw ScimException.invalidValue("'" + attribute + "' is longer than " + MAX_INDEXED_LENGTH + " characters");
    }
    return value;
  }

  private static void checkText(String text, String what) {
    if (text.length() > MAX_STRING_LENGTH) {
      throw ScimException.invalidValue(what + " is longer than " + MAX_STRING_LENGTH + " characters");
    }
    String bad = badCharacter(text);
    if (bad != null) {
      throw ScimException.invalidValue(what + " contains " + bad);
    }
  }

  /** {@code text} with its JSON escapes (backslash-u and four hex digits, …) read as the characters they are. */
  private static String unescaped(String text) {
    if (text.indexOf('\\') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        char next = text.charAt(++i);
        if (next == 'u' && i + 4 < text.length() && hex(text, i + 1, i + 5)) {
          out.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
          i += 4;
        } else {
          out.append(next);
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean hex(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      if ("0123456789abcdefABCDEF".indexOf(text.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * What PostgreSQL cannot store, or would store altered: NUL (refused by text and jsonb), and a surrogate without its
   * pair (not a character; it would be replaced by '?' or refused as invalid UTF-8).
   */
  private static String badCharacter(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\u0000') {
        return "a NUL character (\\u0000), which cannot be stored";
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
          continue;
        }
        return "an unpaired surrogate (\\u" + Integer.toHexString(c) + "), which is not a character";
      }
      if (Character.isLowSurrogate(c)) {
        return "an unpaired surrogate (\\u" + Integer.toHexString(c) + "), which is not a character";
      }
    }
    return null;
  }

  private static ScimException error(boolean path, String detail) {
    return path ? ScimException.invalidPath(detail) : ScimException.invalidFilter(detail);
  }
}
