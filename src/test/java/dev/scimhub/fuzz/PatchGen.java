package dev.scimhub.fuzz;

import static dev.scimhub.fuzz.JsonTrees.NODES;
import static dev.scimhub.fuzz.JsonTrees.maybe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimhub.fuzz.FuzzSchema.Attr;
import dev.scimhub.fuzz.FuzzSchema.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * PATCH bodies (RFC 7644 section 3.5.2): PatchOp messages whose operations add, replace or remove along paths of the
 * grammar
 *
 * <pre>
 * PATH = attrPath / valuePath [subAttr]
 * </pre>
 *
 * into core attributes, sub-attributes, filtered values ({@code emails[type eq "work"].value}), the extension
 * ({@code urn:…:enterprise:2.0:User:manager.value}, the URN alone) and a group's {@code members}; with values of the
 * target's type or of any other, path-less operations with partial resources (Microsoft Entra's dotted keys, Okta's
 * rename with the group's own id), op names in any case or unknown, and {@code path} or {@code value} left out. For
 * SCIM 1.1, the partial resources with {@code meta.attributes} and {@code "operation":"delete"} that 1.1 uses.
 */
final class PatchGen {

  /** A path as sent, and what it names (null where it names nothing the schema has). */
  private record Target(String path, Attr attr, Attr sub, boolean filtered) {}

