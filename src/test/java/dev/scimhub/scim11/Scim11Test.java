package dev.scimhub.scim11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimhub.support.Groups;
import dev.scimhub.support.Fixtures;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.Tenants.TestTenant;
import dev.scimhub.support.TestServer;
import dev.scimhub.support.Users;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SCIM 1.1 at {@code /tenants/{tenant}/scim/v1}, as Okta's "SCIM 1.1 Header Auth" apps use it: Okta's request shapes
 * from {@code fixtures/okta-scim11/}, each checked by reading back what was stored, over 1.1 and, where the point is
 * that both versions share the data, over 2.0.
 */
class Scim11Test {

  private static final String CORE_1 = "urn:scim:schemas:core:1.0";
  private static final String ENTERPRISE_1 = "urn:scim:schemas:extension:enterprise:1.0";
  private static final String OKTA_GROUP = "urn:okta:custom:group:1.0";
  private static final String OKTA_PROVIDER_CONFIG = "urn:okta:schemas:scim:providerconfig:1.0";
  private static final String CORE_USER_2 = "urn:ietf:params:scim:schemas:core:2.0:User";
  private static final String ENTERPRISE_2 = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
  private static final String CORE_GROUP_2 = "urn:ietf:params:scim:schemas:core:2.0:Group";

  private static TestTenant tenant;
  private static ScimClient v1;
  private static ScimClient v2;

  @BeforeAll
  static void tenant() {
    tenant = TestServer.get().newTenant();
    v1 = scim11(tenant);
    v2 = tenant.scim();
  }

  @Test
  void oktaCreateIsStoredUnderTheCore1SchemaAndReadBack() {
    String userName = Users.randomUserName();
    ScimClient.Response response = v1.post("/Users", fixture("create-user.json", Map.of("userName", userName)));
    JsonNode created = response.assertScim(201);
    String id = created.path("id").asText();
    assertEquals(v1.base() + "/Users/" + id, response.header("Location"));
    assertEquals(response.header("Location"), created.path("meta").path("location").asText());

    JsonNode stored = v1.get("/Users/" + id).assertScim(200);
    assertEquals(created, stored);
    assertEquals(List.of(CORE_1), texts(stored.path("schemas")));
    assertEquals(userName, stored.path("userName").asText());
    assertEquals("Priya", stored.path("name").path("givenName").asText());
    assertEquals("Raman", stored.path("name").path("familyName").asText());
    assertEquals("Priya Raman", stored.path("displayName").asText());
    assertEquals("en_US", stored.path("locale").asText());
    assertEquals("00u4qz9wbnXk3LmT70h8", stored.path("externalId").asText());
    assertEquals(userName, stored.path("emails").path(0).path("value").asText());
    assertTrue(stored.path("emails").path(0).path("primary").asBoolean());
    assertTrue(stored.path("active").asBoolean());
    assertTrue(stored.path("password").isMissingNode(), "password is never returned");
  }

  @Test
  void enterpriseExtensionTravelsUnderItsOneDotZeroName() {
    String body = """
        {"schemas":["%s","%s"],"userName":"%s","name":{"givenName":"Tomás","familyName":"Lindqvist"},
         "%s":{"employeeNumber":"E-4411","department":"Finance"}}"""
        .formatted(CORE_1, ENTERPRISE_1, Users.randomUserName(), ENTERPRISE_1);
    String id = v1.post("/Users", body).assertScim(201).path("id").asText();

    JsonNode overV1 = v1.get("/Users/" + id).assertScim(200);
    assertEquals(List.of(CORE_1, ENTERPRISE_1), texts(overV1.path("schemas")));
    assertEquals("Finance", overV1.path(ENTERPRISE_1).path("department").asText());
    assertEquals("E-4411", overV1.path(ENTERPRISE_1).path("employeeNumber").asText());
    assertTrue(overV1.path(ENTERPRISE_2).isMissingNode(), overV1.toString());

    JsonNode overV2 = v2.get("/Users/" + id).assertScim(200);
    assertEquals(List.of(CORE_USER_2, ENTERPRISE_2), texts(overV2.path("schemas")));
    assertEquals("Finance", overV2.path(ENTERPRISE_2).path("department").asText());
    assertTrue(overV2.path(ENTERPRISE_1).isMissingNode(), overV2.toString());
  }

