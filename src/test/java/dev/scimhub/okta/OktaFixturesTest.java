package dev.scimhub.okta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimhub.support.Fixtures;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.TestServer;
import dev.scimhub.support.Users;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The requests Okta's SCIM 2.0 provisioning sends for users, replayed from {@code fixtures/okta/} and checked by
 * reading back what was stored, the way Okta itself looks users up.
 */
class OktaFixturesTest {

  private static final String LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

  private static ScimClient scim;

  @BeforeAll
  static void tenant() {
    scim = TestServer.get().newTenant().scim();
  }

  @Test
  void createUserIsStoredAndFoundByTheUserNameLookupOktaMakesFirst() {
    String userName = Users.randomUserName();
    assertEquals(0, lookup(scim, userName).path("totalResults").asInt(), "Okta checks the user does not exist yet");

    ScimClient.Response response = scim.post("/Users", fixture("create-user.json", Map.of("userName", userName)));
    JsonNode created = response.assertScim(201);
    String id = created.path("id").asText();
    assertFalse(id.isBlank());
    assertEquals(created.path("meta").path("location").asText(), response.header("Location"));

    JsonNode stored = scim.get("/Users/" + id).assertScim(200);
    assertEquals(created, stored);
    assertEquals(userName, stored.path("userName").asText());
    assertEquals("Jordan", stored.path("name").path("givenName").asText());
    assertEquals("Rivera", stored.path("name").path("familyName").asText());
    assertEquals("Jordan Rivera", stored.path("displayName").asText());
    assertEquals("en-US", stored.path("locale").asText());
    assertEquals("00u8rk2q1vJm5XcLw4x7", stored.path("externalId").asText());
    assertEquals(1, stored.path("emails").size());
    JsonNode email = stored.path("emails").path(0);
    assertEquals(userName, email.path("value").asText());
    assertEquals("work", email.path("type").asText());
    assertTrue(email.path("primary").asBoolean());
    assertTrue(stored.path("active").asBoolean());
    assertTrue(stored.path("password").isMissingNode(), "password is writeOnly");

    assertFoundOnlyById(lookup(scim, userName), id);
  }

  @Test
  void putWithChangedUserNameMovesTheLookupToTheNewUserName() {
    String oldUserName = Users.randomUserName();
    JsonNode created = createUser(oldUserName);
    String id = created.path("id").asText();
    String newUserName = Users.randomUserName();

    JsonNode replaced = scim.put("/Users/" + id, fixture("put-user.json", Map.of("id", id, "userName", newUserName)))
        .assertScim(200);
    assertEquals(id, replaced.path("id").asText());

    JsonNode stored = scim.get("/Users/" + id).assertScim(200);
    assertEquals(replaced, stored);
    assertEquals(newUserName, stored.path("userName").asText());
    assertEquals("Jo", stored.path("name").path("givenName").asText());
    assertEquals("Rivera-Okafor", stored.path("name").path("familyName").asText());
    assertEquals("Jo Rivera-Okafor", stored.path("displayName").asText());
    assertEquals(newUserName, stored.path("emails").path(0).path("value").asText());
    assertEquals("00u8rk2q1vJm5XcLw4x7", stored.path("externalId").asText());
    assertTrue(stored.path("active").asBoolean());
    assertEquals(created.path("meta").path("created"), stored.path("meta").path("created"));
    assertEquals("User", stored.path("meta").path("resourceType").asText());

    JsonNode byOldName = lookup(scim, oldUserName);
    assertEquals(0, byOldName.path("totalResults").asInt(), byOldName.toString());
    assertEquals(0, byOldName.path("Resources").size());
    assertFoundOnlyById(lookup(scim, newUserName), id);
  }

  @Test
  void patchDeactivateThenReactivateKeepsTheUserAndItsProfile() {
    String userName = Users.randomUserName();
    JsonNode created = createUser(userName);
    String id = created.path("id").asText();

    JsonNode deactivated = scim.patch("/Users/" + id, fixture("patch-deactivate.json", Map.of())).assertScim(200);
    assertFalse(deactivated.path("active").asBoolean(true));
    JsonNode storedInactive = scim.get("/Users/" + id).assertScim(200);
    assertFalse(storedInactive.path("active").asBoolean(true));
    assertSameProfile(created, storedInactive);
    assertFoundOnlyById(lookup(scim, userName), id);

    JsonNode reactivated = scim.patch("/Users/" + id, fixture("patch-reactivate.json", Map.of())).assertScim(200);
    assertTrue(reactivated.path("active").asBoolean(false));
    JsonNode storedActive = scim.get("/Users/" + id).assertScim(200);
    assertTrue(storedActive.path("active").asBoolean(false));
    assertSameProfile(created, storedActive);
    assertFoundOnlyById(lookup(scim, userName), id);
  }

