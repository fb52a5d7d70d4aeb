package dev.scimhub.quirks;

import static dev.scimhub.support.Groups.ids;
import static dev.scimhub.support.Groups.memberIds;
import static dev.scimhub.support.Groups.quote;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimhub.support.Fixtures;
import dev.scimhub.support.AdminApi;
import dev.scimhub.support.Groups;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.Tenants.TestTenant;
import dev.scimhub.support.TestServer;
import dev.scimhub.support.Users;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A tenant with {@code {"compatibility":"strict"}} gets RFC 7643/7644's own error for each identity-provider
 * deviation the server otherwise tolerates, and nothing changes; RFC-conform requests work as on any tenant.
 */
class StrictModeTest {

  private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

  private static ScimClient scim;

  @BeforeAll
  static void strictTenant() {
    TestTenant tenant = TestServer.get().newTenant();
    scim = tenant.scim();
    setCompatibility(tenant.id(), "strict");
  }

  @Test
  void opNotInLowercaseIs400InvalidSyntax() {
    String user = createUser(Users.randomUserName());
    refusedUnchanged("/Users/" + user, "invalidSyntax",
        () -> scim.patch("/Users/" + user, entra("patch-op-case.json")));
    refusedUnchanged("/Users/" + user, "invalidSyntax",
        () -> scim.patch("/Users/" + user, Groups.patch("{\"op\":\"Replace\",\"path\":\"title\",\"value\":\"x\"}")));

    String member = Groups.createUser(scim);
    String group = Groups.create(scim, Groups.randomDisplayName());
    refusedUnchanged("/Groups/" + group, "invalidSyntax", () -> scim.patch("/Groups/" + group,
        entra("patch-add-members.json", Map.of("member1", member, "member2", member))));
  }

  @Test
  void booleanStringIs400InvalidValue() {
    String userName = Users.randomUserName();
    String user = createUser(userName);
    refusedUnchanged("/Users/" + user, "invalidValue", () -> scim.patch("/Users/" + user,
        Groups.patch("{\"op\":\"replace\",\"path\":\"active\",\"value\":\"True\"}")));
    refusedUnchanged("/Users/" + user, "invalidValue",
        () -> scim.patch("/Users/" + user, Groups.patch("{\"op\":\"replace\",\"value\":{\"active\":\"False\"}}")));
    refusedUnchanged("/Users/" + user, "invalidValue", () -> scim.patch("/Users/" + user,
        Groups.patch("{\"op\":\"replace\",\"path\":\"emails[type eq \\\"work\\\"].primary\",\"value\":\"False\"}")));
    refusedUnchanged("/Users/" + user, "invalidValue", () -> scim.put("/Users/" + user,
        entra("put-user-string-booleans.json", Map.of("id", user, "userName", userName))));

    String other = Users.randomUserName();
    scim.post("/Users", entra("create-user-string-booleans.json", Map.of("userName", other)))
        .assertError(400, "invalidValue");
    assertNoUser(other);
  }

  @Test
  void memberRemovalWithAValueIs400InvalidValue() {
    List<String> users = Groups.createUsers(scim, 2);
    String group = Groups.create(scim, Groups.randomDisplayName(), users.get(0), users.get(1));

    refusedUnchanged("/Groups/" + group, "invalidValue", () -> scim.patch("/Groups/" + group, Groups.patch(
        "{\"op\":\"remove\",\"path\":\"members\",\"value\":[{\"value\":" + quote(users.get(0)) + "}]}")));

    assertEquals(ids(users.get(0), users.get(1)), memberIds(get("/Groups/" + group)));
  }

  @Test
  void unmatchedFilteredPathIs400NoTarget() {
    String user = create(Users.minimal(Users.randomUserName()));
    refusedUnchanged("/Users/" + user, "noTarget", () -> scim.patch("/Users/" + user,
        Groups.patch("{\"op\":\"add\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\"a@example.org\"}")));
    refusedUnchanged("/Users/" + user, "noTarget", () -> scim.patch("/Users/" + user,
        Groups.patch("{\"op\":\"replace\",\"path\":\"addresses[type eq \\\"work\\\"].locality\",\"value\":\"Oslo\"}")));
  }

  @Test
  void valuePathComparisonFilterIs400InvalidFilter() {
    String filter = "emails[type eq \"work\"].value eq \"a@example.org\"";
    scim.get("/Users", "filter", filter).assertError(400, "invalidFilter");
    scim.post("/Users/.search", "{\"filter\":" + quote(filter) + "}").assertError(400, "invalidFilter");
  }

  @Test
  void unquotedFilterValueIs400InvalidFilter() {
    scim.get("/Users", "filter", "userName eq jdoe").assertError(400, "invalidFilter");
    scim.get("/Groups", "filter", "displayName eq Sales").assertError(400, "invalidFilter");
  }

