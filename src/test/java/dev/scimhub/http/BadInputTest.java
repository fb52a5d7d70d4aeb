package dev.scimhub.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.TestServer;
import dev.scimhub.support.Users;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every bad input gets a SCIM error (RFC 7644 section 3.12) with the right status and scimType; never a 500. */
class BadInputTest {

  private static ScimClient scim;
  private static String userId;
  private static String userName;

  @BeforeAll
  static void tenantWithOneUser() {
    scim = TestServer.get().newTenant().scim();
    userName = Users.randomUserName();
    userId = scim.post("/Users", Users.oktaCreate(userName, "Ada", "Lovelace")).assertScim(201).path("id").asText();
  }

  // --- bodies

  @Test
  void malformedJsonIs400InvalidSyntax() {
    scim.post("/Users", "{\"userName\": ").assertError(400, "invalidSyntax");
    scim.put("/Users/" + userId, "{not json}").assertError(400, "invalidSyntax");
    scim.patch("/Users/" + userId, "{\"Operations\":[").assertError(400, "invalidSyntax");
    scim.post("/Users/.search", "nope").assertError(400, "invalidSyntax");
  }

  @Test
  void jsonArrayBodyIs400InvalidSyntax() {
    scim.post("/Users", "[" + Users.minimal(Users.randomUserName()) + "]").assertError(400, "invalidSyntax");
    scim.put("/Users/" + userId, "[]").assertError(400, "invalidSyntax");
    scim.patch("/Users/" + userId, "[]").assertError(400, "invalidSyntax");
  }

  @Test
  void emptyBodyIs400InvalidSyntax() {
    scim.post("/Users", "").assertError(400, "invalidSyntax");
  }

  @Test
  void missingUserNameIs400InvalidValue() {
    scim.post("/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"displayName\":\"x\"}")
        .assertError(400, "invalidValue");
    scim.put("/Users/" + userId, "{\"displayName\":\"x\"}").assertError(400, "invalidValue");
  }

  @Test
  void wrongTypesAre400InvalidValue() {
    scim.post("/Users", userWith("\"active\":\"yes\"")).assertError(400, "invalidValue");
    scim.post("/Users", userWith("\"name\":\"x\"")).assertError(400, "invalidValue");
    scim.post("/Users", userWith("\"emails\":[\"a@example.com\"]")).assertError(400, "invalidValue");
    scim.patch("/Users/" + userId, patchOp("{\"op\":\"replace\",\"path\":\"active\",\"value\":\"yes\"}"))
        .assertError(400, "invalidValue");
  }

  // --- queries

  @Test
  void unknownFilterAttributeIs400InvalidFilter() {
    scim.get("/Users", "filter", "noSuchAttribute eq \"x\"").assertError(400, "invalidFilter");
  }

  @Test
  void badFilterSyntaxIs400InvalidFilter() {
    scim.get("/Users", "filter", "userName eq").assertError(400, "invalidFilter");
    scim.get("/Users", "filter", "userName xx \"a\"").assertError(400, "invalidFilter");
    scim.get("/Users", "filter", "(userName eq \"a\"").assertError(400, "invalidFilter");
    scim.post("/Users/.search", "{\"filter\":\"userName eq\"}").assertError(400, "invalidFilter");
  }

  @Test
  void unclosedValueFilterIs400InvalidFilter() {
    scim.get("/Users", "filter", "emails[type eq \"work\"").assertError(400, "invalidFilter");
  }

  @Test
  void sortOrderSidewaysIs400InvalidValue() {
    scim.get("/Users", "sortOrder", "sideways").assertError(400, "invalidValue");
  }

  @Test
  void startIndexNotANumberIs400InvalidValue() {
    scim.get("/Users", "startIndex", "abc").assertError(400, "invalidValue");
    scim.get("/Users", "count", "many").assertError(400, "invalidValue");
  }

  // --- PATCH

  @Test
  void patchWithBadPathIs400InvalidPath() {
    patch("{\"op\":\"replace\",\"path\":\"noSuchAttribute\",\"value\":\"x\"}").assertError(400, "invalidPath");
    patch("{\"op\":\"replace\",\"path\":\"name.noSuchSub\",\"value\":\"x\"}").assertError(400, "invalidPath");
    patch("{\"op\":\"replace\",\"path\":\"name.givenName.first\",\"value\":\"x\"}").assertError(400, "invalidPath");
    patch("{\"op\":\"replace\",\"path\":\"emails[type eq \\\"work\\\"]]\",\"value\":\"x\"}")
        .assertError(400, "invalidPath");
    patch("{\"op\":\"replace\",\"path\":\"urn:example:nope:thing\",\"value\":\"x\"}").assertError(400, "invalidPath");
  }

