package dev.scimhub.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimhub.support.Groups;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.Tenants.TestTenant;
import dev.scimhub.support.TestServer;
import dev.scimhub.support.Users;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The inputs that once answered 500, corrupted data or stalled the server, tried from outside as an attacker would:
 * each answers 4xx with a SCIM error, and nothing is stored altered.
 */
class HostileInputTest {

  private static final TestTenant tenant = TestServer.get().newTenant();
  private static final ScimClient scim = tenant.scim();
  private static final String userId =
      scim.post("/Users", Users.minimal(Users.randomUserName())).assertScim(201).path("id").asText();

  @Test
  void aNulCharacterInAValueIs400AndNothingIsStored() {
    String userName = Users.randomUserName();
    scim.post("/Users", "{\"userName\":\"" + userName + "\\u0000\"}").assertError(400, "invalidValue");
    scim.patch("/Users/" + userId, patchTitle("\\u0000")).assertError(400, "invalidValue");
    scim.post("/Groups", "{\"displayName\":\"team\\u0000\"}").assertError(400, "invalidValue");
    assertEquals(0, scim.get("/Users", "filter", "userName sw \"" + userName + "\"").assertScim(200)
        .path("totalResults").asInt());
  }

  @Test
  void aNulCharacterInAFilterIs400InvalidFilter() {
    scim.get("/Users", "filter", "title lt \"\u0000\"").assertError(400, "invalidFilter");
    scim.get("/Users", "filter", "userName eq \"a\u0000b\"").assertError(400, "invalidFilter");
  }

  @Test
  void aLoneSurrogateIs400AndNeverStoredAltered() {
    scim.patch("/Users/" + userId, patchTitle("\\ud800日")).assertError(400, "invalidValue");
    // Followed by ASCII it used to be stored as "?x" while the 201 echoed "\uD800x".
    scim.patch("/Users/" + userId, patchTitle("\\ud800x")).assertError(400, "invalidValue");
    scim.patch("/Users/" + userId, patchTitle("x\\udc00")).assertError(400, "invalidValue");
    assertTrue(scim.get("/Users/" + userId).assertScim(200).path("title").isMissingNode());
    // A pair is a character like any other.
    assertEquals("\uD83D\uDE00", scim.patch("/Users/" + userId, patchTitle("\\ud83d\\ude00")).assertScim(200)
        .path("title").asText());
  }

  @Test
  void membersValuePresentIsAFilterLikeAnyOther() {
    String member = Groups.createUser(scim);
    String full = Groups.create(scim, Groups.randomDisplayName(), member);
    String empty = Groups.create(scim, Groups.randomDisplayName());
    JsonNode withMembers = scim.get("/Groups", "filter", "members.value pr").assertScim(200);
    List<String> ids = withMembers.findValuesAsText("id");
    assertTrue(ids.contains(full), withMembers.toString());
    assertTrue(!ids.contains(empty), withMembers.toString());
    List<String> none = scim.get("/Groups", "filter", "not (members.value pr)").assertScim(200).findValuesAsText("id");
    assertTrue(none.contains(empty) && !none.contains(full), none.toString());
  }

  @Test
  void comparingWithAnArrayIs400InvalidFilter() {
    scim.get("/Users", "filter", "userName eq []").assertError(400, "invalidFilter");
    scim.patch("/Groups/" + Groups.create(scim, Groups.randomDisplayName()),
        Groups.patch("{\"op\":\"remove\",\"path\":\"members[value eq []]\"}")).assertError(400, "invalidPath");
  }

