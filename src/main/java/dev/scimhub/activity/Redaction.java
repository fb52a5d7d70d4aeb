package dev.scimhub.activity;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What of a request may be stored: bodies without passwords, tokens or secrets, cut at the configured size; a query
 * and a path without a credential pasted into them. A body is redacted as JSON (every member named like a password,
 * secret or token, at any depth, and the value of a PATCH operation whose path is one), then cut; a body that is not
 * JSON is masked by pattern, as is all text, for a token that came without a name.
 */
final class Redaction {

  static final String MASK = "[redacted]";
  /** Trailing text after the JSON value is not ignored: a body with any is masked as text, all of it. */
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  /** Member names whose values are never stored (compared without case and without a schema URN before them). */
  private static final List<String> SECRET_WORDS = List.of("password", "secret", "token", "authorization", "apikey");
  /** What every {@link #CREDENTIAL} starts with: text without any of them needs no pattern scan. */
  private static final List<String> CREDENTIAL_STARTS = List.of("scimhub_", "eyJ", "whsec_");
  /** What every {@link #NAMED_SECRET} starts with, in lower case. */
  private static final List<String> NAMED_SECRET_WORDS = List.of("password", "secret", "token");
  /** An API token or a JWT, wherever it appears. */
  private static final Pattern CREDENTIAL =
      Pattern.compile("scimhub_[A-Za-z0-9_%-]+|eyJ[A-Za-z0-9_%-]{8,}(\\.[A-Za-z0-9_%-]*){0,2}|whsec_[A-Za-z0-9+/=_-]+");
  /**
   * In text that is not JSON (and in queries): a secret-like name followed by its value. It starts at the keyword,
   * with no open-ended prefix before it, so matching stays linear in the text's length.
   */
  private static final Pattern NAMED_SECRET = Pattern.compile(
      "(?i)((?:password|secret|token)[a-z]{0,20}\"?[ \\t]{0,20}(?::|=|[ \\t]eq[ \\t]|[ \\t]co[ \\t]|[ \\t]sw[ \\t])"
          + "[ \\t]{0,20})(\"(?:[^\"\\\\]|\\\\.){0,4096}\"|[^\\s,&}\"]{1,4096})");

  private Redaction() {}

  /**
   * A body as it may be stored: redacted, cut at {@code max} bytes (about), or null for none. {@code tree} is the body
   * already read as JSON (or null when it is not JSON or was not read); it is redacted in place, so the caller reads
   * what it needs from it first.
   */
  static String body(byte[] bytes, JsonNode tree, int max) {
    if (bytes == null || bytes.length == 0) {
      return null;
    }
    String text;
    try {
      JsonNode json = tree != null ? tree : JSON.readTree(bytes);
      // As JSON, the names were redacted in the tree: only credentials without a name are left to find.
      if (json == null) {
        text = masked(new String(bytes, StandardCharsets.UTF_8));
      } else {
        // Nothing named like a secret: the body is kept as it came, without writing the tree out again, unless it
        // has escapes, which could spell a credential the pattern would not see.
        String raw = new String(bytes, StandardCharsets.UTF_8);
        text = unnamed(redact(json) || raw.contains("\\u") ? JSON.writeValueAsString(json) : raw);
      }
    } catch (Exception notJson) {
      text = masked(new String(bytes, StandardCharsets.UTF_8));
    }
    return cut(text, max);
  }

  /** A body read as a JSON object, for the names in it, or null when it is not one. */
  static JsonNode object(byte[] body) {
    if (body == null || body.length == 0 || body[0] != '{') {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (Exception notJson) {
      return null;
    }
  }

  /** A query string or path as it may be stored. */
  static String text(String text) {
    return text == null ? null : masked(text);
  }

  private static String masked(String text) {
    if (!containsAny(text.toLowerCase(Locale.ROOT), NAMED_SECRET_WORDS)) {
      return unnamed(text);
    }
    String out = NAMED_SECRET.matcher(text).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(m.group(1)
        + "\"" + MASK + "\""));
    return unnamed(out);
  }

  private static String unnamed(String text) {
    if (!containsAny(text, CREDENTIAL_STARTS)) {
      return text;
    }
    return CREDENTIAL.matcher(text).replaceAll(MASK);
  }

  private static String cut(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    return text.substring(0, max) + "…[" + (text.length() - max) + " more characters not kept]";
  }

  /** Masks, in place, every member named like a secret; true when it masked one. */
  private static boolean redact(JsonNode node) {
    boolean masked = false;
    if (node instanceof ObjectNode object) {
      boolean secretPath = object.path("path").isTextual() && secretName(object.path("path").asText());
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (secretName(field.getKey()) || (secretPath && field.getKey().equalsIgnoreCase("value"))) {
          field.setValue(TextNode.valueOf(MASK));
          masked = true;
        } else {
          masked |= redact(field.getValue());
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (JsonNode element : array) {
        masked |= redact(element);
      }
    }
    return masked;
  }

  /** A member name or PATCH path that names a secret, with or without its schema URN. */
  private static boolean secretName(String name) {
    int colon = name.lastIndexOf(':');
    return containsAny((colon >= 0 ? name.substring(colon + 1) : name).toLowerCase(Locale.ROOT), SECRET_WORDS);
  }

  private static boolean containsAny(String text, List<String> words) {
    for (String word : words) {
      if (text.contains(word)) {
        return true;
      }
    }
    return false;
  }
}