  @Test
  void oktaPutReplacesTheProfileAndIgnoresTheEchoedMeta() {
    String userName = Users.randomUserName();
    JsonNode created = createUser(userName);
    String id = created.path("id").asText();

    JsonNode replaced = v1.put("/Users/" + id, fixture("put-user.json", Map.of("id", id, "userName", userName)))
        .assertScim(200);

    JsonNode stored = v1.get("/Users/" + id).assertScim(200);
    assertEquals(replaced, stored);
    assertEquals("Raman-Iyer", stored.path("name").path("familyName").asText());
    assertEquals("Priya Raman-Iyer", stored.path("displayName").asText());
    assertEquals(userName, stored.path("userName").asText());
    assertTrue(stored.path("active").asBoolean());
    assertEquals(created.path("meta").path("created"), stored.path("meta").path("created"),
        "meta is readOnly: the date Okta echoes is not stored");
    assertEquals("Raman-Iyer", v2.get("/Users/" + id).assertScim(200).path("name").path("familyName").asText());
  }

  @Test
  void patchDeactivatesAndReactivatesAnswering200WithTheUser() {
    String userName = Users.randomUserName();
    JsonNode created = createUser(userName);
    String id = created.path("id").asText();

    JsonNode deactivated = v1.patch("/Users/" + id, fixture("patch-deactivate.json", Map.of("id", id)))
        .assertScim(200);
    assertEquals(id, deactivated.path("id").asText());
    assertEquals(List.of(CORE_1), texts(deactivated.path("schemas")));
    assertFalse(deactivated.path("active").asBoolean(true));
    JsonNode inactive = v1.get("/Users/" + id).assertScim(200);
    assertFalse(inactive.path("active").asBoolean(true));
    assertEquals(created.path("name"), inactive.path("name"), "deactivation keeps the profile");
    assertEquals(created.path("emails"), inactive.path("emails"));
    assertFalse(v2.get("/Users/" + id).assertScim(200).path("active").asBoolean(true));

    JsonNode reactivated = v1.patch("/Users/" + id, fixture("patch-reactivate.json", Map.of("id", id)))
        .assertScim(200);
    assertTrue(reactivated.path("active").asBoolean(false));
    JsonNode active = v1.get("/Users/" + id).assertScim(200);
    assertTrue(active.path("active").asBoolean(false));
    assertEquals(userName, active.path("userName").asText());
    assertTrue(v2.get("/Users/" + id).assertScim(200).path("active").asBoolean(false));
  }

  @Test
  void metaAttributesRemovesTheListedAttributesAndKeepsTheRest() {
    String body = """
        {"schemas":["%s"],"userName":"%s","name":{"givenName":"Ines","familyName":"Okoro"},
         "title":"Buyer","nickName":"Nessa"}""".formatted(CORE_1, Users.randomUserName());
    String id = v1.post("/Users", body).assertScim(201).path("id").asText();

    JsonNode patched = v1.patch("/Users/" + id,
        "{\"schemas\":[\"" + CORE_1 + "\"],\"meta\":{\"attributes\":[\"title\"]}}").assertScim(200);

    JsonNode stored = v1.get("/Users/" + id).assertScim(200);
    assertEquals(patched, stored);
    assertTrue(stored.path("title").isMissingNode(), stored.toString());
    assertEquals("Nessa", stored.path("nickName").asText());
    assertEquals("Okoro", stored.path("name").path("familyName").asText());
    assertTrue(v2.get("/Users/" + id).assertScim(200).path("title").isMissingNode());
  }

