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

  private static final Pattern FORM = Pattern.compile(
      "([A-Za-z][\\w$-]*)\\[([^\\[\\]]*)\\]\\.([A-Za-z$][\\w$]*)(\\s+(?:(?i:eq|ne|co|sw|ew|gt|ge|lt|le)\\s+"
          + "(?:\"(?:[^\"\\\\]|\\\\.)*\"|[^\\s()\\[\\]]+)|\\s+(?i:pr)\\b))");

  private ValuePathComparison() {}

  public static String normalize(String filter, Tolerance tolerance) {
    if (!filter.contains("].")) {
      return filter; // the form needs "]." and nearly no filter has it: skip the regex on every lookup
    }
    Matcher matcher = FORM.matcher(filter);
    boolean found = false;
    while (!found && matcher.find()) {
      found = !FilterText.insideQuotes(filter, matcher.start());
    }
    if (!found) {
      return filter;
    }
    tolerance.tolerate("ValuePathComparison", "filter '" + filter + "'",
        what -> ScimException.invalidFilter("Invalid " + what + ": a value path cannot be followed by a sub-attribute"));
    StringBuilder out = new StringBuilder();
    matcher.reset();
    while (matcher.find()) {
      if (FilterText.insideQuotes(filter, matcher.start())) {
        continue;
      }
      String rewritten = matcher.group(1) + "[" + matcher.group(2) + " and " + matcher.group(3) + matcher.group(4) + "]";
      matcher.appendReplacement(out, Matcher.quoteReplacement(rewritten));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