  @Test
  void managerAsABareStringIs400InvalidValue() {
    String manager = createUser(Users.randomUserName());
    String user = createUser(Users.randomUserName());
    refusedUnchanged("/Users/" + user, "invalidValue", () -> scim.patch("/Users/" + user,
        Groups.patch("{\"op\":\"add\",\"path\":\"" + ENTERPRISE + ":manager\",\"value\":" + quote(manager) + "}")));

    String userName = Users.randomUserName();
    scim.post("/Users", """
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","%s"],"userName":"%s","%s":{"manager":"%s"}}
        """.formatted(ENTERPRISE, userName, ENTERPRISE, manager)).assertError(400, "invalidValue");
    assertNoUser(userName);
  }

  @Test
  void dottedPathlessKeyIs400InvalidSyntax() {
    String user = createUser(Users.randomUserName());
    refusedUnchanged("/Users/" + user, "invalidSyntax", () -> scim.patch("/Users/" + user,
        Groups.patch("{\"op\":\"replace\",\"value\":{\"name.givenName\":\"A\"}}")));
    refusedUnchanged("/Users/" + user, "invalidSyntax", () -> scim.patch("/Users/" + user,
        Groups.patch("{\"op\":\"replace\",\"value\":{\"" + ENTERPRISE + ":employeeNumber\":\"7\"}}")));
  }

  @Test
  void unknownSchemaUrnOrAttributeIs400InvalidSyntax() {
    String name = Groups.randomDisplayName();
    scim.post("/Groups", entra("create-group.json", Map.of("displayName", name))).assertError(400, "invalidSyntax");
    JsonNode groups = scim.get("/Groups", "filter", "displayName eq " + quote(name)).assertScim(200);
    assertEquals(0, groups.path("totalResults").asInt(), groups.toString());

    String userName = Users.randomUserName();
    scim.post("/Users", Users.minimal(userName).replace("}", ",\"mailNickname\":\"jd\"}"))
        .assertError(400, "invalidSyntax");
    assertNoUser(userName);

    String existing = Users.randomUserName();
    String user = create(Users.minimal(existing));
    refusedUnchanged("/Users/" + user, "invalidSyntax", () -> scim.patch("/Users/" + user,
        Groups.patch("{\"op\":\"replace\",\"value\":{\"mailNickname\":\"jd\"}}")));
    refusedUnchanged("/Users/" + user, "invalidSyntax", () -> scim.put("/Users/" + user,
        Users.minimal(existing).replace("}", ",\"title\":\"Lead\",\"mailNickname\":\"jd\"}")));
  }

  @Test
  void emptyOperationsIs400InvalidSyntax() {
    String user = createUser(Users.randomUserName());
    refusedUnchanged("/Users/" + user, "invalidSyntax",
        () -> scim.patch("/Users/" + user, entra("patch-empty-operations.json")));
    String group = Groups.create(scim, Groups.randomDisplayName(), Groups.createUser(scim));
    refusedUnchanged("/Groups/" + group, "invalidSyntax",
        () -> scim.patch("/Groups/" + group, entra("patch-empty-operations.json")));
  }

  @Test
  void emptyStringsAreStoredAsSent() {
    String userName = Users.randomUserName();
    String id = create(Fixtures.load("onelogin/create-user.json", Map.of("userName", userName)));

    JsonNode user = get("/Users/" + id);
    assertEmptyString(user.path("title"));
    assertEmptyString(user.path("nickName"));
    assertEmptyString(user.path(ENTERPRISE).path("department"));

    scim.put("/Users/" + id, Users.minimal(userName).replace("}", ",\"title\":\"Lead\"}")).assertScim(200);
    scim.put("/Users/" + id, Fixtures.load("onelogin/put-user.json", Map.of("userName", userName))).assertScim(200);
    assertEmptyString(get("/Users/" + id).path("title"));
  }