  @Test
  void unclosedValueFilterInPatchPathIs400InvalidPath() {
    String id = scim.post("/Users", Users.oktaCreate(Users.randomUserName(), "Un", "Closed")).assertScim(201)
        .path("id").asText();
    JsonNode before = scim.get("/Users/" + id).assertScim(200);
    // The grammar library reads the unclosed filter as if it were closed; the remove must not go ahead.
    scim.patch("/Users/" + id, patchOp("{\"op\":\"remove\",\"path\":\"emails[type eq \\\"work\\\"\"}"))
        .assertError(400, "invalidPath");
    assertEquals(before, scim.get("/Users/" + id).assertScim(200));
  }

  @Test
  void pathlessPatchWithNothingToSetIs400InvalidValue() {
    patch("{\"op\":\"replace\",\"value\":{}}").assertError(400, "invalidValue");
    patch("{\"op\":\"add\",\"value\":{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"]}}")
        .assertError(400, "invalidValue");
  }

  @Test
  void removeWithoutPathIs400NoTarget() {
    patch("{\"op\":\"remove\"}").assertError(400, "noTarget");
  }

  @Test
  void removingRequiredUserNameIs400InvalidValue() {
    patch("{\"op\":\"remove\",\"path\":\"userName\"}").assertError(400, "invalidValue");
  }

  @Test
  void unknownPatchOpIs400InvalidSyntax() {
    patch("{\"op\":\"delete\",\"path\":\"displayName\"}").assertError(400, "invalidSyntax");
  }

  @Test
  void patchWithoutOperationsIs400InvalidSyntax() {
    scim.patch("/Users/" + userId, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"]}")
        .assertError(400, "invalidSyntax");
  }

  @Test
  void patchWritingIdIs400Mutability() {
    patch("{\"op\":\"replace\",\"path\":\"id\",\"value\":\"" + UUID.randomUUID() + "\"}").assertError(400, "mutability");
    patch("{\"op\":\"replace\",\"value\":{\"id\":\"" + UUID.randomUUID() + "\"}}").assertError(400, "mutability");
  }

  @Test
  void patchWritingMetaCreatedIs400Mutability() {
    patch("{\"op\":\"replace\",\"path\":\"meta.created\",\"value\":\"2001-01-01T00:00:00Z\"}")
        .assertError(400, "mutability");
    patch("{\"op\":\"replace\",\"value\":{\"meta\":{\"created\":\"2001-01-01T00:00:00Z\"}}}")
        .assertError(400, "mutability");
  }

  @Test
  void patchWritingGroupsIs400Mutability() {
    patch("{\"op\":\"add\",\"path\":\"groups\",\"value\":[{\"value\":\"g1\"}]}").assertError(400, "mutability");
    patch("{\"op\":\"add\",\"value\":{\"groups\":[{\"value\":\"g1\"}]}}").assertError(400, "mutability");
  }

  @Test
  void rejectedPatchesLeftTheUserUnchanged() {
    JsonNode before = scim.get("/Users/" + userId).assertScim(200);
    patch("{\"op\":\"replace\",\"path\":\"meta.created\",\"value\":\"2001-01-01T00:00:00Z\"}")
        .assertError(400, "mutability");
    patch("{\"op\":\"delete\",\"path\":\"displayName\"}").assertError(400, "invalidSyntax");
    assertEquals(before, scim.get("/Users/" + userId).assertScim(200));
  }

  // --- mutability on POST and PUT

  @Test
  void postWithIdIs400Mutability() {
    scim.post("/Users", userWith("\"id\":\"" + UUID.randomUUID() + "\"")).assertError(400, "mutability");
  }

  @Test
  void putWhoseBodyIdDiffersFromUrlIs400Mutability() {
    scim.put("/Users/" + userId, "{\"id\":\"" + UUID.randomUUID() + "\",\"userName\":\"" + userName + "\"}")
        .assertError(400, "mutability");
  }

  // --- unknown resources, endpoints, methods

  @Test
  void theBareBaseUrlIsAScim404ThatNamesTheResources() {
    for (String method : new String[] {"GET", "POST", "DELETE"}) {
      JsonNode error = scim.send(method, "", method.equals("POST") ? "{}" : null).assertError(404, null);
      assertTrue(error.path("detail").asText().contains("/Users"), error.toString());
    }
  }

  @Test
  void unknownUserIdIs404OnEveryMethod() {
    String unknown = "/Users/" + UUID.randomUUID();
    scim.get(unknown).assertError(404, null);
    scim.put(unknown, Users.minimal(Users.randomUserName())).assertError(404, null);
    scim.patch(unknown, patchOp("{\"op\":\"replace\",\"path\":\"title\",\"value\":\"x\"}")).assertError(404, null);
    scim.delete(unknown).assertError(404, null);
  }

  @Test
  void nonUuidUserIdIs404OnEveryMethod() {
    for (String id : new String[] {"not-a-uuid", "123", userId.toUpperCase() + "0"}) {
      String path = "/Users/" + id;
      scim.get(path).assertError(404, null);
      scim.put(path, Users.minimal(Users.randomUserName())).assertError(404, null);
      scim.patch(path, patchOp("{\"op\":\"replace\",\"path\":\"title\",\"value\":\"x\"}")).assertError(404, null);
      scim.delete(path).assertError(404, null);
    }
  }

  @Test
  void unknownEndpointUnderBaseUrlIs404ScimError() {
    scim.get("/Nope").assertError(404, null);
    scim.get("/Users/" + userId + "/extra").assertError(404, null);
    scim.post("/Bulk/x", "{}").assertError(404, null);
  }

  @Test
  void unsupportedMethodIs405ScimError() {
    ScimClient.Response deleteAll = scim.delete("/Users");
    deleteAll.assertError(405, null);
    assertNotNull(deleteAll.header("Allow"), "405 names the allowed methods");
    scim.put("/Users", Users.minimal(Users.randomUserName())).assertError(405, null);
    // Allow lists what the routes serve at that path, a path with parameters included.
    assertEquals("GET, POST", deleteAll.header("Allow"));
    ScimClient.Response postToOne = scim.post("/Users/" + userId, Users.minimal(Users.randomUserName()));
    postToOne.assertError(405, null);
    assertEquals("GET, PUT, PATCH, DELETE", postToOne.header("Allow"));
  }

  @Test
  void bodyOverTheLimitIs413() {
    // The server's limit is 4 MiB; 5 MB of valid JSON must be refused for its size, not parsed.
    StringBuilder big = new StringBuilder(5_100_000).append("{\"userName\":\"")
        .append(Users.randomUserName()).append("\",\"displayName\":\"");
    big.append("x".repeat(5_000_000)).append("\"}");
    scim.post("/Users", big.toString()).assertError(413, null);
  }

  // --- password is writeOnly, returned never (RFC 7643 section 4.1.1)

  @Test
  void passwordIsNeverReturned() {
    String name = Users.randomUserName();
    ScimClient.Response created = scim.post("/Users", Users.oktaCreate(name, "Pat", "Word"));
    assertNoPassword(created.assertScim(201));
    String path = "/Users/" + created.json().path("id").asText();

    assertNoPassword(scim.get(path).assertScim(200));
    assertNoPassword(scim.get(path + "?attributes=password,userName").assertScim(200));
    assertNoPassword(scim.get("/Users", "filter", "userName eq \"" + name + "\"").assertScim(200));
    assertNoPassword(scim.post("/Users/.search", "{\"filter\":\"userName eq \\\"" + name + "\\\"\","
        + "\"attributes\":[\"password\"]}").assertScim(200));
    assertNoPassword(scim.put(path, "{\"userName\":\"" + name + "\",\"password\":\"s3cret-put\"}").assertScim(200));
    assertNoPassword(scim.patch(path, patchOp(
        "{\"op\":\"replace\",\"value\":{\"password\":\"s3cret-patch\",\"title\":\"Dr\"}}")).assertScim(200));
    assertNoPassword(scim.get(path).assertScim(200));
  }

  @Test
  void pathlessPatchOfOnlyPasswordIsAcceptedLikeOktaPasswordSync() {
    // Okta's password push sends the new password alone; POST and PUT accept password, so PATCH must too.
    assertNoPassword(patch("{\"op\":\"replace\",\"value\":{\"password\":\"s3cret-sync\"}}").assertScim(200));
  }

  @Test
  void patchOfPasswordByPathIsAcceptedAndNotReturned() {
    // password is writeOnly: it "MAY be updated at any time" (RFC 7643 section 7), also by a PATCH with a path.
    assertNoPassword(patch("{\"op\":\"replace\",\"path\":\"password\",\"value\":\"s3cret-path\"}").assertScim(200));
  }

  // --- helpers

  private static ScimClient.Response patch(String operation) {
    return scim.patch("/Users/" + userId, patchOp(operation));
  }

  private static String patchOp(String... operations) {
    return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":["
        + String.join(",", operations) + "]}";
  }

  /** A valid new user with one more member. */
  private static String userWith(String member) {
    return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + Users.randomUserName()
        + "\"," + member + "}";
  }

  private static void assertNoPassword(JsonNode body) {
    String text = body.toString();
    assertFalse(text.contains("\"password\""), "password returned: " + text);
    assertFalse(text.contains("s3cret") || text.contains("1mz050nq"), "password value returned: " + text);
    assertTrue(body.path("schemas").size() > 0);
  }
}
