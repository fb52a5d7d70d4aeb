package dev.scimhub.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import com.unboundid.scim2.common.utils.JsonUtils;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The one Jackson mapper for SCIM bodies; the same configuration the SCIM grammar library uses. */
public final class ScimJson {

  // The library's mapper with Jackson's plain node factory: its case-insensitive nodes lower-cased every key on every
  // put and get, a fifth of the CPU of reading a user. Keys are canonical once Canonicalizer has seen a body, and
  // names from clients are matched through field()/fieldName().
  private static final ObjectMapper MAPPER = JsonUtils.createObjectMapper().setNodeFactory(JsonNodeFactory.instance);

  private ScimJson() {}

  public static JsonNodeFactory nodes() {
    return MAPPER.getNodeFactory();
  }

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** Parses a request body that must be a JSON object; anything else is a 400 {@code invalidSyntax}. */
  public static ObjectNode parseObject(byte[] body) {
    if (body == null || body.length == 0) {
      throw ScimException.invalidSyntax("The request body is empty; a JSON object is required");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(body);
    } catch (IOException e) {
      throw ScimException.invalidSyntax("The request body is not valid JSON: " + firstLine(e.getMessage()));
    }
    if (node == null || !node.isObject()) {
      throw ScimException.invalidSyntax("The request body must be a JSON object");
    }
    return (ObjectNode) node;
  }

  /** Parses JSON we produced ourselves (resource files); a failure is a bug, not bad input. */
  public static JsonNode parseTree(byte[] json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The top-level members of a JSON object the database produced, each value kept as its raw text. For a resource
   * that is only written out again: reading a user spent a fifth of its CPU parsing every value into nodes and
   * serializing them back unchanged. The values are not inspectable as nodes; anything that looks inside them (a
   * projection naming attributes, a PATCH, the SCIM 1.1 conversion) needs {@link #parseStored}.
   *
   * <p>A scan for member boundaries instead of a JSON parser: the text is PostgreSQL's rendering of a jsonb value, so
   * it is valid JSON, and only strings and nesting decide where a value ends. Jackson's tokenizer did the same job at
   * twice the cost. A key with an escape in it (never a canonical attribute name) is decoded by Jackson.
   */
  public static ObjectNode parseStoredVerbatim(String json) {
    ObjectNode object = object();
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
        key = parseTree(json.substring(i, keyEnd).getBytes(java.nio.charset.StandardCharsets.UTF_8)).asText();
      }
      i = skipWhitespace(json, skipWhitespace(json, keyEnd) + 1); // past the ':'
      int valueEnd = valueEnd(json, i);
      object.putRawValue(key, new RawValue(json.substring(i, valueEnd)));
      i = valueEnd;
    }
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

  /** Parses JSON the database produced. */
  public static ObjectNode parseStored(String json) {
    try {
      return (ObjectNode) MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String string(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A member of a SCIM message, found regardless of case (attribute names are case-insensitive); else null. */
  public static JsonNode field(JsonNode object, String name) {
    String key = fieldName(object, name);
    return key == null ? null : object.get(key);
  }

  /** The spelling {@code object} uses for the member {@code name}, or null if it has none. */
  public static String fieldName(JsonNode object, String name) {
    if (object == null || !object.isObject()) {
      return null;
    }
    if (object.has(name)) {
      return name;
    }
    var names = object.fieldNames();
    while (names.hasNext()) {
      String candidate = names.next();
      if (candidate.equalsIgnoreCase(name)) {
        return candidate;
      }
    }
    return null;
  }

  public static <T> T convert(JsonNode node, Class<T> type) throws JsonProcessingException {
    return MAPPER.treeToValue(node, type);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }
}