  @Test
  void userCreatedOverOneDotOneIsTheSameUserOverTwoDotZero() {
    String userName = Users.randomUserName();
    JsonNode created = createUser(userName);
    String id = created.path("id").asText();

    JsonNode overV2 = v2.get("/Users/" + id).assertScim(200);
    assertEquals(List.of(CORE_USER_2), texts(overV2.path("schemas")));
    assertEquals(userName, overV2.path("userName").asText());
    assertEquals(created.path("name"), overV2.path("name"));
    assertEquals(created.path("emails"), overV2.path("emails"));
    assertEquals(created.path("meta").path("version"), overV2.path("meta").path("version"));
    assertEquals(v2.base() + "/Users/" + id, overV2.path("meta").path("location").asText());

    JsonNode found = v2.get("/Users", "filter", "userName eq \"" + userName + "\"").assertScim(200);
    assertEquals(List.of(id), Groups.resourceIds(found));
    // The same userName is taken whichever version asks.
    v2.post("/Users", Users.minimal(userName)).assertError(409, "uniqueness");
  }

  @Test
  void userCreatedOverTwoDotZeroIsTheSameUserOverOneDotOne() {
    String userName = Users.randomUserName();
    String body = """
        {"schemas":["%s","%s"],"userName":"%s","name":{"givenName":"Kwame","familyName":"Asante"},
         "emails":[{"value":"%s","type":"work","primary":true}],"%s":{"department":"Sales"}}"""
        .formatted(CORE_USER_2, ENTERPRISE_2, userName, userName, ENTERPRISE_2);
    String id = v2.post("/Users", body).assertScim(201).path("id").asText();

    JsonNode overV1 = v1.get("/Users/" + id).assertScim(200);
    assertEquals(List.of(CORE_1, ENTERPRISE_1), texts(overV1.path("schemas")));
    assertEquals(userName, overV1.path("userName").asText());
    assertEquals("Asante", overV1.path("name").path("familyName").asText());
    assertEquals("Sales", overV1.path(ENTERPRISE_1).path("department").asText());
    assertEquals(v1.base() + "/Users/" + id, overV1.path("meta").path("location").asText());

    v1.patch("/Users/" + id, fixture("patch-deactivate.json", Map.of("id", id))).assertScim(200);
    assertFalse(v2.get("/Users/" + id).assertScim(200).path("active").asBoolean(true));
  }

  @Test
  void filtersAndAttributesAcceptTheOneDotZeroNames() {
    String userName = Users.randomUserName();
    String department = "Dept " + UUID.randomUUID();
    String body = """
        {"schemas":["%s","%s"],"userName":"%s","name":{"givenName":"Mei","familyName":"Tanaka"},
         "title":"Analyst","%s":{"department":"%s"}}"""
        .formatted(CORE_1, ENTERPRISE_1, userName, ENTERPRISE_1, department);
    String id = v1.post("/Users", body).assertScim(201).path("id").asText();

    for (String filter : new String[] {
        "userName eq \"" + userName + "\"",
        CORE_1 + ":userName eq \"" + userName + "\"",
        ENTERPRISE_1 + ":department eq \"" + department + "\"",
        CORE_1 + ":name.familyName eq \"Tanaka\" and " + ENTERPRISE_1 + ":department eq \"" + department + "\""}) {
      JsonNode page = v1.get("/Users", "filter", filter).assertScim(200);
      assertEquals(List.of(id), Groups.resourceIds(page), filter);
    }

    JsonNode projected = v1.get("/Users/" + id, "attributes",
        CORE_1 + ":userName," + ENTERPRISE_1 + ":department").assertScim(200);
    assertEquals(userName, projected.path("userName").asText());
    assertEquals(department, projected.path(ENTERPRISE_1).path("department").asText());
    assertEquals(id, projected.path("id").asText(), "id is always returned");
    assertTrue(projected.path("title").isMissingNode(), projected.toString());
    assertTrue(projected.path("name").isMissingNode(), projected.toString());
  }

  @Test
  void listsPageInTheCore1ListShape() {
    TestTenant fresh = TestServer.get().newTenant();
    ScimClient scim = scim11(fresh);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(scim.post("/Users", fixture("create-user.json", Map.of("userName", Users.randomUserName())))
          .assertScim(201).path("id").asText());
    }