  @Test
  void valuesBeyondTheirIndexAre400InvalidValue() {
    String longName = "u".repeat(3_000) + "@example.com";
    scim.post("/Users", Users.minimal(longName)).assertError(400, "invalidValue");
    scim.post("/Users", "{\"userName\":\"" + Users.randomUserName() + "\",\"externalId\":\"" + "e".repeat(600) + "\"}")
        .assertError(400, "invalidValue");
    scim.post("/Users", "{\"userName\":\"" + Users.randomUserName() + "\",\"emails\":[{\"value\":\""
        + "m".repeat(600) + "@example.com\"}]}").assertError(400, "invalidValue");
    scim.post("/Groups", Groups.body("g".repeat(3_000))).assertError(400, "invalidValue");
    // At the limit it is stored whole.
    String atLimit = "a".repeat(500) + "@example.com";
    assertEquals(atLimit, scim.post("/Users", Users.minimal(atLimit)).assertScim(201).path("userName").asText());
  }

  @Test
  void stringsBeyondTheLimitAre400InvalidValue() {
    scim.patch("/Users/" + userId, patchTitle("t".repeat(20_000))).assertError(400, "invalidValue");
  }

  @Test
  void deeplyNestedFiltersAre400InvalidFilter() {
    scim.get("/Users", "filter", "not (".repeat(40) + "userName pr" + ")".repeat(40)).assertError(400, "invalidFilter");
    // 4,000 deep used to exhaust PostgreSQL's memory, 16,000 the parser's stack.
    scim.post("/Users/.search", "{\"filter\":\"" + "not (".repeat(1_500) + "userName pr" + ")".repeat(1_500) + "\"}")
        .assertError(400, "invalidFilter");
    scim.get("/Users", "filter", "(".repeat(33) + "userName pr" + ")".repeat(33)).assertError(400, "invalidFilter");
    scim.get("/Users", "filter", "(".repeat(30) + "userName pr" + ")".repeat(30)).assertScim(200);
  }

