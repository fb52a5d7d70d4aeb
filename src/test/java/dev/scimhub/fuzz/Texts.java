package dev.scimhub.fuzz;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * Text as clients send it and as attackers do: mostly words, names and addresses, then unicode (accents, CJK,
 * right-to-left, emoji and other pairs), and the characters that matter to a parser or to PostgreSQL (quotes,
 * backslashes, LIKE wildcards, control characters, NUL, lone surrogates, noncharacters). Built from pieces so that
 * jqwik shrinks a failing text to the piece that matters.
 */
final class Texts {

  /** One-character (or one-pair) pieces that parsers, escapers and encoders have to get right. */
  static final List<String> HOSTILE = List.of(
      "\"", "\\", "'", "%", "_", "*", "(", ")", "[", "]", "{", "}", ",", ":", ".", "/", "?", "#", "&", "=", "+", ";",
      " ", "  ", "\t", "\n", "\r", "\u0000", "\u0001", "\u001f", "\u007f", "\u0085", "\u00a0", "\u2028", "\u2029",
      "\ufeff", "\ufffe", "\uffff", "\ud800", "\udbff", "\udc00", "\udfff", "\ud83d", "\ude00");

  static final List<String> UNICODE = List.of(
      "é", "ü", "ß", "ø", "Æ", "İ", "ı", "ﬀ", "日本", "中文", "한국어", "עברית", "العربية", "Ελληνικά", "Ж",
      "😀", "👩‍💻", "🏳️‍🌈", "𝔘𝔫𝔦", "\u0301", "e\u0301", "\u200d", "\u202e", "ǅ");

  private static final Arbitrary<String> WORD = Shared.of(makeWord());
  private static final Arbitrary<String> PLAIN = Shared.of(makePlain());
  private static final Arbitrary<String> LONG = Shared.of(makeLong());
  private static final Arbitrary<String> TEXT = Shared.of(makeText());
  private static final Arbitrary<String> EMAIL = Shared.of(makeEmail());
  private static final Arbitrary<String> DATETIME = Shared.of(makeDateTime());
  private static final Arbitrary<String> NUMBER = Shared.of(makeNumber());

  private Texts() {}

  /** A short identifier-like word. */
  static Arbitrary<String> word() {
    return WORD;
  }

  private static Arbitrary<String> makeWord() {
    return Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars('-', '.')
        .ofMinLength(1).ofMaxLength(10);
  }

  /** Any text: mostly plain, sometimes unicode, sometimes hostile, rarely long. */
  static Arbitrary<String> text() {
    return TEXT;
  }

  private static Arbitrary<String> makeText() {
    return Arbitraries.frequencyOf(
        Tuple.of(10, plain()),
        Tuple.of(3, mixed(UNICODE)),
        Tuple.of(3, mixed(HOSTILE)),
        Tuple.of(1, Arbitraries.just("")),
        Tuple.of(1, long_()));
  }

  /** Text without hostile characters: words, spaces and a little unicode. */
  static Arbitrary<String> plain() {
    return PLAIN;
  }

  private static Arbitrary<String> makePlain() {
    return Arbitraries.frequencyOf(
            Tuple.of(6, word()),
            Tuple.of(1, Arbitraries.of(" ", "-", "@", ".")),
            Tuple.of(1, Arbitraries.of(UNICODE)))
        .list().ofMinSize(1).ofMaxSize(4).map(pieces -> String.join("", pieces));
  }

  /** Words with pieces of {@code extra} between them. */
  static Arbitrary<String> mixed(List<String> extra) {
    return Arbitraries.frequencyOf(Tuple.of(1, word()), Tuple.of(1, Arbitraries.of(extra)))
        .list().ofMinSize(1).ofMaxSize(6).map(pieces -> String.join("", pieces));
  }

  /** Around the limits: an indexed value (512), a filter (8,192), any string in a body (16,384). */
  static Arbitrary<String> long_() {
    return LONG;
  }

  private static Arbitrary<String> makeLong() {
    return Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.integers().between(500, 530)),
        Tuple.of(2, Arbitraries.integers().between(8_180, 8_200)),
        Tuple.of(1, Arbitraries.integers().between(16_380, 16_390)))
        .flatMap(length -> Arbitraries.of("a", "é", "日", "😀", "\"").map(c -> repeatTo(c, length)));
  }

  /** An email address, sometimes with hostile parts. */
  static Arbitrary<String> email() {
    return EMAIL;
  }

  private static Arbitrary<String> makeEmail() {
    return Arbitraries.frequencyOf(
        Tuple.of(5, word().map(w -> w + "@example.com")),
        Tuple.of(1, text().map(t -> t + "@example.com")),
        Tuple.of(1, text()));
  }

  /** xsd:dateTime texts, valid ones of every form and edge, and near misses. */
  static Arbitrary<String> dateTime() {
    return DATETIME;
  }

  private static Arbitrary<String> makeDateTime() {
    return Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.of(
            "2011-05-13T04:42:34Z", "2024-02-29T23:59:59.999Z", "2024-01-01T00:00:00+14:00",
            "2024-01-01T00:00:00-12:00", "2024-06-30T12:00:00", "2030-01-01T00:00:00.123456789Z",
            "1970-01-01T00:00:00Z", "2000-01-01T00:00:00Z")),
        Tuple.of(2, Arbitraries.of(
            "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "-4713-11-24T00:00:00Z", "-4714-11-24T00:00:00Z",
            "+294276-12-31T23:59:59Z", "+294277-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z",
            "-999999999-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "2024-01-01T00:00:00+18:00")),
        Tuple.of(1, Arbitraries.of(
            "2024-13-01T00:00:00Z", "2024-02-30T00:00:00Z", "2024-01-01", "24:00", "now", "",
            "2024-01-01T00:00:00+25:00", "2024-01-01 00:00:00", "2024-01-01T25:00:00Z")));
  }

  /** JSON number texts, from the plain to the ones no parser or column can hold. */
  static Arbitrary<String> number() {
    return NUMBER;
  }

  private static Arbitrary<String> makeNumber() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.integers().between(-1000, 1000).map(String::valueOf)),
        Tuple.of(1, Arbitraries.of("0", "-0", "0.0", "1.5", "-2.25", "1e3", "1E-3", "3.4028235E38")),
        Tuple.of(2, Arbitraries.of(
            "9223372036854775807", "9223372036854775808", "-9223372036854775809", "1e308", "1e309", "-1e309",
            "4.9e-324", "1e-400", "1e999999999", "1e-999999999", "1e2147483648", "123456789012345678901234567890",
            "0." + "0".repeat(400) + "1", "1" + "0".repeat(999), "1" + "0".repeat(1_200))));
  }

  static String repeatTo(String piece, int length) {
    StringBuilder out = new StringBuilder(length + piece.length());
    while (out.length() < length) {
      out.append(piece);
    }
    return out.toString();
  }

  /** A JSON string literal of {@code text}; with {@code escapeAll}, every character beyond ASCII as {@code \\uXXXX}. */
  static String jsonString(String text, boolean escapeAll) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> {
          boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
              && Character.isLowSurrogate(text.charAt(i + 1));
          if (paired && !escapeAll) {
            out.append(c).append(text.charAt(++i));
          } else if (c < 0x20 || c > 0x7e && escapeAll || Character.isSurrogate(c)) {
            // A lone surrogate can only be written as an escape: raw, UTF-8 would turn it into '?'.
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
