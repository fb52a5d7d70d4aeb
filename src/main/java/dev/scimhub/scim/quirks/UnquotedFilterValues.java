package dev.scimhub.scim.quirks;

import dev.scimhub.scim.FilterText;
import dev.scimhub.scim.ScimException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Some clients send {@code userName eq jdoe}: a string comparison value without its quotes, which the RFC 7644
 * grammar reads as an invalid value. Outside quoted strings, a bare word after an operator that is not true, false,
 * null or a number is quoted.
 */
public final class UnquotedFilterValues {

  private static final Pattern BARE = Pattern.compile(
      "(\\s(?i:eq|ne|co|sw|ew|gt|ge|lt|le)\\s+)([^\\s\"()\\[\\]]+)(?=[\\s)\\]]|$)");
  private static final Pattern LITERAL = Pattern.compile("(?i:true|false|null)|-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");

  private UnquotedFilterValues() {}

  public static String normalize(String filter, Tolerance tolerance) {
    StringBuilder out = new StringBuilder();
    boolean changed = false;
    int i = 0;
    while (i < filter.length()) {
      int quote = FilterText.nextQuote(filter, i);
      String outside = filter.substring(i, quote);
      Matcher matcher = BARE.matcher(outside);
      StringBuilder rewritten = new StringBuilder();
      while (matcher.find()) {
        String value = matcher.group(2);
        String replacement = LITERAL.matcher(value).matches() ? matcher.group()
            : matcher.group(1) + "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        changed |= !replacement.equals(matcher.group());
        matcher.appendReplacement(rewritten, Matcher.quoteReplacement(replacement));
      }
      matcher.appendTail(rewritten);
      out.append(rewritten);
      int end = quote >= filter.length() ? quote : FilterText.quotedEnd(filter, quote);
      out.append(filter, quote, end);
      i = end;
    }
    if (!changed) {
      return filter;
    }
    tolerance.tolerate("UnquotedFilterValues", "filter '" + filter + "'",
        what -> ScimException.invalidFilter("Invalid " + what + ": string values must be quoted"));
    return out.toString();
  }
}