  @Test
  void pathlessPatchReplacesOnlyTheAttributesItNames() {
    String userName = Users.randomUserName();
    JsonNode created = createUser(userName);
    String id = created.path("id").asText();

    JsonNode patched = scim.patch("/Users/" + id, fixture("patch-profile.json", Map.of())).assertScim(200);

    JsonNode stored = scim.get("/Users/" + id).assertScim(200);
    assertEquals(patched, stored);
    assertEquals("Okafor", stored.path("name").path("familyName").asText());
    assertEquals("Jordan", stored.path("name").path("givenName").asText(),
        "sub-attributes left out of a replaced complex value stay (RFC 7644 section 3.5.2.3): " + stored);
    assertEquals("Jordan Okafor", stored.path("displayName").asText());
    assertEquals("Staff Engineer", stored.path("title").asText());
    assertEquals(userName, stored.path("userName").asText());
    assertEquals(created.path("emails"), stored.path("emails"));
    assertEquals(created.path("externalId"), stored.path("externalId"));
    assertEquals(created.path("locale"), stored.path("locale"));
    assertTrue(stored.path("active").asBoolean(false));
  }

  @Test
  void importPagesThroughEveryUserHundredAtATime() {
    ScimClient tenant = TestServer.get().newTenant().scim();
    Set<String> created = new HashSet<>();
    for (int i = 0; i < 105; i++) {
      created.add(createUser(tenant, Users.randomUserName()).path("id").asText());
    }

    JsonNode first = tenant.get("/Users?startIndex=1&count=100").assertScim(200);
    assertListResponse(first, 105, 1, 100);
    JsonNode second = tenant.get("/Users?startIndex=101&count=100").assertScim(200);
    assertListResponse(second, 105, 101, 5);

    Set<String> imported = new HashSet<>();
    first.path("Resources").forEach(user -> imported.add(user.path("id").asText()));
    second.path("Resources").forEach(user -> imported.add(user.path("id").asText()));
    assertEquals(created, imported, "the two pages hold every user exactly once");
  }

  @Test
  void testApiCredentialsSucceedsOnATenantWithNoUsers() {
    ScimClient tenant = TestServer.get().newTenant().scim();
    JsonNode page = tenant.get("/Users?startIndex=1&count=2").assertScim(200);
    assertListResponse(page, 0, 1, 0);
  }

  @Test
  void testApiCredentialsReturnsAtMostTwoUsers() {
    ScimClient tenant = TestServer.get().newTenant().scim();
    for (int i = 0; i < 3; i++) {
      createUser(tenant, Users.randomUserName());
    }
    JsonNode page = tenant.get("/Users?startIndex=1&count=2").assertScim(200);
    assertListResponse(page, 3, 1, 2);
  }

  private static JsonNode createUser(String userName) {
    return createUser(scim, userName);
  }

  private static JsonNode createUser(ScimClient client, String userName) {
    return client.post("/Users", fixture("create-user.json", Map.of("userName", userName))).assertScim(201);
  }

  /** The existence check Okta sends before creating or linking a user. */
  private static JsonNode lookup(ScimClient client, String userName) {
    String filter = ScimClient.encode("userName eq \"" + userName + "\"");
    JsonNode page = client.get("/Users?filter=" + filter + "&startIndex=1&count=100").assertScim(200);
    assertTrue(hasValue(page.path("schemas"), LIST_RESPONSE), page.toString());
    return page;
  }

  private static void assertFoundOnlyById(JsonNode page, String id) {
    assertEquals(1, page.path("totalResults").asInt(), page.toString());
    assertEquals(1, page.path("Resources").size(), page.toString());
    assertEquals(id, page.path("Resources").path(0).path("id").asText());
  }

  private static void assertListResponse(JsonNode page, int totalResults, int startIndex, int itemsPerPage) {
    assertTrue(hasValue(page.path("schemas"), LIST_RESPONSE), page.toString());
    assertEquals(totalResults, page.path("totalResults").asInt(-1), "totalResults");
    assertEquals(startIndex, page.path("startIndex").asInt(-1), "startIndex");
    assertEquals(itemsPerPage, page.path("itemsPerPage").asInt(-1), "itemsPerPage");
    assertTrue(page.path("Resources").isArray(), "Resources is an array, even when empty");
    assertEquals(itemsPerPage, page.path("Resources").size());
  }

  private static void assertSameProfile(JsonNode expected, JsonNode actual) {
    for (String attribute : new String[] {"userName", "name", "emails", "displayName", "locale", "externalId"}) {
      assertEquals(expected.path(attribute), actual.path(attribute), attribute);
    }
  }

  private static boolean hasValue(JsonNode array, String value) {
    for (JsonNode item : array) {
      if (value.equals(item.asText())) {
        return true;
      }
    }
    return false;
  }

  /** A fixture with each {@code ${name}} replaced by its value, escaped for a JSON string. */
  private static String fixture(String name, Map<String, String> values) {
    return Fixtures.load("okta/" + name, values);
  }
}
