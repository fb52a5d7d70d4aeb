package dev.scimhub.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimhub.fuzz.FuzzRequest.Broken;
import dev.scimhub.fuzz.FuzzRequest.Param;
import dev.scimhub.fuzz.FuzzWorld.Sent;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What {@link ScimFuzzTest} found, kept as fixed cases: each input once answered 5xx or broke the SCIM error format,
 * and must now answer the SCIM error it names. They go through the same world and checks as the fuzzer.
 */
class FuzzFoundTest {

  private static final String USER = "{\"schemas\":[\"" + FuzzSchema.USER + "\"],\"userName\":\"fz-found@example.com\"}";

  private static FuzzWorld world;

  @BeforeAll
  static void world() {
    world = FuzzWorld.create();
  }

  @Test
  void aFormBodyIs415BeforeItIsDecodedAsAForm() {
    // Vert.x decoded it as form fields; a field beyond 8 KiB failed the request with a decoder exception, a 500.
    String longField = "{\"userName\":\"" + "a".repeat(16_000) + "\"}";
    for (String type : List.of("application/x-www-form-urlencoded", "multipart/form-data",
        "Multipart/Form-Data; boundary=x", "application/x-www-form-urlencoded; charset=utf-8")) {
      assertError(415, body("POST", "/Users", null, longField, type));
      assertError(415, body("PUT", "/Users", Markers.user(0), longField, type));
      assertError(415, body("PATCH", "/Groups", Markers.group(0), longField, type));
      assertError(415, body("POST", "/Users", null, USER, type));
    }
  }

  @Test
  void aRequestLineTooLongIsAScimErrorInTheScimMediaType() {
    // The request line cannot be read, so neither can the path; it was answered as application/json.
    FuzzRequest tooLong = new FuzzRequest("GET", false, false, "/Users", null, "",
        List.of(new Param("filter", "userName eq \"" + "é".repeat(6_000) + "\"")), null, Broken.NONE, 0, null, null);
    assertError(414, tooLong);
    assertError(414, new FuzzRequest("GET", true, false, "/Users", "a".repeat(17_000), "", List.of(), null,
        Broken.NONE, 0, null, null));
  }

  @Test
  void anEscapedNulOrLoneSurrogateInAFilterIs400NotA500() {
    // The raw text has no NUL, so it passed the check; the grammar library decoded the escape, PostgreSQL refused it.
    for (String value : List.of("\\u0000", "a\\u0000b", "\\ud800", "x\\udc00", "\\uDBFF")) {
      assertError(400, "invalidFilter", get("/Users", "ims[value pr].display eq \"" + value + "\""));
      assertError(400, "invalidFilter", get("/Users", "userName eq \"" + value + "\""));
      assertError(400, "invalidFilter", get("/Groups", "displayName sw \"" + value + "\""));
      assertError(400, "invalidFilter", body("POST", "/Users", null, "{\"filter\":\"title co \\\"" + value.replace("\\",
          "\\\\") + "\\\"\"}", "application/scim+json").withSuffix("/.search"));
      assertError(400, "invalidPath", body("PATCH", "/Users", Markers.user(0), "{\"schemas\":[\"" + FuzzSchema.PATCH_OP
          + "\"],\"Operations\":[{\"op\":\"add\",\"path\":\"emails[type eq \\\"" + value.replace("\\", "\\\\")
          + "\\\"].value\",\"value\":\"x@example.com\"}]}", "application/scim+json"));
    }
    // An escaped backslash before "u0000" is no escape of a NUL; a pair of surrogates is a character.
    assertEquals(200, world.send(get("/Users", "userName eq \"\\\\u0000\"")).status());
    assertEquals(200, world.send(get("/Users", "userName eq \"\\ud83d\\ude00\"")).status());
  }

  @Test
  void aDateBeyondPostgresqlsRangeIs400NotA500() {
    // Valid xsd:dateTimes, but PostgreSQL's timestamptz ends in 294276 AD: "timestamp out of range" was a 500.
    for (String date : List.of("+294277-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "-4714-11-24T00:00:00Z",
        "-999999999-01-01T00:00:00Z")) {
      assertError(400, "invalidFilter", get("/Groups", "meta[created eq \"" + date + "\"]"));
      assertError(400, "invalidFilter", get("/Users", "meta.lastModified gt \"" + date + "\""));
      assertError(400, "invalidFilter", get("/Users", "emails[value pr] and meta.created le \"" + date + "\""));
    }
    // The ends of the range compare as any other date.
    for (String date : List.of("+294276-12-31T23:59:59Z", "-4712-11-24T00:00:00Z", "9999-12-31T23:59:59Z")) {
      assertEquals(200, world.send(get("/Users", "meta.created lt \"" + date + "\"")).status(), date);
    }
  }

  @Test
  void aLongValueAfterAnEntraValuePathIsAnsweredNotAStackOverflow() {
    // Matching the quoted value with a regex recursed once per character: a few thousand overflowed the stack.
    String escapes = "\\u00e9".repeat(1_300);
    String plain = "\\\"x".repeat(2_000);
    assertEquals(200, world.send(get("/Users", "emails[type eq \"work\"].value eq \"" + escapes + "\"")).status());
    assertEquals(200, world.send(get("/Users", "emails[type eq \"work\"].value co \"" + plain + "\"")).status());
    assertError(400, "invalidFilter", get("/Groups", "members[display pr].$ref eq \"" + escapes + "\""));
    // The form is still rewritten, and found after a value that merely looks like it.
    assertEquals(200, world.send(get("/Users", "title eq \"a[b].c eq d\" or emails[type eq \"work\"].value pr"))
        .status());
  }

  private static FuzzRequest get(String endpoint, String filter) {
    return new FuzzRequest("GET", false, false, endpoint, null, "", List.of(new Param("filter", filter)), null,
        Broken.NONE, 0, null, null);
  }

  private static FuzzRequest body(String method, String endpoint, String id, String body, String contentType) {
    return new FuzzRequest(method, false, false, endpoint, id, "", List.of(), body, Broken.NONE, 0, contentType,
        null);
  }

  private static void assertError(int status, FuzzRequest request) {
    assertError(status, null, request);
  }

  private static void assertError(int status, String scimType, FuzzRequest request) {
    Sent sent = world.send(request);
    ScimAnswer.check(sent);
    assertEquals(status, sent.status(), () -> request + "\n  answer: " + sent.responseText());
    if (scimType != null) {
      assertTrue(sent.responseText().contains("\"scimType\":\"" + scimType + "\""), () -> request + "\n  answer: "
          + sent.responseText());
    }
  }
}
