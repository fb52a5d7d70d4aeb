package dev.scimhub.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.utils.JsonUtils;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The one Jackson mapper for SCIM bodies; the same configuration the SCIM grammar library uses. */
public final class ScimJson {

  // The library's mapper with Jackson's plain node factory: its case-insensitive nodes lower-cased every key on every
  // put and get, a fifth of the CPU of reading a user. Keys are canonical once Canonicalizer has seen a body, and
  // names from clients are matched through field()/fieldName().
  private static final ObjectMapper MAPPER = JsonUtils.createObjectMapper().setNodeFactory(JsonNodeFactory.instance);

  static {
    // A body nested deeper than any SCIM resource is refused by the parser, before it costs stack or memory.
    MAPPER.getFactory().setStreamReadConstraints(
        StreamReadConstraints.builder().maxNestingDepth(InputLimits.MAX_JSON_DEPTH).build());
  }

  private ScimJson() {}

  public static JsonNodeFactory nodes() {
    return MAPPER.getNodeFactory();
  }

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /**
   * Parses a request body that must be a JSON object; anything else is a 400 {@code invalidSyntax}, and a string
   * beyond {@link InputLimits} a 400 {@code invalidValue}.
   */
  public static ObjectNode parseObject(byte[] body) {
    ObjectNode node = parseObjectUnchecked(body);
    InputLimits.checkStrings(node);
    return node;
  }

  /**
   * {@link #parseObject} without the string limits, for a body whose own checks come first and name the member at
   * fault (a SearchRequest's over-long filter is {@code invalidFilter}); the caller applies the limits after them.
   */
  public static ObjectNode parseObjectUnchecked(byte[] body) {
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
    return ours(() -> MAPPER.readTree(json));
  }

  /** Parses JSON the database produced. */
  public static ObjectNode parseStored(String json) {
    return ours(() -> (ObjectNode) MAPPER.readTree(json));
  }

  public static byte[] bytes(JsonNode node) {
    return ours(() -> MAPPER.writeValueAsBytes(node));
  }

  public static String string(JsonNode node) {
    return ours(() -> MAPPER.writeValueAsString(node));
  }

  /** Jackson work on JSON that scimhub itself made or stored: an I/O error there is a bug, not a client's mistake. */
  private interface Ours<T> {
    T run() throws IOException;
  }

  private static <T> T ours(Ours<T> work) {
    try {
      return work.run();
    } catch (IOException e) {
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
