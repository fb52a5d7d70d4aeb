package dev.scimhub.tenant;

import static dev.scimhub.support.AdminApi.assertError;
import static dev.scimhub.support.AdminApi.assertJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimhub.db.Database;
import dev.scimhub.support.AdminApi;
import dev.scimhub.support.Groups;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.Tenants.TestTenant;
import dev.scimhub.support.Tenants;
import dev.scimhub.support.TestDatabase;
import dev.scimhub.support.TestServer;
import dev.scimhub.support.Users;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A tenant after onboarding: listing, counts and activity, changes, suspension and resumption, offboarding. */
class TenantLifecycleTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** Every table holding a tenant's rows, with the column naming the tenant. */
  private static final Map<String, String> TENANT_TABLES = new LinkedHashMap<>();

  static {
    TENANT_TABLES.put("tenant", "id");
    TENANT_TABLES.put("api_token", "tenant_id");
    TENANT_TABLES.put("scim_user", "tenant_id");
    TENANT_TABLES.put("scim_group", "tenant_id");
    TENANT_TABLES.put("group_member", "tenant_id");
  }

  private static final TestServer server = TestServer.get();
  private static final ScimClient admin = server.admin();

  @Test
  void listPagesThroughTenantsInCreationOrderWithTotals() {
    List<String> ids = List.of(server.newTenant().id(), server.newTenant().id(), server.newTenant().id());

    JsonNode totalOnly = assertJson(admin.get("/admin/tenants?count=0"), 200);
    long total = totalOnly.path("totalResults").asLong();
    assertTrue(total >= 3, totalOnly.toString());
    assertEquals(0, totalOnly.path("itemsPerPage").asInt());
    assertEquals(0, totalOnly.path("tenants").size());

    // Test classes run one at a time, so the three newest tenants are these, and they come last.
    JsonNode lastThree = assertJson(admin.get("/admin/tenants?startIndex=" + (total - 2) + "&count=3"), 200);
    assertEquals(total, lastThree.path("totalResults").asLong());
    assertEquals(total - 2, lastThree.path("startIndex").asLong());
    assertEquals(3, lastThree.path("itemsPerPage").asInt());
    assertEquals(ids, tenantIds(lastThree));

    JsonNode middle = assertJson(admin.get("/admin/tenants?startIndex=" + (total - 1) + "&count=1"), 200);
    assertEquals(List.of(ids.get(1)), tenantIds(middle));

    JsonNode tail = assertJson(admin.get("/admin/tenants?startIndex=" + (total - 1) + "&count=10"), 200);
    assertEquals(ids.subList(1, 3), tenantIds(tail));
    assertEquals(2, tail.path("itemsPerPage").asInt());

    JsonNode beyond = assertJson(admin.get("/admin/tenants?startIndex=" + (total + 1)), 200);
    assertEquals(total, beyond.path("totalResults").asLong());
    assertEquals(0, beyond.path("itemsPerPage").asInt());

    JsonNode listed = lastThree.path("tenants").path(0);
    assertEquals("Tenant " + ids.get(0), listed.path("name").asText());
    assertEquals("active", listed.path("status").asText());
    assertTrue(listed.path("scimBaseUrl").asText().endsWith("/tenants/" + ids.get(0) + "/scim/v2"), listed.toString());
    assertEquals(MAPPER.createObjectNode(), listed.path("settings"));
    Instant.parse(listed.path("createdAt").asText());
    assertTrue(listed.path("lastActivityAt").isNull(), "no SCIM traffic yet: " + listed);
    assertEquals(0, listed.path("users").asLong());
    assertEquals(0, listed.path("groups").asLong());

    assertError(admin.get("/admin/tenants?startIndex=first"), 400);
    assertError(admin.get("/admin/tenants?count=many"), 400);
  }

  @Test
  void getAndListCountUsersAndGroupsAndShowLastScimActivity() {
    TestTenant tenant = server.newTenant();
    JsonNode fresh = tenant(tenant.id());
    assertTrue(fresh.path("lastActivityAt").isNull(), fresh.toString());

    List<String> users = Groups.createUsers(tenant.scim(), 3);
    Groups.create(tenant.scim(), Groups.randomDisplayName(), users.get(0), users.get(1));
    Groups.create(tenant.scim(), Groups.randomDisplayName());

    JsonNode counted = tenant(tenant.id());
    assertEquals(3, counted.path("users").asLong(), counted.toString());
    assertEquals(2, counted.path("groups").asLong(), counted.toString());
    long total = assertJson(admin.get("/admin/tenants?count=0"), 200).path("totalResults").asLong();
    JsonNode newest = assertJson(admin.get("/admin/tenants?startIndex=" + total + "&count=1"), 200)
        .path("tenants").path(0);
    assertEquals(tenant.id(), newest.path("id").asText());
    assertEquals(3, newest.path("users").asLong(), newest.toString());
    assertEquals(2, newest.path("groups").asLong(), newest.toString());

    // Last use is gathered in memory and written every 5 s.
    JsonNode active = AdminApi.await(Duration.ofSeconds(8), "lastActivityAt after SCIM calls",
        () -> tenant(tenant.id()), json -> !json.path("lastActivityAt").isNull());
    Instant lastActivity = Instant.parse(active.path("lastActivityAt").asText());
    assertFalse(lastActivity.isBefore(Instant.parse(active.path("createdAt").asText())), active.toString());
    assertFalse(lastActivity.isAfter(Instant.now().plusSeconds(5)), active.toString());
  }

  @Test
  void patchChangesNameAndSettingsAndKeepsWhatItDoesNotMention() {
    TestTenant tenant = server.newTenant();
    String path = "/admin/tenants/" + tenant.id();
    JsonObject settings = new JsonObject().put("idp", "okta")
        .put("contacts", new JsonObject().put("ops", "ops@acme.example"));

    JsonNode renamed = assertJson(admin.patch(path, "{\"name\":\"  Acme Renamed  \"}"), 200);
    assertEquals("Acme Renamed", renamed.path("name").asText());
    assertEquals("active", renamed.path("status").asText());

    JsonNode configured = assertJson(admin.patch(path, new JsonObject().put("settings", settings).encode()), 200);
    assertEquals(json(settings), configured.path("settings"));
    assertEquals("Acme Renamed", configured.path("name").asText());

    JsonNode read = tenant(tenant.id());
    assertEquals("Acme Renamed", read.path("name").asText());
    assertEquals(json(settings), read.path("settings"));
    assertEquals("active", read.path("status").asText());

    JsonNode cleared = assertJson(admin.patch(path, "{\"settings\":{}}"), 200);
    assertEquals(MAPPER.createObjectNode(), cleared.path("settings"));
    assertEquals("Acme Renamed", cleared.path("name").asText());

    JsonNode suspended = assertJson(admin.patch(path, "{\"status\":\"suspended\"}"), 200);
    assertEquals("suspended", suspended.path("status").asText());
    assertEquals("suspended", tenant(tenant.id()).path("status").asText());
  }

  @Test
  void patchWithInvalidStatusSettingsOrNameIs400AndChangesNothing() {
    TestTenant tenant = server.newTenant();
    String path = "/admin/tenants/" + tenant.id();
    for (String body : List.of(
        "{\"status\":\"deleted\"}",
        "{\"status\":\"SUSPENDED\"}",
        "{\"status\":1}",
        "{\"status\":\"suspended\",\"settings\":\"x\"}",
        "{\"settings\":\"x\"}",
        "{\"settings\":[1,2]}",
        "{\"settings\":5}",
        "{\"settings\":{\"compatibility\":\"lenient\"}}",
        "{\"settings\":{\"compatibility\":true}}",
        "{\"name\":\"\"}",
        "{\"name\":7}",
        "[]",
        "{\"name\":")) {
      assertError(admin.patch(path, body), 400);
    }
    JsonNode unchanged = tenant(tenant.id());
    assertEquals("active", unchanged.path("status").asText());
    assertEquals("Tenant " + tenant.id(), unchanged.path("name").asText());
    assertEquals(MAPPER.createObjectNode(), unchanged.path("settings"));
    tenant.scim().get("/Users").assertScim(200);
  }

  @Test
  void unknownTenantIs404OnEveryOperation() {
    String id = Tenants.randomId();
    String path = "/admin/tenants/" + id;
    assertError(admin.patch(path, "{\"name\":\"Ghost\"}"), 404);
    assertError(admin.patch(path, "{\"status\":\"suspended\"}"), 404);
    assertError(admin.delete(path + "?confirm=" + id), 404);
    assertError(admin.get(path + "/tokens"), 404);
    assertError(admin.post(path + "/tokens", "{\"label\":\"okta-prod\"}"), 404);
    assertError(admin.post(path + "/tokens/" + UUID.randomUUID() + "/reset", "{}"), 404);
    assertError(admin.delete(path + "/tokens/" + UUID.randomUUID()), 404);
    assertError(admin.get(path), 404);
  }

  @Test
  void suspendedTenantGets403OnEveryScimCallAndResumingRestoresEverything() {
    TestTenant tenant = server.newTenant();
    List<String> users = Groups.createUsers(tenant.scim(), 2);
    String group = Groups.create(tenant.scim(), Groups.randomDisplayName(), users.get(0));
    String path = "/admin/tenants/" + tenant.id();

    assertEquals("suspended", assertJson(admin.patch(path, "{\"status\":\"suspended\"}"), 200)
        .path("status").asText());

    List<ScimClient.Response> refused = List.of(
        tenant.scim().get("/Users"),
        tenant.scim().get("/Users/" + users.get(0)),
        tenant.scim().get("/Groups"),
        tenant.scim().post("/Users", Users.minimal(Users.randomUserName())),
        tenant.scim().patch("/Groups/" + group, Groups.patch(Groups.addMembers(users.get(1)))),
        tenant.scim().delete("/Users/" + users.get(1)));
    for (ScimClient.Response response : refused) {
      JsonNode error = response.assertError(403, null);
      assertTrue(error.path("detail").asText().toLowerCase().contains("suspended"), error.toString());
    }
    // Only a valid token learns that the tenant is suspended.
    tenant.scim().withAuthorization("Bearer " + AdminApi.TOKEN_PREFIX + "x".repeat(43)).get("/Users")
        .assertError(401, null);

    assertEquals("active", assertJson(admin.patch(path, "{\"status\":\"active\"}"), 200).path("status").asText());

    JsonNode list = tenant.scim().get("/Users").assertScim(200);
    assertEquals(2, list.path("totalResults").asInt(), "nothing was created or deleted while suspended");
    assertEquals(new TreeSet<>(users), new TreeSet<>(Groups.resourceIds(list)));
    assertEquals(Groups.ids(users.get(0)), Groups.memberIds(tenant.scim().get("/Groups/" + group).assertScim(200)));
    tenant.scim().post("/Users", Users.minimal(Users.randomUserName())).assertScim(201);
  }

  @Test
  void suspendingAndResumingTakeEffectOnTheVeryNextScimCall() {
    TestTenant tenant = server.newTenant();
    String path = "/admin/tenants/" + tenant.id();
    // Repeated, because a cache cleared only asynchronously lets a call slip through now and then.
    for (int round = 0; round < 50; round++) {
      tenant.scim().get("/Users").assertScim(200);
      assertJson(admin.patch(path, "{\"status\":\"suspended\"}"), 200);
      tenant.scim().get("/Users").assertError(403, null);
      assertJson(admin.patch(path, "{\"status\":\"active\"}"), 200);
      tenant.scim().get("/Users").assertScim(200);
    }
  }

  @Test
  void deleteWithoutTheMatchingConfirmationIs400AndDeletesNothing() throws SQLException {
    TestTenant tenant = server.newTenant();
    populate(tenant);
    Map<String, Long> before = rowCounts(tenant.id());
    String path = "/admin/tenants/" + tenant.id();

    assertError(admin.delete(path), 400);
    assertError(admin.delete(path + "?confirm="), 400);
    assertError(admin.delete(path + "?confirm=" + Tenants.randomId()), 400);
    assertError(admin.delete(path + "?confirm=" + tenant.id().toUpperCase()), 400);

    assertEquals(before, rowCounts(tenant.id()));
    assertEquals("active", tenant(tenant.id()).path("status").asText());
    assertEquals(3, AdminApi.total(tenant.scim(), "/Users"));
  }

  @Test
  void anOffboardedTenantsIdIsNotHandedOutAgain() {
    TestTenant tenant = server.newTenant();
    assertEquals(204, admin.delete("/admin/tenants/" + tenant.id() + "?confirm=" + tenant.id()).status());
    // A new customer under the old id would read the old one's audit trail and receive its IdP's traffic.
    assertError(admin.post("/admin/tenants", "{\"id\":\"" + tenant.id() + "\",\"name\":\"Someone else\"}"), 409);
  }

  @Test
  void deleteRemovesEveryRowOfTheTenantAndNothingOfAnother() throws SQLException {
    TestTenant doomed = server.newTenant();
    TestTenant bystander = server.newTenant();
    String doomedUser = populate(doomed);
    populate(bystander);
    String secondToken = AdminApi.createToken(admin, "/admin/tenants/" + doomed.id() + "/tokens", "entra-test")
        .path("value").asText();
    Map<String, Long> doomedBefore = rowCounts(doomed.id());
    doomedBefore.forEach((table, rows) -> assertTrue(rows > 0, "test data in " + table + ": " + doomedBefore));
    Map<String, Long> bystanderBefore = rowCounts(bystander.id());
    String path = "/admin/tenants/" + doomed.id();

    ScimClient.Response deleted = admin.delete(path + "?confirm=" + doomed.id());
    assertEquals(204, deleted.status(), deleted.body());
    assertEquals("", deleted.body());

    for (ScimClient scim : List.of(doomed.scim(), AdminApi.scim(doomed.id(), secondToken))) {
      for (ScimClient.Response response : List.of(
          scim.get("/Users"),
          scim.get("/Users/" + doomedUser),
          scim.post("/Users", Users.minimal(Users.randomUserName())),
          scim.get("/Groups"),
          scim.get("/ServiceProviderConfig"))) {
        response.assertError(401, null);
      }
    }
    assertError(admin.get(path), 404);
    assertError(admin.get(path + "/tokens"), 404);
    assertError(admin.delete(path + "?confirm=" + doomed.id()), 404);

    Map<String, Long> none = new LinkedHashMap<>();
    TENANT_TABLES.keySet().forEach(table -> none.put(table, 0L));
    assertEquals(none, rowCounts(doomed.id()));
    assertEquals(bystanderBefore, rowCounts(bystander.id()));
    assertEquals(3, AdminApi.total(bystander.scim(), "/Users"));

    JsonNode events = assertJson(admin.get(path + "/audit"), 200).path("events");
    assertEquals("tenant.deleted", events.path(0).path("action").asText(), events.toString());
    assertEquals("test", events.path(0).path("actor").asText(), events.toString());
    assertEquals("tenant.created", events.path(events.size() - 1).path("action").asText(), events.toString());
  }

  /** Three users and two groups, one with two members; returns a user's id. */
  private static String populate(TestTenant tenant) {
    List<String> users = Groups.createUsers(tenant.scim(), 3);
    Groups.create(tenant.scim(), Groups.randomDisplayName(), users.get(0), users.get(1));
    Groups.create(tenant.scim(), Groups.randomDisplayName());
    return users.get(2);
  }

  private static JsonNode tenant(String id) {
    return assertJson(admin.get("/admin/tenants/" + id), 200);
  }

  private static List<String> tenantIds(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.path("tenants").forEach(tenant -> ids.add(tenant.path("id").asText()));
    return ids;
  }

  private static JsonNode json(JsonObject object) {
    try {
      return MAPPER.readTree(object.encode());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The rows the tenant has in each table, read directly from PostgreSQL. */
  private static Map<String, Long> rowCounts(String tenant) throws SQLException {
    Database db = TestDatabase.get();
    Map<String, Long> counts = new LinkedHashMap<>();
    try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      for (Map.Entry<String, String> table : TENANT_TABLES.entrySet()) {
        String sql = "SELECT count(*) FROM " + table.getKey() + " WHERE " + table.getValue() + " = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
          statement.setString(1, tenant);
          try (ResultSet rows = statement.executeQuery()) {
            rows.next();
            counts.put(table.getKey(), rows.getLong(1));
          }
        }
      }
    }
    return counts;
  }
}