  @Test
  void rfcConformRequestsSucceed() {
    String manager = createUser(Users.randomUserName());
    String userName = Users.randomUserName();
    String id = createUser(userName);
    String okta = create(Users.oktaCreate(Users.randomUserName(), "Ada", "Lovelace"));

    JsonNode patched = scim.patch("/Users/" + id, Groups.patch(
        "{\"op\":\"replace\",\"path\":\"active\",\"value\":false}",
        "{\"op\":\"replace\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\"work@example.org\"}",
        "{\"op\":\"add\",\"path\":\"name.middleName\",\"value\":\"J\"}",
        "{\"op\":\"add\",\"path\":\"" + ENTERPRISE + ":manager\",\"value\":{\"value\":" + quote(manager) + "}}",
        "{\"op\":\"replace\",\"value\":{\"displayName\":\"M. Vos\",\"" + ENTERPRISE + "\":{\"employeeNumber\":\"8\"}}}",
        "{\"op\":\"remove\",\"path\":\"name.formatted\"}")).assertScim(200);
    JsonNode user = get("/Users/" + id);
    assertEquals(patched, user);
    assertFalse(user.path("active").asBoolean(true));
    assertEquals("work@example.org", user.path("emails").path(0).path("value").asText());
    assertEquals("J", user.path("name").path("middleName").asText());
    assertTrue(user.path("name").path("formatted").isMissingNode(), user.toString());
    assertEquals(manager, user.path(ENTERPRISE).path("manager").path("value").asText());
    assertEquals("M. Vos", user.path("displayName").asText());
    assertEquals("8", user.path(ENTERPRISE).path("employeeNumber").asText());
    assertEquals("Finance", user.path(ENTERPRISE).path("department").asText());

    assertEquals(List.of(id), Groups.resourceIds(scim.get("/Users", "filter",
        "userName eq " + quote(userName)).assertScim(200)));
    assertEquals(List.of(id), Groups.resourceIds(scim.get("/Users", "filter",
        "emails[type eq \"work\" and value eq \"work@example.org\"]").assertScim(200)));

    scim.put("/Users/" + id, Users.minimal(userName).replace("}", ",\"active\":true,\"title\":\"Lead\"}"))
        .assertScim(200);
    JsonNode replaced = get("/Users/" + id);
    assertTrue(replaced.path("active").asBoolean(false));
    assertEquals("Lead", replaced.path("title").asText());

    String name = Groups.randomDisplayName();
    String group = Groups.create(scim, name, manager);
    Groups.assertNoContent(scim.patch("/Groups/" + group, Groups.patch(
        Groups.addMembers(id, okta),
        Groups.removeMember(manager),
        "{\"op\":\"replace\",\"path\":\"displayName\",\"value\":" + quote(name + " renamed") + "}")));
    JsonNode stored = get("/Groups/" + group);
    assertEquals(ids(id, okta), memberIds(stored));
    assertEquals(name + " renamed", stored.path("displayName").asText());
    Groups.assertNoContent(scim.patch("/Groups/" + group, Groups.patch(Groups.rename(group, name))));
    assertEquals(name, get("/Groups/" + group).path("displayName").asText());
  }

  @Test
  void switchingBetweenStrictAndTolerantTakesEffectAtOnce() {
    TestTenant tenant = TestServer.get().newTenant();
    ScimClient client = tenant.scim();
    String user = client.post("/Users", Users.minimal(Users.randomUserName())).assertScim(201).path("id").asText();
    String capitalised = Groups.patch("{\"op\":\"Replace\",\"path\":\"title\",\"value\":\"Lead\"}");

    setCompatibility(tenant.id(), "strict");
    client.patch("/Users/" + user, capitalised).assertError(400, "invalidSyntax");

    setCompatibility(tenant.id(), "tolerant");
    assertEquals("Lead", client.patch("/Users/" + user, capitalised).assertScim(200).path("title").asText());

    setCompatibility(tenant.id(), "strict");
    client.patch("/Users/" + user, capitalised).assertError(400, "invalidSyntax");

    ScimClient tolerant = TestServer.get().newTenant().scim();
    String elsewhere = tolerant.post("/Users", Users.minimal(Users.randomUserName())).assertScim(201)
        .path("id").asText();
    assertEquals("Lead", tolerant.patch("/Users/" + elsewhere, capitalised).assertScim(200).path("title").asText(),
        "strictness is the tenant's own");
  }

  // --- helpers

  private static void setCompatibility(String tenantId, String compatibility) {
    JsonNode updated = AdminApi.assertJson(TestServer.get().admin().patch("/admin/tenants/" + tenantId,
        "{\"settings\":{\"compatibility\":" + quote(compatibility) + "}}"), 200);
    assertEquals(compatibility, updated.path("settings").path("compatibility").asText(), updated.toString());
  }

  /** Sends the request, asserts 400 with the scimType, and that the resource at {@code path} did not change. */
  private static void refusedUnchanged(String path, String scimType, Supplier<ScimClient.Response> request) {
    JsonNode before = get(path);
    request.get().assertError(400, scimType);
    assertEquals(before, get(path));
  }

  /** An RFC-conform create, as Entra sends it (its enterprise extension included). */
  private static String createUser(String userName) {
    return create(entra("create-user.json", Map.of("userName", userName)));
  }

  private static String create(String body) {
    return scim.post("/Users", body).assertScim(201).path("id").asText();
  }

  private static JsonNode get(String path) {
    return scim.get(path).assertScim(200);
  }

  private static void assertNoUser(String userName) {
    JsonNode found = scim.get("/Users", "filter", "userName eq " + quote(userName)).assertScim(200);
    assertEquals(0, found.path("totalResults").asInt(), found.toString());
  }

  private static void assertEmptyString(JsonNode value) {
    assertTrue(value.isTextual() && value.asText().isEmpty(), "an empty string: " + value);
  }

  private static String entra(String name) {
    return Fixtures.load("entra/" + name);
  }

  private static String entra(String name, Map<String, String> values) {
    return Fixtures.load("entra/" + name, values);
  }
}