  @Test
  void longAndWideFiltersAre400InvalidFilterAtOnce() {
    StringBuilder wide = new StringBuilder("userName eq \"0\"");
    for (int i = 1; i < 40_000; i++) {
      wide.append(" or userName eq \"").append(i).append('"');
    }
    long start = System.nanoTime();
    // In a body, 40,000 terms are far beyond any SearchRequest: refused before the body is read.
    scim.post("/Users/.search", "{\"filter\":\"" + wide.toString().replace("\"", "\\\"") + "\"}")
        .assertError(413, null);
    scim.post("/Users/.search", "{\"filter\":\"userName pr\",\"sortBy\":\"" + "x".repeat(20_000) + "\"}")
        .assertError(400, "invalidValue");
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis < 5_000, "a 40,000-term filter took " + millis + " ms to refuse");
    // Within the body limit, it is the filter that is at fault, not a string beyond any attribute's length.
    scim.post("/Users/.search", "{\"filter\":\"" + wide.substring(0, 12_000).replace("\"", "\\\"") + "\"}")
        .assertError(400, "invalidFilter");
    scim.post("/Users/.search", "{\"filter\":\"" + wide.substring(0, 40_000).replace("\"", "\\\"") + "\"}")
        .assertError(400, "invalidFilter");
    StringBuilder terms = new StringBuilder("userName eq \"0\"");
    for (int i = 1; i < 300; i++) {
      terms.append(" or title eq \"").append(i).append('"');
    }
    assertTrue(terms.length() < 8_192, "under the length limit, over the terms limit");
    scim.post("/Users/.search", "{\"filter\":\"" + terms.toString().replace("\"", "\\\"") + "\"}")
        .assertError(400, "invalidFilter");
  }

  @Test
  void aHugeMemberRemovalPathIs400InvalidPath() {
    String group = Groups.create(scim, Groups.randomDisplayName());
    StringBuilder filter = new StringBuilder("value eq \"00000000-0000-0000-0000-000000000000\"");
    for (int i = 0; i < 200; i++) {
      filter.append(" or value eq \"00000000-0000-0000-0000-000000000000\"");
    }
    scim.patch("/Groups/" + group, Groups.patch("{\"op\":\"remove\",\"path\":\"members[" + filter.toString()
        .replace("\"", "\\\"") + "]\"}")).assertError(400, "invalidPath");
  }

  @Test
  void jsonNestedDeeperThanAnyResourceIs400() {
    String deep = "[".repeat(200) + "]".repeat(200);
    scim.post("/Users", "{\"userName\":\"" + Users.randomUserName() + "\",\"x\":" + deep + "}")
        .assertError(400, "invalidSyntax");
  }

  @Test
  void badPercentEncodingIs400WithAScimError() throws IOException {
    for (String target : List.of("/Users/%zz", "/Users?filter=%", "/Users?filter=%E0%A4%A")) {
      RawResponse response = raw("GET " + path(target) + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
          + tenant.token() + "\r\nConnection: close\r\n\r\n");
      assertEquals(400, response.status(), target + ": " + response.text());
      assertTrue(response.text().contains("urn:ietf:params:scim:api:messages:2.0:Error"), response.text());
    }
  }

  @Test
  void aRequestLineTooLongIs414WithAScimError() throws IOException {
    RawResponse response = raw("GET " + path("/Users?filter=" + "x".repeat(20_000)) + " HTTP/1.1\r\nHost: localhost"
        + "\r\n\r\n");
    assertEquals(414, response.status(), response.text());
    assertTrue(response.text().contains("urn:ietf:params:scim:api:messages:2.0:Error"), response.text());
  }

  @Test
  void aRequestWithoutHostIs400WithAScimError() throws IOException {
    RawResponse response = raw("GET " + path("/Users") + " HTTP/1.1\r\nAuthorization: Bearer " + tenant.token()
        + "\r\nConnection: close\r\n\r\n");
    assertEquals(400, response.status(), response.text());
    assertTrue(response.text().contains("urn:ietf:params:scim:api:messages:2.0:Error"), response.text());
  }

  @Test
  void anUnauthenticatedBodyIsRefusedWithoutBeingRead() throws IOException {
    // Announce 4 MiB, send none of it: the 401 must come anyway, before any body byte.
    RawResponse response = raw("POST " + path("/Users") + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
        + "scimhub_wrong\r\nContent-Type: application/scim+json\r\nContent-Length: 4194304\r\n\r\n");
    assertEquals(401, response.status(), response.text());
    assertTrue(response.text().contains("urn:ietf:params:scim:api:messages:2.0:Error"), response.text());
  }

  // --- helpers

  private static String patchTitle(String jsonStringContent) {
    return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"replace\","
        + "\"path\":\"title\",\"value\":\"" + jsonStringContent + "\"}]}";
  }

  private static String path(String relative) {
    return URI.create(scim.base()).getPath() + relative;
  }

  record RawResponse(int status, String text) {}

  /** One request written byte for byte on a socket, and what came back until the server closed or 5 s passed. */
  private static RawResponse raw(String request) throws IOException {
    URI base = URI.create(TestServer.get().baseUrl());
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder text = new StringBuilder();
      byte[] buffer = new byte[8192];
      try {
        int n;
        while ((n = in.read(buffer)) > 0) {
          text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
          if (text.indexOf("\r\n\r\n") > 0 && complete(text)) {
            break;
          }
        }
      } catch (java.net.SocketTimeoutException timedOut) {
        // what came is what we judge
      }
      String all = text.toString();
      int status = all.startsWith("HTTP/1.") ? Integer.parseInt(all.substring(9, 12)) : -1;
      return new RawResponse(status, all);
    }
  }

  /** Whether the response's body has arrived as its Content-Length says. */
  private static boolean complete(StringBuilder text) {
    String head = text.substring(0, text.indexOf("\r\n\r\n")).toLowerCase();
    int at = head.indexOf("content-length:");
    if (at < 0) {
      return false;
    }
    int end = head.indexOf("\r\n", at);
    int length = Integer.parseInt(head.substring(at + 15, end < 0 ? head.length() : end).trim());
    return text.length() - text.indexOf("\r\n\r\n") - 4 >= length;
  }
}