    JsonNode second = scim.get("/Users?startIndex=2&count=1").assertScim(200);
    assertEquals(List.of(CORE_1), texts(second.path("schemas")));
    assertEquals(3, second.path("totalResults").asInt(-1));
    assertEquals(1, second.path("itemsPerPage").asInt(-1));
    assertEquals(2, second.path("startIndex").asInt(-1));
    assertEquals(List.of(ids.get(1)), Groups.resourceIds(second));
    assertEquals(List.of(CORE_1), texts(second.path("Resources").path(0).path("schemas")));

    JsonNode all = scim.get("/Users?startIndex=1&count=100").assertScim(200);
    assertEquals(ids, Groups.resourceIds(all), "creation order, the same on every page");

    JsonNode countOnly = scim.get("/Users?count=0").assertScim(200);
    assertEquals(3, countOnly.path("totalResults").asInt(-1));
    assertEquals(0, countOnly.path("Resources").size());
  }

  @Test
  void malformedFilterIs400WithBothErrorForms() {
    for (String filter : new String[] {"userName eq \"unclosed", "userName xx \"a\"", "(userName eq \"a\""}) {
      JsonNode error = assertOneDotOneError(v1.get("/Users", "filter", filter), 400, "invalidFilter");
      assertFalse(error.path("detail").asText().isBlank(), filter);
    }
  }

  @Test
  void errorsCarryTheErrorsArrayBesideTheDetail() {
    assertOneDotOneError(v1.get("/Users/" + UUID.randomUUID()), 404, null);
    assertOneDotOneError(v1.get("/Groups/" + UUID.randomUUID()), 404, null);
    assertOneDotOneError(v1.get(""), 404, null);

    String userName = Users.randomUserName();
    createUser(userName);
    assertOneDotOneError(v1.post("/Users", fixture("create-user.json", Map.of("userName", userName))), 409,
        "uniqueness");
    assertOneDotOneError(v1.withAuthorization("not-a-token").get("/Users"), 401, null);
  }

  @Test
  void serviceProviderConfigsAnnouncesOktasUserManagementCapabilities() {
    JsonNode config = v1.get("/ServiceProviderConfigs").assertScim(200);
    assertEquals(List.of(CORE_1, OKTA_PROVIDER_CONFIG), texts(config.path("schemas")));
    List<String> capabilities = texts(config.path(OKTA_PROVIDER_CONFIG).path("userManagementCapabilities"));
    for (String capability : new String[] {"GROUP_PUSH", "IMPORT_NEW_USERS", "IMPORT_PROFILE_UPDATES",
        "PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "PUSH_USER_DEACTIVATION", "REACTIVATE_USERS"}) {
      assertTrue(capabilities.contains(capability), capability + " in " + capabilities);
    }
    assertTrue(config.path("patch").path("supported").asBoolean(false));
    assertTrue(config.path("filter").path("supported").asBoolean(false));
    assertEquals(TestServer.get().config().maxResults(), config.path("filter").path("maxResults").asInt());
    assertFalse(config.path("authenticationSchemes").path(0).path("type").asText().isBlank());
    assertEquals(v1.base() + "/ServiceProviderConfigs", config.path("meta").path("location").asText());
  }

  @Test
  void schemasAndResourceTypesAreListedInTheCore1Shape() {
    JsonNode types = v1.get("/ResourceTypes").assertScim(200);
    assertEquals(List.of(CORE_1), texts(types.path("schemas")));
    List<String> endpoints = new ArrayList<>();
    types.path("Resources").forEach(type -> endpoints.add(type.path("endpoint").asText()));
    assertEquals(List.of("/Users", "/Groups"), endpoints);
    assertEquals(v1.base() + "/ResourceTypes/User",
        types.path("Resources").path(0).path("meta").path("location").asText());

    JsonNode schemas = v1.get("/Schemas").assertScim(200);
    // Okta's SCIM 1.1 test reads the schema list as urn:scim:schemas:core:1.0:ListResponse (the other 1.1 lists: core).
    assertEquals(List.of(CORE_1 + ":ListResponse"), texts(schemas.path("schemas")));
    List<String> ids = new ArrayList<>();
    schemas.path("Resources").forEach(schema -> {
      ids.add(schema.path("id").asText());
      assertTrue(schema.path("attributes").size() > 0, schema.path("id").asText());
    });
    assertTrue(ids.contains(OKTA_GROUP), ids.toString());
    assertEquals(OKTA_GROUP, v1.get("/Schemas/" + OKTA_GROUP).assertScim(200).path("id").asText());
  }

  @Test
  void postToADiscoveryEndpointIs405() {
    for (String endpoint : new String[] {"/ServiceProviderConfigs", "/ResourceTypes", "/Schemas"}) {
      // Okta's suite posts the word "test" as its body.
      ScimClient.Response response = v1.post(endpoint, "test");
      assertOneDotOneError(response, 405, null);
      assertEquals("GET", response.header("Allow"), endpoint);
      v1.get(endpoint).assertScim(200);
    }
  }

  @Test
  void groupPushStoresAndReturnsTheOktaDescription() {
    String displayName = Groups.randomDisplayName();
    ScimClient.Response response = v1.post("/Groups", fixture("create-group.json",
        Map.of("displayName", displayName)));
    JsonNode created = response.assertScim(201);
    String id = created.path("id").asText();
    assertEquals(v1.base() + "/Groups/" + id, response.header("Location"));

    JsonNode overV1 = v1.get("/Groups/" + id).assertScim(200);
    assertEquals(List.of(CORE_1, OKTA_GROUP), texts(overV1.path("schemas")));
    assertEquals(displayName, overV1.path("displayName").asText());
    assertEquals("Everyone in the Lisbon office", overV1.path(OKTA_GROUP).path("description").asText());
    assertEquals(0, overV1.path("members").size());

    JsonNode overV2 = v2.get("/Groups/" + id).assertScim(200);
    assertEquals(List.of(CORE_GROUP_2, OKTA_GROUP), texts(overV2.path("schemas")));
    assertEquals("Everyone in the Lisbon office", overV2.path(OKTA_GROUP).path("description").asText());

    JsonNode found = v1.get("/Groups", "filter", "displayName eq \"" + displayName + "\"").assertScim(200);
    assertEquals(List.of(CORE_1), texts(found.path("schemas")));
    assertEquals(List.of(id), Groups.resourceIds(found));
  }

  @Test
  void listingAMemberInAPatchAddsItAnswering204() {
    String groupId = createGroup();
    String userName = Users.randomUserName();
    String userId = createUser(userName).path("id").asText();

    Groups.assertNoContent(v1.patch("/Groups/" + groupId, fixture("patch-group-add-member.json",
        Map.of("memberId", userId, "memberUserName", userName))));

    JsonNode overV1 = v1.get("/Groups/" + groupId).assertScim(200);
    assertEquals(Groups.ids(userId), Groups.memberIds(overV1));
    assertEquals(Groups.ids(userId), Groups.memberIds(v2.get("/Groups/" + groupId).assertScim(200)));
    JsonNode user = v2.get("/Users/" + userId).assertScim(200);
    assertEquals(groupId, user.path("groups").path(0).path("value").asText(), user.toString());

    // Okta repeats membership pushes; a member listed again stays a single member.
    Groups.assertNoContent(v1.patch("/Groups/" + groupId, fixture("patch-group-add-member.json",
        Map.of("memberId", userId, "memberUserName", userName))));
    assertEquals(Groups.ids(userId), Groups.memberIds(v1.get("/Groups/" + groupId).assertScim(200)));
  }

  @Test
  void operationDeleteRemovesOnlyThatMember() {
    String stayingName = Users.randomUserName();
    String staying = createUser(stayingName).path("id").asText();
    String leavingName = Users.randomUserName();
    String leaving = createUser(leavingName).path("id").asText();
    String groupId = createGroup();
    for (String[] member : new String[][] {{staying, stayingName}, {leaving, leavingName}}) {
      Groups.assertNoContent(v1.patch("/Groups/" + groupId, fixture("patch-group-add-member.json",
          Map.of("memberId", member[0], "memberUserName", member[1]))));
    }

    Groups.assertNoContent(v1.patch("/Groups/" + groupId, fixture("patch-group-remove-member.json",
        Map.of("memberId", leaving, "memberUserName", leavingName))));

    assertEquals(Groups.ids(staying), Groups.memberIds(v1.get("/Groups/" + groupId).assertScim(200)));
    assertEquals(Groups.ids(staying), Groups.memberIds(v2.get("/Groups/" + groupId).assertScim(200)));
    JsonNode leaver = v2.get("/Users/" + leaving).assertScim(200);
    assertEquals(0, leaver.path("groups").size(), "the user stays, without the membership: " + leaver);
  }

  @Test
  void renameChangesOnlyTheDisplayName() {
    String groupId = createGroup();
    String userName = Users.randomUserName();
    String userId = createUser(userName).path("id").asText();
    Groups.assertNoContent(v1.patch("/Groups/" + groupId, fixture("patch-group-add-member.json",
        Map.of("memberId", userId, "memberUserName", userName))));
    String newName = Groups.randomDisplayName();

    Groups.assertNoContent(v1.patch("/Groups/" + groupId, fixture("patch-group-rename.json",
        Map.of("groupId", groupId, "displayName", newName))));

    JsonNode stored = v1.get("/Groups/" + groupId).assertScim(200);
    assertEquals(newName, stored.path("displayName").asText());
    assertEquals(Groups.ids(userId), Groups.memberIds(stored), "a rename leaves the members alone");
    assertEquals("Everyone in the Lisbon office", stored.path(OKTA_GROUP).path("description").asText());
    assertEquals(newName, v2.get("/Groups/" + groupId).assertScim(200).path("displayName").asText());
  }

  @Test
  void deleteAnswers204ThenTheResourceIsGoneOverBothVersions() {
    String userId = createUser(Users.randomUserName()).path("id").asText();
    String groupId = createGroup();

    Groups.assertNoContent(v1.delete("/Users/" + userId));
    Groups.assertNoContent(v1.delete("/Groups/" + groupId));

    assertOneDotOneError(v1.get("/Users/" + userId), 404, null);
    assertOneDotOneError(v1.get("/Groups/" + groupId), 404, null);
    v2.get("/Users/" + userId).assertError(404, null);
    v2.get("/Groups/" + groupId).assertError(404, null);
  }

  /** Asserts a SCIM error in both forms a 1.1 client may read: the 2.0 members and 1.1's {@code Errors}. */
  private static JsonNode assertOneDotOneError(ScimClient.Response response, int status, String scimType) {
    JsonNode error = response.assertError(status, scimType);
    JsonNode errors = error.path("Errors");
    assertEquals(1, errors.size(), error.toString());
    assertEquals(String.valueOf(status), errors.path(0).path("code").asText(), error.toString());
    assertEquals(error.path("detail").asText(), errors.path(0).path("description").asText());
    return error;
  }

  private static JsonNode createUser(String userName) {
    return v1.post("/Users", fixture("create-user.json", Map.of("userName", userName))).assertScim(201);
  }

  private static String createGroup() {
    return v1.post("/Groups", fixture("create-group.json", Map.of("displayName", Groups.randomDisplayName())))
        .assertScim(201).path("id").asText();
  }

  /** The tenant's 1.1 endpoint with the bare token, as Okta's header-auth apps send it. */
  static ScimClient scim11(TestTenant tenant) {
    return new ScimClient(TestServer.get().baseUrl() + "/tenants/" + tenant.id() + "/scim/v1", tenant.token());
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(item -> texts.add(item.asText()));
    return texts;
  }

  /** A fixture with each {@code ${name}} replaced by its value, escaped for a JSON string. */
  private static String fixture(String name, Map<String, String> values) {
    return Fixtures.load("okta-scim11/" + name, values);
  }
}
