package dev.scimhub.fuzz;

import static dev.scimhub.fuzz.JsonTrees.NODES;
import static dev.scimhub.fuzz.JsonTrees.maybe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimhub.fuzz.FuzzSchema.Attr;
import dev.scimhub.fuzz.FuzzSchema.Resource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Users and Groups as RFC 7643 defines them (sections 4.1, 4.2 and the enterprise extension, 4.3), generated from the
 * server's schemas: each attribute with a value of its type, complex ones with their sub-attributes, multi-valued ones
 * as lists, readOnly ones now and then (a client may send them and must not change them); member and manager values
 * name the tenant's seeded users through {@link Markers}. {@link #bodies} turns them into hostile bodies too.
 */
final class ResourceGen {

  private final Resource resource;
  private final Map<String, Arbitrary<JsonNode>> values = new HashMap<>();
  private final Arbitrary<ObjectNode> valid;
  private final Arbitrary<ObjectNode> valid11;
  private final Arbitrary<ObjectNode> partial;

  ResourceGen(Resource resource) {
    this.resource = resource;
    this.valid = Shared.of(representation(false));
    this.valid11 = Shared.of(representation(true));
    this.partial = Shared.of(makePartial());
  }

  Resource resource() {
    return resource;
  }

  /** A representation an identity provider could send to {@code /Users} or {@code /Groups}. */
  Arbitrary<ObjectNode> valid() {
    return valid;
  }

  /** POST and PUT bodies: valid representations, then hostile ones (see {@link JsonTrees#bodies}). */
  Arbitrary<String> bodies(boolean v1) {
    return JsonTrees.bodies(v1 ? valid11 : valid);
  }

  /** A partial representation, as a path-less PATCH value carries it: a few attributes, maybe an extension. */
  Arbitrary<ObjectNode> partial() {
    return partial;
  }

  private Arbitrary<ObjectNode> makePartial() {
    return Combinators.combine(attributes(resource.core(), 12, false), extension(false, 20))
        .as((core, extension) -> {
          ObjectNode out = core.deepCopy();
          extension.ifPresent(e -> out.set(resource.extensionUrn(), e));
          return out;
        });
  }

  private Arbitrary<ObjectNode> representation(boolean v1) {
    return Combinators.combine(schemas(v1), attributes(resource.core(), 30, true), extension(v1, 40),
            unknownAttributes())
        .as((schemas, core, extension, unknown) -> {
          ObjectNode out = NODES.objectNode();
          schemas.ifPresent(s -> out.set("schemas", s));
          out.setAll(core);
          extension.ifPresent(e -> out.set(v1 && resource.extensionAlias11() != null
              ? resource.extensionAlias11() : resource.extensionUrn(), e));
          unknown.forEach(out::set);
          return out;
        });
  }

  private Arbitrary<Optional<JsonNode>> schemas(boolean v1) {
    String core = v1 ? FuzzSchema.CORE_1 : resource.coreUrn();
    String extension = v1 && resource.extensionAlias11() != null ? resource.extensionAlias11()
        : resource.extensionUrn();
    Arbitrary<JsonNode> listed = Arbitraries.frequency(
        Tuple.of(6, urns(core)),
        Tuple.of(3, urns(core, extension)),
        Tuple.of(1, urns(core.toUpperCase(Locale.ROOT))),
        Tuple.of(1, urns(v1 ? resource.coreUrn() : FuzzSchema.CORE_1)),
        Tuple.of(1, urns("urn:example:unknown:1.0")),
        Tuple.of(1, urns()),
        Tuple.of(1, JsonTrees.text(core)));
    return maybe(listed, 90);
  }

  private static JsonNode urns(String... urns) {
    ArrayNode array = NODES.arrayNode();
    for (String urn : urns) {
      array.add(urn);
    }
    return array;
  }

  /** Some of {@code attrs}, each present with {@code percent} chance; the required one nearly always. */
  private Arbitrary<ObjectNode> attributes(List<Attr> attrs, int percent, boolean withRequired) {
    List<Arbitrary<Optional<Map.Entry<String, JsonNode>>>> members = new ArrayList<>();
    for (Attr attr : attrs) {
      boolean required = withRequired && (attr.name().equals("userName") || attr.name().equals("displayName")
          && !resource.isUser());
      boolean readOnly = attr.mutability().equals("readOnly");
      int chance = required ? 95 : readOnly ? 3 : percent;
      // Keys are mostly sent as the schema spells them, now and then in another case.
      Arbitrary<Map.Entry<String, JsonNode>> member = Combinators.combine(FilterGrammar.caseVariant(),
              attributeValue(attr, null))
          .as((variant, value) -> Map.entry(variant.apply(attr.name()), value));
      members.add(maybe(member, chance));
    }
    return Combinators.combine(members).as(entries -> {
      ObjectNode out = NODES.objectNode();
      entries.forEach(e -> e.ifPresent(entry -> out.set(entry.getKey(), entry.getValue())));
      return out;
    });
  }

  private Arbitrary<Optional<JsonNode>> extension(boolean v1, int percent) {
    if (resource.extension().isEmpty()) {
      return Arbitraries.just(Optional.empty());
    }
    Arbitrary<JsonNode> object = attributes(resource.extension(), 50, false).map(o -> o);
    Arbitrary<JsonNode> odd = Arbitraries.of(JsonTrees.raw("null"), JsonTrees.text("x"), JsonTrees.raw("[]"),
        JsonTrees.raw("[{\"department\":\"x\"}]"));
    return maybe(Arbitraries.frequencyOf(Tuple.of(12, object), Tuple.of(1, odd)), percent);
  }