  private static final List<String> ODD_PATHS = List.of(
      "id", "meta", "meta.created", "meta.version", "schemas", "groups", "groups.value", "password", "foo", "name.foo",
      "emails.foo", "emails[", "emails]", "emails[]", "emails[type eq \"work\"", "emails[type eq \"work\"]]",
      "emails[type eq \"work\"].value.value", "emails.value[type eq \"work\"]", "name[givenName eq \"x\"].givenName",
      "urn:", "urn:ietf:params:scim:schemas:core:2.0:User:", "urn:unknown:1.0:attr", ".", "..", ":", "[", "]",
      "members.value", "members[value eq \"@@U0@@\"].display", "members[display eq \"x\"]", "members[value pr]",
      "members[value eq \"@@U0@@\" and value eq \"@@U1@@\"]", "members[not (value eq \"@@U0@@\")]",
      "members[value eq []]", "members[value eq {}]", "members[value eq 5]", "emails[value eq []]",
      "emails[type eq []].value", "emails[value eq {\"a\":1}]", "userName[value eq \"x\"]", "members[value eq \"\\u0000\"]",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager[value eq \"x\"]",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.displayName",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:foo",
      "urn:scim:schemas:extension:enterprise:1.0:department");

  private final Resource resource;
  private final ResourceGen values;
  private final FilterGrammar filters;

  PatchGen(ResourceGen values, FilterGrammar filters) {
    this.resource = values.resource();
    this.values = values;
    this.filters = filters;
  }

  /** PATCH bodies for the 2.0 base URL; for 1.1 its partial resources too. */
  Arbitrary<String> bodies(boolean v1) {
    Arbitrary<JsonNode> messages = v1
        ? Arbitraries.frequencyOf(Tuple.of(3, patchOp()), Tuple.of(2, partial11()))
        : patchOp();
    return JsonTrees.bodies(messages);
  }

  private Arbitrary<JsonNode> patchOp() {
    Arbitrary<JsonNode> operations = operation().list().ofMinSize(1).ofMaxSize(3).map(list -> {
      ArrayNode array = NODES.arrayNode();
      list.forEach(array::add);
      return (JsonNode) array;
    });
    Arbitrary<JsonNode> oddOperations = Arbitraries.of(JsonTrees.raw("[]"), JsonTrees.raw("{}"), JsonTrees.raw("null"),
        JsonTrees.text("add"), JsonTrees.raw("[[]]"), JsonTrees.raw("[null]"), JsonTrees.raw("[\"add\"]"));
    Arbitrary<String> operationsKey = Arbitraries.frequency(Tuple.of(60, "Operations"), Tuple.of(2, "operations"),
        Tuple.of(1, "OPERATIONS"), Tuple.of(1, "Operation"));
    Arbitrary<Optional<JsonNode>> schemas = Arbitraries.frequency(
        Tuple.of(50, Optional.of(urns(FuzzSchema.PATCH_OP))),
        Tuple.of(3, Optional.<JsonNode>empty()),
        Tuple.of(1, Optional.of(urns("urn:ietf:params:scim:api:messages:2.0:patchop"))),
        Tuple.of(1, Optional.of(urns(resource.coreUrn()))),
        Tuple.of(1, Optional.of(urns())),
        Tuple.of(1, Optional.of(JsonTrees.text(FuzzSchema.PATCH_OP))));
    return Combinators.combine(schemas, operationsKey,
            Arbitraries.frequencyOf(Tuple.of(50, operations), Tuple.of(1, oddOperations)))
        .as((schema, key, ops) -> {
          ObjectNode body = NODES.objectNode();
          schema.ifPresent(s -> body.set("schemas", s));
          body.set(key, ops);
          return (JsonNode) body;
        });
  }

  private static JsonNode urns(String... urns) {
    ArrayNode array = NODES.arrayNode();
    for (String urn : urns) {
      array.add(urn);
    }
    return array;
  }

  /** One operation: along a path (mostly), or path-less with a partial resource. */
  private Arbitrary<JsonNode> operation() {
    Arbitrary<JsonNode> pathed = targets().flatMap(target -> Combinators.combine(opName(), memberNames(),
            pathText(target), maybe(value(target), 88))
        .as((op, names, path, value) -> {
          ObjectNode operation = NODES.objectNode().put(names[0], op).put(names[1], path);
          value.ifPresent(v -> operation.set(names[2], v));
          return (JsonNode) operation;
        }));
    // A path-less remove is an error of its own (noTarget); mostly, path-less operations add or replace.
    Arbitrary<String> pathlessOp = Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.of("add", "replace")),
        Tuple.of(1, opName()));
    Arbitrary<JsonNode> pathless = Combinators.combine(pathlessOp, memberNames(), pathlessValue(),
            Arbitraries.frequency(Tuple.of(12, Optional.<JsonNode>empty()), Tuple.of(1, Optional.of(JsonTrees.raw(
                "null"))), Tuple.of(1, Optional.of(JsonTrees.text(""))), Tuple.of(1, Optional.of(JsonTrees.text(" ")))))
        .as((op, names, value, path) -> {
          ObjectNode operation = NODES.objectNode().put(names[0], op);
          path.ifPresent(p -> operation.set(names[1], p));
          operation.set(names[2], value);
          return (JsonNode) operation;
        });
    return Arbitraries.frequencyOf(Tuple.of(7, pathed), Tuple.of(3, pathless));
  }

  /** The names of an operation's members: as RFC 7644 spells them, or in another case. */
  private static Arbitrary<String[]> memberNames() {
    return Arbitraries.frequency(
        Tuple.of(30, new String[] {"op", "path", "value"}),
        Tuple.of(1, new String[] {"Op", "Path", "Value"}),
        Tuple.of(1, new String[] {"OP", "PATH", "VALUE"}));
  }

  private static Arbitrary<String> opName() {
    return Arbitraries.frequencyOf(
        Tuple.of(24, Arbitraries.of("add", "replace", "remove")),
        Tuple.of(4, Arbitraries.of("Add", "Replace", "Remove", "ADD", "REPLACE", "REMOVE", "rEmOvE")),
        Tuple.of(1, Arbitraries.of("delete", "move", "copy", "test", "", " add", "add ", "ad", "Removee", "\u0000",
            "add\u0000", "ＡＤＤ", "İadd")));
  }

  /** The path's text: as made, or edited into a near miss. */
  private static Arbitrary<String> pathText(Target target) {
    return Mutations.of(Arbitraries.just(target.path()), Mutations.FILTER_TOKENS, 12);
  }

  // ---- paths

  private Arbitrary<Target> targets() {
    List<Tuple.Tuple2<Integer, Arbitrary<Target>>> choices = new ArrayList<>();
    choices.add(Tuple.of(10, attributeTargets(resource.core(), "")));
    if (!resource.extension().isEmpty()) {
      choices.add(Tuple.of(4, Arbitraries.frequencyOf(
          Tuple.of(10, Arbitraries.just(resource.extensionUrn() + ":")),
          Tuple.of(1, Arbitraries.just(resource.extensionUrn().toLowerCase(java.util.Locale.ROOT) + ":")),
          Tuple.of(1, Arbitraries.just("")))
          .flatMap(prefix -> attributeTargets(resource.extension(), prefix))));
      choices.add(Tuple.of(1, Arbitraries.of(resource.extensionUrn(), resource.extensionUrn() + ":")
          .map(urn -> new Target(urn, null, null, false))));
    }
    choices.add(Tuple.of(1, Arbitraries.just(resource.coreUrn() + ":")
        .flatMap(prefix -> attributeTargets(resource.core(), prefix))));
    choices.add(Tuple.of(2, Arbitraries.of(ODD_PATHS).map(path -> new Target(path, null, null, false))));
    return Arbitraries.frequencyOf(choices);
  }

  private Arbitrary<Target> attributeTargets(List<Attr> attrs, String prefix) {
    return Arbitraries.of(attrs).flatMap(attr -> {
      Arbitrary<Target> whole = FilterGrammar.caseVariant()
          .map(variant -> new Target(prefix + variant.apply(attr.name()), attr, null, false));
      if (!attr.complex() || attr.subAttributes().isEmpty()) {
        return whole;
      }
      Arbitrary<Target> sub = Arbitraries.of(attr.subAttributes())
          .map(s -> new Target(prefix + attr.name() + "." + s.name(), attr, s, false));
      if (!attr.multiValued()) {
        return Arbitraries.frequencyOf(Tuple.of(2, whole), Tuple.of(3, sub));
      }
      Arbitrary<String> filter = filters.valueFilter(attr);
      Arbitrary<Target> filtered = filter.map(f -> new Target(prefix + attr.name() + "[" + f + "]", attr, null, true));
      Arbitrary<Target> filteredSub = Combinators.combine(filter, Arbitraries.of(attr.subAttributes()))
          .as((f, s) -> new Target(prefix + attr.name() + "[" + f + "]." + s.name(), attr, s, true));
      return Arbitraries.frequencyOf(Tuple.of(3, whole), Tuple.of(1, sub), Tuple.of(2, filtered),
          Tuple.of(3, filteredSub));
    });
  }

  // ---- values

  /** A value for the target: mostly of its type (a list for a whole multi-valued attribute), sometimes anything. */
  private Arbitrary<JsonNode> value(Target target) {
    Arbitrary<JsonNode> right;
    if (target.attr() == null) {
      right = Arbitraries.frequencyOf(Tuple.of(2, values.partial().map(p -> (JsonNode) p)),
          Tuple.of(1, Markers.memberValue().map(JsonTrees::text)),
          Tuple.of(1, Markers.memberValue().map(v -> (JsonNode) NODES.arrayNode().add(NODES.objectNode().put("value",
              v)))));
    } else if (target.sub() != null) {
      right = values.single(target.sub(), target.attr());
    } else if (target.filtered()) {
      right = values.single(target.attr(), null);
    } else {
      right = values.attributeValue(target.attr(), null);
    }
    return Arbitraries.frequencyOf(
        Tuple.of(20, right),
        Tuple.of(3, JsonTrees.hostileValue()),
        Tuple.of(1, Arbitraries.just(JsonTrees.text(""))));
  }

  /**
   * A path-less value: a partial resource, with Microsoft Entra's path-like keys, Okta's own id of the group, or its
   * members.
   */
  private Arbitrary<JsonNode> pathlessValue() {
    Arbitrary<JsonNode> partial = Combinators.combine(values.partial(), maybe(entraKeys(), 25),
            maybe(Arbitraries.of(Markers.SELF, Markers.UNKNOWN, "x"), 15),
            maybe(values.resource().isUser() ? Arbitraries.just(List.<String>of())
                : Markers.memberValue().list().ofMinSize(0).ofMaxSize(3), resource.isUser() ? 0 : 30))
        .as((p, entra, id, members) -> {
          ObjectNode value = p.deepCopy();
          entra.ifPresent(value::setAll);
          id.ifPresent(i -> value.put("id", i));
          members.ifPresent(ids -> {
            ArrayNode array = value.putArray("members");
            ids.forEach(i -> array.addObject().put("value", i));
          });
          return (JsonNode) value;
        });
    return Arbitraries.frequencyOf(Tuple.of(12, partial), Tuple.of(2, JsonTrees.hostileValue()));
  }

  /** Keys that are paths, as Microsoft Entra sends them in a path-less value. */
  private Arbitrary<ObjectNode> entraKeys() {
    List<String> keys = new ArrayList<>(List.of("name.givenName", "name.familyName", "emails[type eq \"work\"].value",
        "addresses[type eq \"work\"].locality", "name.bogus", "a.b", "displayName", "active", "title"));
    if (resource.isUser()) {
      keys.add(FuzzSchema.ENTERPRISE + ":employeeNumber");
      keys.add(FuzzSchema.ENTERPRISE + ":manager");
      keys.add(FuzzSchema.ENTERPRISE + ":manager.value");
      keys.add(FuzzSchema.ENTERPRISE + ":bogus");
      keys.add(FuzzSchema.USER + ":title");
    } else {
      keys.add(FuzzSchema.GROUP + ":displayName");
      keys.add(FuzzSchema.OKTA_GROUP + ":description");
    }
    Arbitrary<JsonNode> value = Arbitraries.frequencyOf(
        Tuple.of(4, Texts.plain().map(JsonTrees::text)),
        Tuple.of(1, Markers.memberValue().map(JsonTrees::text)),
        Tuple.of(1, JsonTrees.hostileValue()));
    return Arbitraries.maps(Arbitraries.of(keys), value).ofMinSize(1).ofMaxSize(3).map(map -> {
      ObjectNode object = NODES.objectNode();
      map.forEach(object::set);
      return object;
    });
  }

  // ---- SCIM 1.1

  /**
   * SCIM 1.1's PATCH: a partial resource whose multi-valued values are added unless marked {@code "operation":
   * "delete"}, after the attributes named in {@code meta.attributes} are removed.
   */
  private Arbitrary<JsonNode> partial11() {
    Arbitrary<String> names = Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.of(resource.core()).map(Attr::name)),
        Tuple.of(1, filters.attributePaths()),
        Tuple.of(1, Arbitraries.of("", "foo", "members", "emails[type eq \"work\"]", "urn:x")));
    Arbitrary<ArrayNode> removed = names.list().ofMaxSize(3).map(list -> {
      ArrayNode array = NODES.arrayNode();
      list.forEach(array::add);
      return array;
    });
    Arbitrary<ArrayNode> multi = multiValued11();
    return Combinators.combine(values.partial(), maybe(removed, 30), maybe(multi, 50),
            Arbitraries.of(FuzzSchema.CORE_1, FuzzSchema.CORE_1, resource.coreUrn()))
        .as((p, meta, list, schema) -> {
          ObjectNode body = p.deepCopy();
          body.putArray("schemas").add(schema);
          meta.ifPresent(m -> body.putObject("meta").set("attributes", m));
          list.ifPresent(l -> body.set(resource.isUser() ? "emails" : "members", l));
          return (JsonNode) body;
        });
  }

  private Arbitrary<ArrayNode> multiValued11() {
    Arbitrary<String> value = resource.isUser() ? Texts.email() : Markers.memberValue();
    Arbitrary<JsonNode> operation = Arbitraries.frequency(Tuple.of(3, Optional.<String>empty()),
            Tuple.of(3, Optional.of("delete")), Tuple.of(1, Optional.of("DELETE")), Tuple.of(1, Optional.of("add")))
        .flatMap(op -> Arbitraries.frequencyOf(
            Tuple.of(6, value.map(v -> {
              ObjectNode element = NODES.objectNode().put("value", v);
              op.ifPresent(o -> element.put("operation", o));
              return (JsonNode) element;
            })),
            Tuple.of(1, JsonTrees.hostileValue())));
    return operation.list().ofMinSize(1).ofMaxSize(3).map(list -> {
      ArrayNode array = NODES.arrayNode();
      list.forEach(array::add);
      return array;
    });
  }
}
