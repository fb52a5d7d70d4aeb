package dev.scimhub.fuzz;

import dev.scimhub.fuzz.FuzzSchema.Attr;
import dev.scimhub.fuzz.FuzzSchema.Resource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * SCIM filters of one resource type from the grammar of RFC 7644 section 3.4.2.2:
 *
 * <pre>
 * FILTER    = attrExp / logExp / valuePath / *1"not" "(" FILTER ")"
 * valuePath = attrPath "[" valFilter "]"
 * attrExp   = (attrPath SP "pr") / (attrPath SP compareOp SP compValue)
 * attrPath  = [URI ":"] ATTRNAME *1subAttr
 * </pre>
 *
 * over the attributes of the server's schemas (core, common and extension, under their URNs and SCIM 1.1 aliases).
 * Values mostly fit the attribute's type, and sometimes do not (operators on the wrong types); names are sometimes in
 * another case, unknown, or only a prefix of a real path; Microsoft Entra's {@code emails[type eq "work"].value eq x}
 * and bare unquoted values appear as the quirks the server accepts. {@link #filters()} adds near misses made by
 * {@link Mutations} and a few filters beyond the server's limits.
 */
final class FilterGrammar {

  /** An attribute path as written in a filter, and the attribute whose type its value must have. */
  record Target(String path, Attr leaf, boolean idLike) {}

  private static final List<String> UNKNOWN_PATHS = List.of(
      "foo", "name.foo", "emails.bar", "userName.value", "a.b.c", "schemas", "Resources", "$ref", "meta.foo",
      "urn:unknown:schema:1.0:attr", "urn:ietf:params:scim:schemas:core:2.0:Group:displayName",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "urn:ietf:params:scim:schemas:core:2.0:User",
      "urn:", ":userName", "userName:", "emails..value", "emails.value.value", "manager.value", "members.value.display",
      "password", "x509Certificates.value.x");

  private static final Arbitrary<UnaryOperator<String>> CASE_VARIANT = Shared.of(makeCaseVariant());
  private static final Arbitrary<String> LOGICAL = Shared.of(makeLogical());
  private static final Arbitrary<String> OPERATOR = Shared.of(makeOperator());
  private static final Arbitrary<String> WRONG_VALUE = Shared.of(makeWrongValue());

  private final Resource resource;
  private final Arbitrary<Target> targets;
  private final Arbitrary<String> valuePaths;
  private final Arbitrary<String> valid;
  private final Arbitrary<String> filters;
  private final Arbitrary<String> attributePaths;
  private final Map<String, Arbitrary<String>> valueFilters = new HashMap<>();
  private static final Map<String, Arbitrary<String>> VALUES = new HashMap<>();

  FilterGrammar(Resource resource) {
    this.resource = resource;
    this.targets = Shared.of(targets());
    this.valuePaths = Shared.of(valuePaths());
    Arbitrary<String> level = comparison(targets);
    for (int depth = 0; depth < 3; depth++) {
      level = Shared.of(compound(level));
    }
    this.valid = level;
    this.filters = Shared.of(Arbitraries.frequencyOf(
        Tuple.of(62, valid),
        Tuple.of(35, Mutations.mutated(valid, Mutations.FILTER_TOKENS)),
        Tuple.of(3, extreme())));
    this.attributePaths = Shared.of(makeAttributePaths());
  }

  /** Filters as the grammar makes them; with {@link #filters()} their near misses and extremes. */
  Arbitrary<String> valid() {
    return valid;
  }

  /** Grammar-made filters, a third of them edited into near misses, a few beyond the server's limits. */
  Arbitrary<String> filters() {
    return filters;
  }

  /** Attribute paths without value filters, for {@code sortBy}, {@code attributes} and {@code excludedAttributes}. */
  Arbitrary<String> attributePaths() {
    return attributePaths;
  }

  private Arbitrary<String> makeAttributePaths() {
    Arbitrary<String> one = Arbitraries.frequencyOf(
        Tuple.of(8, targets.map(Target::path)),
        Tuple.of(1, valuePaths),
        Tuple.of(1, Mutations.mutated(targets.map(Target::path), Mutations.FILTER_TOKENS)));
    return Arbitraries.frequencyOf(
        Tuple.of(4, one),
        Tuple.of(2, one.list().ofMinSize(2).ofMaxSize(4).map(list -> String.join(",", list))),
        Tuple.of(1, one.list().ofMinSize(2).ofMaxSize(3).map(list -> String.join(" , ", list) + ",")));
  }

  /** The inner filter of a value path on {@code parent}: comparisons of its sub-attributes. */
  Arbitrary<String> valueFilter(Attr parent) {
    return Shared.cached(valueFilters, parent.name(), () -> makeValueFilter(parent));
  }

  private Arbitrary<String> makeValueFilter(Attr parent) {
    Arbitrary<Target> subs = subTargets(parent);
    Arbitrary<String> one = comparison(subs);
    Arbitrary<String> two = Arbitraries.frequencyOf(
        Tuple.of(4, one),
        Tuple.of(2, Combinators.combine(one, logical(), one).as((a, op, b) -> a + " " + op + " " + b)),
        Tuple.of(1, one.map(f -> "not (" + f + ")")),
        Tuple.of(1, one.map(f -> "(" + f + ")")),
        // Not allowed inside a value filter: a nested value path, or a path with a sub-attribute.
        Tuple.of(1, Arbitraries.of(parent.name() + "[value eq \"x\"]", "type[value eq \"x\"]",
            parent.name() + ".value eq \"x\"", "value.value eq \"x\"")));
    return two;
  }

  private Arbitrary<String> compound(Arbitrary<String> sub) {
    return Arbitraries.frequencyOf(
        Tuple.of(5, sub),
        Tuple.of(3, Combinators.combine(sub, logical(), sub).as((a, op, b) -> a + " " + op + " " + b)),
        Tuple.of(1, Combinators.combine(Arbitraries.of("not", "not", "not", "NOT", "Not"), sub,
            Arbitraries.of(" (", "(", " ( ")).as((not, f, open) -> not + open + f + ")")),
        Tuple.of(1, sub.map(f -> "(" + f + ")")),
        Tuple.of(2, valuePaths));
  }

  private Arbitrary<String> comparison(Arbitrary<Target> targets) {
    return targets.flatMap(target -> Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.of(" pr", " pr", " PR", " Pr").map(pr -> target.path() + pr)),
        Tuple.of(6, Combinators.combine(operator(), value(target))
            .as((op, value) -> target.path() + " " + op + " " + value))));
  }

  private static Arbitrary<String> logical() {
    return LOGICAL;
  }

  private static Arbitrary<String> makeLogical() {
    return Arbitraries.frequencyOf(
        Tuple.of(5, Arbitraries.just("and")),
        Tuple.of(5, Arbitraries.just("or")),
        Tuple.of(1, Arbitraries.of("AND", "Or", "oR")));
  }

  private static Arbitrary<String> operator() {
    return OPERATOR;
  }

  private static Arbitrary<String> makeOperator() {
    Arbitrary<String> op = Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.just("eq")),
        Tuple.of(2, Arbitraries.of("ne", "co", "sw")),
        Tuple.of(1, Arbitraries.of("ew", "gt", "ge", "lt", "le")));
    return Combinators.combine(op, caseVariant()).as((o, variant) -> variant.apply(o));
  }

  /** A comparison value: mostly of the target's type, sometimes of another, sometimes bare (unquoted). */
  private static Arbitrary<String> value(Target target) {
    Attr leaf = target.leaf();
    String key = leaf.name() + "|" + leaf.type() + "|" + target.idLike() + "|" + leaf.canonicalValues();
    return Shared.cached(VALUES, key, () -> makeValue(target));
  }

  private static Arbitrary<String> makeValue(Target target) {
    Arbitrary<String> right = switch (target.leaf().type()) {
      case "boolean" -> Arbitraries.of("true", "false", "True", "FALSE");
      case "dateTime" -> quoted(Texts.dateTime());
      default -> {
        if (target.idLike()) {
          yield quoted(Markers.memberValue());
        }
        if (!target.leaf().canonicalValues().isEmpty()) {
          yield quoted(Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(target.leaf().canonicalValues())),
              Tuple.of(1, Texts.text())));
        }
        yield quoted(Texts.text());
      }
    };
    return Arbitraries.frequencyOf(
        Tuple.of(14, right),
        Tuple.of(3, wrongValue()),
        Tuple.of(1, Texts.word()),
        Tuple.of(1, Texts.email()));
  }

  /** Values of every JSON type and none: what an operator meets when the client got the type wrong. */
  static Arbitrary<String> wrongValue() {
    return WRONG_VALUE;
  }

  private static Arbitrary<String> makeWrongValue() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Texts.number()),
        Tuple.of(2, Arbitraries.of("true", "false", "null", "[]", "{}", "[\"a\"]", "{\"a\":1}", "[1,2]", "\"\"",
            "\"unterminated", "\"a\"\"b\"", "'single'", "\"\\u0000\"", "\"\\ud800\"", "\"a\\\"", "\"\\x41\"")),
        Tuple.of(1, quoted(Texts.dateTime())));
  }

  static Arbitrary<String> quoted(Arbitrary<String> text) {
    return Combinators.combine(text, Arbitraries.of(false, false, false, true)).as(Texts::jsonString);
  }

  /** A case changer: mostly none, as SCIM names and operators are case-insensitive. */
  static Arbitrary<UnaryOperator<String>> caseVariant() {
    return CASE_VARIANT;
  }

  private static Arbitrary<UnaryOperator<String>> makeCaseVariant() {
    UnaryOperator<String> same = s -> s;
    UnaryOperator<String> upper = s -> s.toUpperCase(Locale.ROOT);
    UnaryOperator<String> alternate = FilterGrammar::alternateCase;
    return Arbitraries.frequency(Tuple.of(12, same), Tuple.of(1, upper), Tuple.of(1, alternate));
  }

  private static String alternateCase(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      out.append(i % 2 == 0 ? Character.toUpperCase(c) : Character.toLowerCase(c));
    }
    return out.toString();
  }

  // ---- attribute paths

  private Arbitrary<Target> targets() {
    List<Tuple.Tuple2<Integer, Arbitrary<Target>>> choices = new ArrayList<>();
    choices.add(Tuple.of(9, pathsOf(resource.core(), corePrefix())));
    if (!resource.extension().isEmpty()) {
      choices.add(Tuple.of(3, pathsOf(resource.extension(), extensionPrefix())));
    }
    choices.add(Tuple.of(1, Arbitraries.of(UNKNOWN_PATHS).map(p -> new Target(p, stringAttr(p), false))));
    return Arbitraries.frequencyOf(choices);
  }

  private Arbitrary<String> corePrefix() {
    return Arbitraries.frequencyOf(
        Tuple.of(14, Arbitraries.just("")),
        Tuple.of(1, Arbitraries.just(resource.coreUrn() + ":")),
        Tuple.of(1, Arbitraries.just(FuzzSchema.CORE_1 + ":")));
  }

  private Arbitrary<String> extensionPrefix() {
    List<Tuple.Tuple2<Integer, Arbitrary<String>>> choices = new ArrayList<>();
    choices.add(Tuple.of(12, Arbitraries.just(resource.extensionUrn() + ":")));
    choices.add(Tuple.of(1, Arbitraries.just(resource.extensionUrn().toUpperCase(Locale.ROOT) + ":")));
    choices.add(Tuple.of(1, Arbitraries.just("")));
    if (resource.extensionAlias11() != null) {
      choices.add(Tuple.of(1, Arbitraries.just(resource.extensionAlias11() + ":")));
    }
    return Arbitraries.frequencyOf(choices);
  }

  /** {@code attr} or {@code attr.sub} of {@code attrs}, under a prefix, in some case. */
  private static Arbitrary<Target> pathsOf(List<Attr> attrs, Arbitrary<String> prefix) {
    Arbitrary<Target> unprefixed = Arbitraries.of(attrs).flatMap(attr -> {
      Arbitrary<Target> whole = Combinators.combine(caseVariant(), Arbitraries.just(attr))
          .as((variant, a) -> new Target(variant.apply(a.name()), a, isIdLike(null, a)));
      if (!attr.complex() || attr.subAttributes().isEmpty()) {
        return whole;
      }
      Arbitrary<Target> sub = Combinators.combine(caseVariant(), Arbitraries.of(attr.subAttributes()))
          .as((variant, s) -> new Target(variant.apply(attr.name() + "." + s.name()), s, isIdLike(attr, s)));
      return Arbitraries.frequencyOf(Tuple.of(1, whole), Tuple.of(4, sub));
    });
    return Combinators.combine(prefix, unprefixed)
        .as((p, target) -> new Target(p + target.path(), target.leaf(), target.idLike()));
  }

  private static Arbitrary<Target> subTargets(Attr parent) {
    List<Tuple.Tuple2<Integer, Arbitrary<Target>>> choices = new ArrayList<>();
    if (!parent.subAttributes().isEmpty()) {
      choices.add(Tuple.of(8, Combinators.combine(caseVariant(), Arbitraries.of(parent.subAttributes()))
          .as((variant, s) -> new Target(variant.apply(s.name()), s, isIdLike(parent, s)))));
    }
    choices.add(Tuple.of(1, Arbitraries.of("bogus", "value.value", "$ref", "primary", "display")
        .map(p -> new Target(p, stringAttr(p), false))));
    return Arbitraries.frequencyOf(choices);
  }

  /** {@code attr[valFilter]}, sometimes followed by {@code .sub op value} as Microsoft Entra writes it. */
  private Arbitrary<String> valuePaths() {
    List<Arbitrary<String>> paths = new ArrayList<>();
    for (Attr attr : resource.core()) {
      if (attr.complex()) {
        paths.add(valuePath(attr, corePrefix()));
      }
    }
    for (Attr attr : resource.extension()) {
      if (attr.complex()) {
        paths.add(valuePath(attr, extensionPrefix()));
      }
    }
    return Arbitraries.oneOf(paths);
  }

  private Arbitrary<String> valuePath(Attr attr, Arbitrary<String> prefix) {
    Arbitrary<String> plain = Combinators.combine(prefix, caseVariant(), valueFilter(attr))
        .as((p, variant, inner) -> p + variant.apply(attr.name()) + "[" + inner + "]");
    if (attr.subAttributes().isEmpty()) {
      return plain;
    }
    Arbitrary<String> followed = Combinators.combine(plain, subTargets(attr).flatMap(sub -> Arbitraries.frequencyOf(
            Tuple.of(1, Arbitraries.just("." + sub.path() + " pr")),
            Tuple.of(4, Combinators.combine(operator(), value(sub)).as((op, v) -> "." + sub.path() + " " + op + " "
                + v)))))
        .as((path, rest) -> path + rest);
    return Arbitraries.frequencyOf(Tuple.of(4, plain), Tuple.of(1, followed));
  }

  private static boolean isIdLike(Attr parent, Attr attr) {
    if (parent == null) {
      return attr.name().equals("id");
    }
    return attr.name().equals("value")
        && (parent.name().equals("members") || parent.name().equals("groups") || parent.name().equals("manager"));
  }

  private static Attr stringAttr(String name) {
    return new Attr(name, "string", false, "readWrite", List.of(), List.of());
  }

  // ---- beyond the limits

  /** Nesting past 32 levels, more than 256 comparisons, more than 8,192 characters, and their near sides. */
  private Arbitrary<String> extreme() {
    Arbitrary<String> comparison = comparison(targets);
    return Arbitraries.oneOf(
        Combinators.combine(Arbitraries.integers().between(28, 40), comparison)
            .as((n, f) -> "(".repeat(n) + f + ")".repeat(n)),
        Combinators.combine(Arbitraries.integers().between(28, 40), comparison)
            .as((n, f) -> "not (".repeat(n) + f + ")".repeat(n)),
        Combinators.combine(Arbitraries.integers().between(28, 40), Arbitraries.of("emails[", "emails[value eq \"a\" and "))
            .as((n, open) -> open.repeat(n) + "value pr" + "]".repeat(n)),
        Combinators.combine(Arbitraries.integers().between(250, 262), comparison, Arbitraries.of(" or ", " and "))
            .as((n, f, op) -> String.join(op, java.util.Collections.nCopies(n, f))),
        Arbitraries.integers().between(8_150, 8_250)
            .map(n -> "userName eq \"" + "x".repeat(Math.max(0, n - 14)) + "\""),
        Arbitraries.integers().between(1, 4).map(n -> "\"".repeat(n)),
        Arbitraries.of("", " ", "()", "not ()", "[]", "emails[]", "and", "pr", "eq", "userName eq", "userName",
            "userName eq \"a\" and", "or userName pr", "((userName pr)", "userName pr))"));
  }
}
