package dev.scimhub.scim.quirks;

import dev.scimhub.scim.FilterText;
import dev.scimhub.scim.ScimException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Microsoft Entra ID filters with {@code emails[type eq "work"].value eq "x"}: a value path followed by a
 * sub-attribute, which the RFC 7644 filter grammar does not have. It means {@code emails[type eq "work" and value eq
 * "x"]}, and is rewritten so.
 */
public final class ValuePathComparison {

  /**
   * The form up to its comparison value: {@code attr[filter].sub op } or {@code attr[filter].sub pr}. The value is
   * found with {@link FilterText}, not by the pattern: a quoted value matched as {@code "(?:[^"\\]|\\.)*"} recursed
   * once per character, and a long one overflowed the stack (a 500).
   */
  private static final Pattern FORM = Pattern.compile(
      "([A-Za-z][\\w$-]*)\\[([^\\[\\]]*)\\]\\.([A-Za-z$][\\w$]*)(\\s+(?i:eq|ne|co|sw|ew|gt|ge|lt|le)\\s+|\\s+(?i:pr)\\b)");

  private ValuePathComparison() {}

  public static String normalize(String filter, Tolerance tolerance) {
    if (!filter.contains("].")) {
      return filter; // the form needs "]." and nearly no filter has it: skip the regex on every lookup
    }
    Matcher matcher = FORM.matcher(filter);
    boolean found = false;
    int from = 0;
    while (!found && matcher.find(from)) {
      found = !FilterText.insideQuotes(filter, matcher.start()) && valueEnd(filter, matcher) > 0;
      from = matcher.start() + 1;
    }
    if (!found) {
      return filter;
    }
    tolerance.tolerate("ValuePathComparison", "filter '" + filter + "'",
        what -> ScimException.invalidFilter("Invalid " + what + ": a value path cannot be followed by a sub-attribute"));
    StringBuilder out = new StringBuilder();
    int copied = 0;
    from = 0;
    while (from < filter.length() && matcher.find(from)) {
      int end = valueEnd(filter, matcher);
      if (FilterText.insideQuotes(filter, matcher.start()) || end < 0) {
        from = matcher.start() + 1;
        continue;
      }
      out.append(filter, copied, matcher.start()).append(matcher.group(1)).append('[').append(matcher.group(2))
          .append(" and ").append(matcher.group(3)).append(filter, matcher.start(4), end).append(']');
      copied = end;
      from = end;
    }
    return out.append(filter, copied, filter.length()).toString();
  }

  /**
   * Where the comparison of a match ends: after its quoted or bare value, or after {@code pr}; -1 when an operator
   * has no value.
   */
  private static int valueEnd(String filter, Matcher matcher) {
    int at = matcher.end();
    if (matcher.group(4).trim().equalsIgnoreCase("pr")) {
      return at;
    }
    if (at < filter.length() && filter.charAt(at) == '"') {
      return FilterText.quotedEnd(filter, at);
    }
    int end = at;
    while (end < filter.length() && !Character.isWhitespace(filter.charAt(end))
        && "()[]".indexOf(filter.charAt(end)) < 0) {
      end++;
    }
    return end > at ? end : -1;
  }
}