  private static Arbitrary<Map<String, JsonNode>> unknownAttributes() {
    Arbitrary<Map<String, JsonNode>> some = Arbitraries.maps(JsonTrees.hostileKey(), JsonTrees.hostileValue())
        .ofMinSize(1).ofMaxSize(2);
    return Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.just(Map.of())), Tuple.of(1, some));
  }

  /** A value for {@code attr} (of {@code parent}, if it is a sub-attribute): a list for a multi-valued one. */
  Arbitrary<JsonNode> attributeValue(Attr attr, Attr parent) {
    return Shared.cached(values, "list " + key(attr, parent), () -> makeAttributeValue(attr, parent));
  }

  private static String key(Attr attr, Attr parent) {
    return (parent == null ? "" : parent.name() + ".") + attr.name();
  }

  private Arbitrary<JsonNode> makeAttributeValue(Attr attr, Attr parent) {
    Arbitrary<JsonNode> one = single(attr, parent);
    if (!attr.multiValued()) {
      return one;
    }
    Arbitrary<JsonNode> list = one.list().ofMinSize(0).ofMaxSize(3).map(values -> {
      ArrayNode array = NODES.arrayNode();
      values.forEach(array::add);
      return array;
    });
    return Arbitraries.frequencyOf(Tuple.of(9, list), Tuple.of(1, one));
  }

  /** One value of {@code attr}'s type (one element, for a multi-valued attribute). */
  Arbitrary<JsonNode> single(Attr attr, Attr parent) {
    return Shared.cached(values, "one " + key(attr, parent), () -> makeSingle(attr, parent));
  }

  private Arbitrary<JsonNode> makeSingle(Attr attr, Attr parent) {
    return switch (attr.type()) {
      case "boolean" -> Arbitraries.frequency(
          Tuple.of(8, JsonTrees.bool(true)), Tuple.of(8, JsonTrees.bool(false)),
          Tuple.of(1, JsonTrees.text("True")), Tuple.of(1, JsonTrees.text("false")));
      case "dateTime" -> Texts.dateTime().map(JsonTrees::text);
      case "complex" -> complex(attr);
      case "binary" -> Arbitraries.bytes().array(byte[].class).ofMaxSize(48)
          .map(bytes -> JsonTrees.text(Base64.getEncoder().encodeToString(bytes)));
      case "reference" -> Arbitraries.frequencyOf(
          Tuple.of(4, Texts.word().map(w -> JsonTrees.text("https://example.com/" + w))),
          Tuple.of(1, Texts.text().map(JsonTrees::text)));
      default -> string(attr, parent).map(JsonTrees::text);
    };
  }

  private Arbitrary<JsonNode> complex(Attr attr) {
    if (attr.name().equals("manager")) {
      // Microsoft Entra sends the manager's id alone; RFC 7643 a complex value.
      return Arbitraries.frequencyOf(
          Tuple.of(4, attributes(attr, 60)),
          Tuple.of(1, Markers.memberValue().map(JsonTrees::text)));
    }
    if (attr.name().equals("members")) {
      return Combinators.combine(Markers.memberValue(), maybe(Texts.plain(), 30), maybe(Arbitraries.of("User",
              "Group", "user", "x"), 10))
          .as((value, display, type) -> {
            ObjectNode member = NODES.objectNode().put("value", value);
            display.ifPresent(d -> member.put("display", d));
            type.ifPresent(t -> member.put("type", t));
            return (JsonNode) member;
          });
    }
    return attributes(attr, 50);
  }

  private Arbitrary<JsonNode> attributes(Attr complex, int percent) {
    List<Arbitrary<Optional<Map.Entry<String, JsonNode>>>> members = new ArrayList<>();
    for (Attr sub : complex.subAttributes()) {
      int chance = sub.name().equals("value") ? 85 : sub.mutability().equals("readOnly") ? 5 : percent;
      members.add(maybe(single(sub, complex).map(v -> Map.entry(sub.name(), v)), chance));
    }
    return Combinators.combine(members).as(entries -> {
      ObjectNode out = NODES.objectNode();
      entries.forEach(e -> e.ifPresent(entry -> out.set(entry.getKey(), entry.getValue())));
      return (JsonNode) out;
    });
  }

  private Arbitrary<String> string(Attr attr, Attr parent) {
    String name = attr.name();
    if (parent == null && (name.equals("userName") || name.equals("displayName") && !resource.isUser())) {
      // Unique per tenant, so mostly fresh; sometimes anything, which may clash or break a limit.
      Arbitrary<String> fresh = Arbitraries.longs().between(0, (1L << 48) - 1)
          .map(n -> "fz" + Long.toHexString(n) + (resource.isUser() ? "@example.com" : ""));
      return Arbitraries.frequencyOf(Tuple.of(6, fresh), Tuple.of(1, Texts.text()));
    }
    if (parent != null && name.equals("value")
        && (parent.name().equals("members") || parent.name().equals("manager") || parent.name().equals("groups"))) {
      return Markers.memberValue();
    }
    if (name.equals("id")) {
      return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(Markers.SELF)), Tuple.of(1, Markers.memberValue()));
    }
    if (!attr.canonicalValues().isEmpty()) {
      return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of(attr.canonicalValues())), Tuple.of(1, Texts.text()));
    }
    if (parent != null && parent.name().equals("emails") && name.equals("value")) {
      return Texts.email();
    }
    return Arbitraries.frequencyOf(Tuple.of(3, Texts.plain()), Tuple.of(1, Texts.text()));
  }
}
