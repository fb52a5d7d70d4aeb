package dev.scimhub.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.UncheckedIOException;

/** Reading the JSON text of a stored {@code jsonb} resource without parsing what is only to be written out again. */
public final class StoredJson {

  /** Only for the rare key with an escape in it. */
  private static final ObjectMapper KEYS = new ObjectMapper();

  private StoredJson() {}

  /**
   * The top-level members of a JSON object the database produced, each value kept as its raw text. For a resource
   * that is only written out again: reading a user spent a fifth of its CPU parsing every value into nodes and
   * serializing them back unchanged. The values are not inspectable as nodes; anything that looks inside them (a
   * projection naming attributes, a PATCH, the SCIM 1.1 conversion) needs a parsed tree.
   *
   * <p>A scan for member boundaries instead of a JSON parser: the text is PostgreSQL's rendering of a jsonb value, so
   * it is valid JSON, and only strings and nesting decide where a value ends. Jackson's tokenizer did the same job at
   * twice the cost. A key with an escape in it (never a canonical attribute name) is decoded by Jackson. Complex
   * values are written compact ({@link #compact}).
   */
  public static ObjectNode verbatim(String json) {
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    int i = skipWhitespace(json, 0);
    if (i >= json.length() || json.charAt(i) != '{') {
      throw new IllegalStateException("a stored resource must be a JSON object");
    }
    i++;
    while (true) {
      i = skipWhitespace(json, i);
      char c = json.charAt(i);
      if (c == '}') {
        return object;
      }
      if (c == ',') {
        i++;
        continue;
      }
      int keyEnd = stringEnd(json, i);
      String key = json.substring(i + 1, keyEnd - 1);
      if (key.indexOf('\\') >= 0) {
        key = decodeKey(json.substring(i, keyEnd));
      }
      i = skipWhitespace(json, skipWhitespace(json, keyEnd) + 1); // past the ':'
      int valueEnd = valueEnd(json, i);
      object.putRawValue(key, new RawValue(compact(json, i, valueEnd)));
      i = valueEnd;
    }
  }

  /**
   * The value's text without the spaces PostgreSQL puts after its commas and colons, so that a read is as compact as
   * the body of the write that stored it. Whitespace inside strings is kept; a value without any is not copied.
   */
  static String compact(String json, int start, int end) {
    char first = json.charAt(start);
    if (first != '{' && first != '[') {
      return json.substring(start, end);
    }
    StringBuilder out = null;
    int copied = start;
    for (int j = start; j < end; j++) {
      char c = json.charAt(j);
      if (c == '"') {
        j = stringEnd(json, j) - 1;
      } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        if (out == null) {
          out = new StringBuilder(end - start);
        }
        out.append(json, copied, j);
        copied = j + 1;
      }
    }
    if (out == null) {
      return json.substring(start, end);
    }
    return out.append(json, copied, end).toString();
  }

  private static int skipWhitespace(String json, int i) {
    while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
      i++;
    }
    return i;
  }

  /** The index just past the string whose opening quote is at {@code i}. */
  private static int stringEnd(String json, int i) {
    for (int j = i + 1; j < json.length(); j++) {
      char c = json.charAt(j);
      if (c == '\\') {
        j++;
      } else if (c == '"') {
        return j + 1;
      }
    }
    throw new IllegalStateException("unterminated string in a stored resource");
  }

  /** The index just past the value starting at {@code i}. */
  private static int valueEnd(String json, int i) {
    char first = json.charAt(i);
    if (first == '"') {
      return stringEnd(json, i);
    }
    if (first != '{' && first != '[') {
      int j = i;
      while (j < json.length() && ",}] \t\r\n".indexOf(json.charAt(j)) < 0) {
        j++;
      }
      return j;
    }
    int depth = 0;
    for (int j = i; j < json.length(); j++) {
      char c = json.charAt(j);
      if (c == '"') {
        j = stringEnd(json, j) - 1;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if ((c == '}' || c == ']') && --depth == 0) {
        return j + 1;
      }
    }
    throw new IllegalStateException("unterminated value in a stored resource");
  }

  private static String decodeKey(String quoted) {
    try {
      return KEYS.readTree(quoted).asText();
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
