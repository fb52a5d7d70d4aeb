package dev.scimhub.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One generated request, before its {@link Markers} are replaced: where it goes (SCIM version, strict or tolerant
 * tenant), what it is, and its body. Printed by jqwik when a property fails, so its text is the reproduction recipe.
 *
 * @param id the resource id of {@code /Users/{id}}, or null for the endpoint itself
 * @param suffix what follows the endpoint or id, such as {@code /.search}
 * @param body the body as text, or null for none
 * @param broken bytes that are not UTF-8, put into the body at {@code brokenAt} (modulo its length)
 */
record FuzzRequest(String method, boolean v1, boolean strict, String endpoint, String id, String suffix,
    List<Param> query, String body, Broken broken, int brokenAt, String contentType, String ifMatch) {

  record Param(String name, String value) {}

  /** Byte sequences a UTF-8 decoder must refuse. */
  enum Broken {
    NONE(new byte[0]),
    CONTINUATION(new byte[] {(byte) 0x80}),
    TRUNCATED(new byte[] {(byte) 0xc3}),
    INVALID(new byte[] {(byte) 0xff, (byte) 0xfe}),
    SURROGATE(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}),
    OVERLONG(new byte[] {(byte) 0xc0, (byte) 0xaf}),
    BEYOND_UNICODE(new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80});

    final byte[] bytes;

    Broken(byte[] bytes) {
      this.bytes = bytes;
    }
  }

  FuzzRequest withSuffix(String path) {
    return new FuzzRequest(method, v1, strict, endpoint, id, path, query, body, broken, brokenAt, contentType, ifMatch);
  }

  /** A request without parameters, headers or body, to the tolerant tenant's 2.0 base URL. */
  static FuzzRequest plain(String method, String endpoint) {
    return new FuzzRequest(method, false, false, endpoint, null, "", List.of(), null, Broken.NONE, 0, null, null);
  }

  /** The body's bytes, with {@link #broken} in place; null without a body. */
  byte[] bodyBytes(String resolvedBody) {
    if (resolvedBody == null) {
      return null;
    }
    byte[] utf8 = resolvedBody.getBytes(StandardCharsets.UTF_8);
    if (broken == Broken.NONE) {
      return utf8;
    }
    int at = brokenAt % (utf8.length + 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream(utf8.length + 4);
    out.write(utf8, 0, at);
    out.write(broken.bytes, 0, broken.bytes.length);
    out.write(utf8, at, utf8.length - at);
    return out.toByteArray();
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(method).append(' ').append(v1 ? "v1" : "v2")
        .append(strict ? " strict " : " tolerant ").append(endpoint);
    if (id != null) {
      text.append("/{").append(clip(id, 200)).append('}');
    }
    text.append(suffix);
    if (!query.isEmpty()) {
      text.append(query.stream().map(p -> p.name() + "=" + clip(p.value(), 2_000))
          .collect(Collectors.joining(" & ", " ? ", "")));
    }
    if (contentType != null) {
      text.append("\n  Content-Type: ").append(contentType);
    }
    if (ifMatch != null) {
      text.append("\n  If-Match: ").append(ifMatch);
    }
    if (body != null) {
      text.append("\n  body (").append(body.length()).append(" chars").append(broken == Broken.NONE ? ""
          : ", " + broken + " bytes at " + brokenAt).append("): ").append(clip(body, 3_000));
    }
    return text.toString();
  }

  static String clip(String text, int max) {
    String visible = text.length() <= max ? text
        : text.substring(0, max) + "… (" + (text.length() - max) + " more chars)";
    StringBuilder out = new StringBuilder(visible.length());
    for (int i = 0; i < visible.length(); i++) {
      char c = visible.charAt(i);
      out.append(c < 0x20 || c == 0x7f || Character.isSurrogate(c) && !paired(visible, i)
          ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return out.toString();
  }

  private static boolean paired(String text, int i) {
    char c = text.charAt(i);
    return Character.isHighSurrogate(c) ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
        : i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
  }
}
