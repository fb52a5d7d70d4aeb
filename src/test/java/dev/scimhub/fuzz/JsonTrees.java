package dev.scimhub.fuzz;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * JSON for request bodies: hostile values of every type (numbers no parser can hold, nesting past the limit, strings
 * with NUL and lone surrogates, wrong types), edits of a valid tree that put them in place of its values or rename
 * its keys, and the rendering to text — every non-ASCII character escaped or not, so that lone surrogates reach the
 * server as {@code \ud800} escapes.
 */
final class JsonTrees {

  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectWriter PLAIN = MAPPER.writer();
  @SuppressWarnings("deprecation")
  private static final ObjectWriter ESCAPED = MAPPER.writer().with(JsonGenerator.Feature.ESCAPE_NON_ASCII);

  enum EditKind { REPLACE, RENAME, REMOVE, WRAP, ADD }

  /** One edit of a tree: at the {@code at}-th place (modulo the number of places), with a value or a key. */
  record TreeEdit(EditKind kind, int at, JsonNode value, String key) {}

  private static final Arbitrary<JsonNode> HOSTILE_VALUE = Shared.of(makeHostileValue());
  private static final Arbitrary<String> HOSTILE_KEY = Shared.of(makeHostileKey());
  private static final Arbitrary<List<TreeEdit>> EDITS = Shared.of(makeEdits());

  private JsonTrees() {}

  static JsonNode raw(String json) {
    return NODES.rawValueNode(new RawValue(json));
  }

  static JsonNode text(String text) {
    return NODES.textNode(text);
  }

  static JsonNode bool(boolean value) {
    return NODES.booleanNode(value);
  }

  /** A value that no attribute expects: any type, any size, any nesting. */
  static Arbitrary<JsonNode> hostileValue() {
    return HOSTILE_VALUE;
  }

