package dev.scimhub.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * {@link StoredJson#verbatim} against Jackson on generated objects: keys (escapes and non-ASCII included), strings with
 * quotes, backslashes and control characters, numbers, nesting. Each member's raw text must parse to exactly the
 * value that was written, in the order written, whether the text has PostgreSQL's jsonb spacing or none; and the
 * object written back out must parse to the original.
 */
class StoredJsonTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Property(tries = 500)
  void membersKeepTheirValuesInPostgresLayout(@ForAll("objects") ObjectNode object) throws Exception {
    assertRoundTrip(object, postgresLayout(object));
  }

  @Property(tries = 500)
  void membersKeepTheirValuesInCompactLayout(@ForAll("objects") ObjectNode object) throws Exception {
    assertRoundTrip(object, MAPPER.writeValueAsString(object));
  }

  private static void assertRoundTrip(ObjectNode original, String text) throws JsonProcessingException {
    ObjectNode verbatim = StoredJson.verbatim(text);
    List<String> keys = new ArrayList<>();
    original.fieldNames().forEachRemaining(keys::add);
    List<String> read = new ArrayList<>();
    verbatim.fieldNames().forEachRemaining(read::add);
    assertEquals(keys, read, text);
    // Jackson's own reading of the same text is the reference (it reads 0.0000 as a double, as it would here too).
    assertEquals(MAPPER.readTree(text), MAPPER.readTree(MAPPER.writeValueAsString(verbatim)), text);
    for (String key : keys) {
      assertEquals(MAPPER.readTree(text).get(key), MAPPER.readTree(verbatim.get(key).toString()), key);
    }
  }

  /** jsonb's text form: {@code {"a": 1, "b": [1, 2]}}. */
  private static String postgresLayout(JsonNode node) throws JsonProcessingException {
    if (node.isObject()) {
      List<String> members = new ArrayList<>();
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        members.add(MAPPER.writeValueAsString(field.getKey()) + ": " + postgresLayout(field.getValue()));
      }
      return "{" + String.join(", ", members) + "}";
    }
    if (node.isArray()) {
      List<String> values = new ArrayList<>();
      for (JsonNode value : node) {
        values.add(postgresLayout(value));
      }
      return "[" + String.join(", ", values) + "]";
    }
    return MAPPER.writeValueAsString(node);
  }

  @Provide
  Arbitrary<ObjectNode> objects() {
    return objectOf(values(3));
  }

  private static Arbitrary<JsonNode> values(int depth) {
    Arbitrary<JsonNode> scalars = Arbitraries.oneOf(
        texts().map(NODES::textNode),
        Arbitraries.integers().map(i -> (JsonNode) NODES.numberNode(i)),
        Arbitraries.bigDecimals().between(new BigDecimal("-1e12"), new BigDecimal("1e12")).ofScale(4)
            .map(d -> (JsonNode) NODES.numberNode(d)),
        Arbitraries.of(true, false).map(b -> (JsonNode) NODES.booleanNode(b)),
        Arbitraries.just(NODES.nullNode()));
    if (depth == 0) {
      return scalars;
    }
    Arbitrary<JsonNode> arrays = values(depth - 1).list().ofMaxSize(4).map(list -> {
      ArrayNode array = NODES.arrayNode();
      list.forEach(array::add);
      return array;
    });
    Arbitrary<JsonNode> objects = objectOf(values(depth - 1)).map(o -> o);
    return Arbitraries.frequencyOf(Tuple.of(3, scalars), Tuple.of(1, arrays), Tuple.of(1, objects));
  }

  private static Arbitrary<ObjectNode> objectOf(Arbitrary<JsonNode> values) {
    return Arbitraries.maps(keys(), values).ofMaxSize(6).map(map -> {
      ObjectNode object = NODES.objectNode();
      map.forEach(object::set);
      return object;
    });
  }

  private static Arbitrary<String> keys() {
    return Arbitraries.oneOf(
        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12),
        texts().filter(key -> !key.isEmpty()));
  }

  /** Any characters, with the ones JSON escapes made likely. */
  private static Arbitrary<String> texts() {
    return Arbitraries.strings()
        .withCharRange('\u0000', '\u007f')
        .withChars('"', '\\', '/', '\n', '\t', '\u0001', 'é', '日', '{', '}', '[', ']', ',', ':')
        .ofMaxLength(16);
  }
}
