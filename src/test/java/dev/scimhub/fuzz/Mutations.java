package dev.scimhub.fuzz;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Edits of valid text into near misses: characters deleted, inserted, duplicated, swapped, replaced, or the text cut
 * short. An edit is data (kind, position, length, inserted text), applied after generation, so jqwik shrinks a failing
 * case to fewer and smaller edits of a smaller valid input.
 */
final class Mutations {

  enum Kind { DELETE, INSERT, DUPLICATE, REPLACE, SWAP, TRUNCATE }

  /** One edit; {@code position} and {@code length} are taken modulo the text's length when applied. */
  record Edit(Kind kind, int position, int length, String text) {}

  /** What is inserted into a filter or a PATCH path: its grammar's tokens, and characters that break them. */
  static final List<String> FILTER_TOKENS = List.of(
      "\"", "\"\"", "(", ")", "[", "]", "\\", " ", ".", ":", ",", "'", "%", "*", "$", "-", " and ", " or ", " AND ",
      "not ", "not(", " eq ", " EQ ", " pr", " co ", " gt ", " sw ", "true", "false", "null", "[]", "{}", "1e999999999",
      "\\u0000", "\\ud800", "\\udc00", "\\ud83d\\ude00", "\\x", "\\u12", "\u0000", "\ud800", "\u00e9", "😀", "urn:",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:", "emails[", "members[", "].", ".value", "$ref",
      "meta.", "\"@@U0@@\"", "\t", "\n");

  /** What is inserted into JSON text: its syntax, escapes beyond what a store can keep, and unbounded numbers. */
  static final List<String> JSON_TOKENS = List.of(
      "\"", "{", "}", "[", "]", ",", ":", "\\", " ", "\n", "null", "true", "false", "0", "-", "1e999999999",
      "99999999999999999999999999999999", "-0.0e-0", "\\u0000", "\\ud800", "\\udfff", "\\ud83d\\ude00", "\\u00", "\\q",
      "\u0000", "\u00e9", "😀", "\"x\":1,", "{\"a\":", "[[[[[[[[[[", "]]]]", "/*", "//", "'", "NaN", "Infinity",
      "\"schemas\":[],", "\"id\":\"x\",", "\"Operations\":", "\"op\":\"add\",", "\"path\":\"", "\"value\":");

  private static final Arbitrary<List<Edit>> FILTER_EDITS = Shared.of(edits(FILTER_TOKENS));
  private static final Arbitrary<List<Edit>> JSON_EDITS = Shared.of(edits(JSON_TOKENS));

  private Mutations() {}

  /** {@code valid} text, or it edited with {@code tokens} one to four times. */
  static Arbitrary<String> of(Arbitrary<String> valid, List<String> tokens, int mutatedPercent) {
    return Arbitraries.frequencyOf(Tuple.of(100 - mutatedPercent, valid),
        Tuple.of(mutatedPercent, mutated(valid, tokens)));
  }

  /** {@code valid} text edited with {@code tokens} one to four times. */
  static Arbitrary<String> mutated(Arbitrary<String> valid, List<String> tokens) {
    return Combinators.combine(valid, tokens == FILTER_TOKENS ? FILTER_EDITS : tokens == JSON_TOKENS ? JSON_EDITS
        : edits(tokens)).as(Mutations::apply);
  }

  static Arbitrary<List<Edit>> edits(List<String> tokens) {
    Arbitrary<String> inserted = Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.of(tokens)),
        Tuple.of(1, Arbitraries.of(Texts.HOSTILE)),
        Tuple.of(1, Texts.word()));
    Arbitrary<Edit> edit = Combinators.combine(
            Arbitraries.of(Kind.class),
            Arbitraries.integers().between(0, 1 << 20),
            Arbitraries.integers().between(1, 12),
            inserted)
        .as(Edit::new);
    return edit.list().ofMinSize(1).ofMaxSize(4);
  }

  static String apply(String text, List<Edit> edits) {
    String out = text;
    for (Edit edit : edits) {
      out = apply(out, edit);
    }
    return out;
  }

  private static String apply(String text, Edit edit) {
    int at = text.isEmpty() ? 0 : edit.position() % (text.length() + 1);
    int end = Math.min(text.length(), at + edit.length());
    return switch (edit.kind()) {
      case DELETE -> text.substring(0, at) + text.substring(end);
      case INSERT -> text.substring(0, at) + edit.text() + text.substring(at);
      case DUPLICATE -> text.substring(0, end) + text.substring(at, end) + text.substring(end);
      case REPLACE -> text.substring(0, at) + edit.text() + text.substring(end);
      case SWAP -> at + 1 < text.length()
          ? text.substring(0, at) + text.charAt(at + 1) + text.charAt(at) + text.substring(at + 2)
          : text + edit.text();
      case TRUNCATE -> text.substring(0, at);
    };
  }
}