  private static Arbitrary<JsonNode> makeHostileValue() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Texts.number().map(JsonTrees::raw)),
        Tuple.of(3, Texts.text().map(JsonTrees::text)),
        Tuple.of(2, Arbitraries.of(bool(true), bool(false), raw("null"), text(""), text("true"), text("False"),
            raw("[]"), raw("{}"))),
        Tuple.of(1, Combinators.combine(Arbitraries.integers().between(2, 80), Arbitraries.of("[]", "{}", "[1]"))
            .as(JsonTrees::nested)),
        Tuple.of(1, Arbitraries.just(raw("[1,\"a\",null,true,{},[],{\"value\":\"x\"}]"))),
        Tuple.of(1, Texts.text().map(t -> (JsonNode) NODES.objectNode().put("value", t))),
        Tuple.of(1, Texts.text().map(t -> (JsonNode) NODES.arrayNode().add(t).add(NODES.objectNode().put("value", t)))));
  }

  /** {@code depth} levels of arrays or objects around {@code innermost}. */
  static JsonNode nested(int depth, String innermost) {
    boolean objects = innermost.equals("{}");
    StringBuilder json = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      json.append(objects ? "{\"a\":" : "[");
    }
    json.append(innermost);
    for (int i = 0; i < depth; i++) {
      json.append(objects ? "}" : "]");
    }
    return raw(json.toString());
  }

  /** Keys a client should not send: other cases, unknown names, paths, empty, NUL, beyond the string limit. */
  static Arbitrary<String> hostileKey() {
    return HOSTILE_KEY;
  }

  private static Arbitrary<String> makeHostileKey() {
    return Arbitraries.frequencyOf(
        Tuple.of(12, Arbitraries.of("foo", "USERNAME", "DisplayName", "emails.value", "name.givenName", "", " ", "id",
            "meta", "schemas", "Schemas", "password", "groups", "members", "$ref", "urn:x:y", "\u0000", "\ud800",
            "urn:ietf:params:scim:schemas:core:2.0:User:userName", "urn:ietf:params:scim:schemas:core:2.0:User",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
            "urn:scim:schemas:extension:enterprise:1.0", "emails[type eq \"work\"].value", "operation")),
        Tuple.of(3, Texts.text()),
        Tuple.of(1, Arbitraries.just("k".repeat(16_385))));
  }

  static Arbitrary<List<TreeEdit>> edits() {
    return EDITS;
  }

  private static Arbitrary<List<TreeEdit>> makeEdits() {
    Arbitrary<TreeEdit> edit = Combinators.combine(
            Arbitraries.frequency(Tuple.of(5, EditKind.REPLACE), Tuple.of(2, EditKind.RENAME),
                Tuple.of(1, EditKind.REMOVE), Tuple.of(1, EditKind.WRAP), Tuple.of(2, EditKind.ADD)),
            Arbitraries.integers().between(0, 1 << 20),
            hostileValue(),
            hostileKey())
        .as(TreeEdit::new);
    return edit.list().ofMinSize(1).ofMaxSize(3);
  }

  /** A copy of {@code tree} with the edits applied; the root stays an object unless an edit wraps it. */
  static JsonNode apply(JsonNode tree, List<TreeEdit> edits) {
    JsonNode root = tree.deepCopy();
    for (TreeEdit edit : edits) {
      root = apply(root, edit);
    }
    return root;
  }

  /** A place in a tree: a member of an object or an element of an array. */
  private record Place(JsonNode container, String key, int index) {}

  private static JsonNode apply(JsonNode root, TreeEdit edit) {
    List<Place> places = new ArrayList<>();
    collect(root, places);
    if (edit.kind() == EditKind.ADD || places.isEmpty()) {
      List<ObjectNode> objects = new ArrayList<>();
      collectObjects(root, objects);
      if (objects.isEmpty()) {
        return root;
      }
      objects.get(edit.at() % objects.size()).set(edit.key(), edit.value().deepCopy());
      return root;
    }
    Place place = places.get(edit.at() % places.size());
    JsonNode current = place.key() != null ? place.container().get(place.key())
        : place.container().get(place.index());
    JsonNode replacement = switch (edit.kind()) {
      case REPLACE -> edit.value().deepCopy();
      case WRAP -> NODES.arrayNode().add(current);
      default -> null;
    };
    if (place.key() != null) {
      ObjectNode object = (ObjectNode) place.container();
      switch (edit.kind()) {
        case REMOVE -> object.remove(place.key());
        case RENAME -> object.set(edit.key(), object.remove(place.key()));
        default -> object.set(place.key(), replacement);
      }
    } else {
      ArrayNode array = (ArrayNode) place.container();
      switch (edit.kind()) {
        case REMOVE -> array.remove(place.index());
        case RENAME -> array.insert(place.index(), edit.value().deepCopy());
        default -> array.set(place.index(), replacement);
      }
    }
    return root;
  }

  private static void collect(JsonNode node, List<Place> places) {
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      List<String> keys = new ArrayList<>();
      while (fields.hasNext()) {
        keys.add(fields.next().getKey());
      }
      for (String key : keys) {
        places.add(new Place(node, key, -1));
        collect(node.get(key), places);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        places.add(new Place(node, null, i));
        collect(node.get(i), places);
      }
    }
  }

  private static void collectObjects(JsonNode node, List<ObjectNode> objects) {
    if (node.isObject()) {
      objects.add((ObjectNode) node);
    }
    node.forEach(child -> collectObjects(child, objects));
  }

  static String render(JsonNode tree, boolean escapeNonAscii) {
    try {
      return (escapeNonAscii ? ESCAPED : PLAIN).writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Bodies from valid trees: most as they are, some with hostile values in place, some edited as text, a few whole
   * bodies that are not objects or not JSON at all, and rarely one beyond the body limit.
   */
  static Arbitrary<String> bodies(Arbitrary<? extends JsonNode> valid) {
    Arbitrary<Boolean> escape = Arbitraries.of(false, false, true);
    Arbitrary<String> asIs = Combinators.combine(valid, escape).as(JsonTrees::render);
    Arbitrary<String> edited = Combinators.combine(valid, edits(), escape)
        .as((tree, edits, escaped) -> render(apply(tree, edits), escaped));
    return Arbitraries.frequencyOf(
        Tuple.of(560, asIs),
        Tuple.of(250, edited),
        Tuple.of(150, Mutations.mutated(asIs, Mutations.JSON_TOKENS)),
        Tuple.of(35, Arbitraries.of("", " ", "null", "[]", "[{}]", "\"text\"", "1", "true", "{", "}", "{}", "{}{}",
            "{\"a\":1} x", "\ufeff{}", "{\"userName\":\"a\",\"userName\":\"b\"}", "{'userName':'a'}",
            "{\"userName\":\"a\"", "{\"a\":\"\\u0000\"}", "{\"a\":\"\\ud800\"}", "{\"\\u0000\":1}", "{\"a\":01}",
            "{\"a\":NaN}", "{\"a\":.5}", "{\"a\":1e}", "{\"a\":\"\t\"}", "{/*c*/}", "{\"schemas\":null}")),
        Tuple.of(4, Arbitraries.integers().between(60, 200).map(depth -> render(
            NODES.objectNode().set("x", nested(depth, "[]")), false))),
        Tuple.of(1, Arbitraries.of(4 * 1024 * 1024 - 64, 4 * 1024 * 1024 + 64)
            .map(size -> "{\"x\":\"" + "a".repeat(size) + "\"}")));
  }

  /** {@code Optional.of(value)} {@code percent} of the time, else empty. */
  static <T> Arbitrary<Optional<T>> maybe(Arbitrary<T> value, int percent) {
    if (percent <= 0) {
      return Arbitraries.just(Optional.empty());
    }
    if (percent >= 100) {
      return value.map(Optional::of);
    }
    return Arbitraries.frequencyOf(
        Tuple.of(percent, value.map(Optional::of)),
        Tuple.of(100 - percent, Arbitraries.just(Optional.<T>empty())));
  }
}
