package dev.scimhub.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimhub.db.Database;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.Tenants.TestTenant;
import dev.scimhub.support.TestDatabase;
import dev.scimhub.support.TestServer;
import dev.scimhub.support.Users;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The request log over HTTP: what identity providers sent, refused requests included, as the platform admin and the
 * tenant's admin read it; and what is never stored, checked over the whole table by SQL.
 */
class RequestLogTest {

  private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
  private static final String OKTA = "Okta SCIM Client 1.0.0";
  private static final String ENTRA = "Azure Active Directory SCIM Client";

  private final TestServer server = TestServer.get();
  private final ScimClient admin = server.admin();

  @Test
  void createsConflictsQuirksAndRefusalsAreLoggedWithTheirFacts() throws Exception {
    TestTenant tenant = server.newTenant();
    ScimClient scim = tenant.scim();
    String userName = Users.randomUserName();
    String password = "Pw-" + java.util.UUID.randomUUID();
    JsonNode created = scim.send("POST", "/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
        + "\"userName\":\"" + userName + "\",\"externalId\":\"00u-ext\",\"password\":\"" + password + "\"}",
        "User-Agent", OKTA).assertScim(201);
    String id = created.path("id").asText();
    scim.send("POST", "/Users", Users.minimal(userName), "User-Agent", OKTA).assertError(409, "uniqueness");
    // Entra's PATCH: a capitalised op and a boolean as a string, both rewritten by quirks.
    scim.send("PATCH", "/Users/" + id, "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[{\"op\":\"Replace\","
        + "\"path\":\"active\",\"value\":\"False\"}]}", "User-Agent", ENTRA).assertScim(200);
    String secondPassword = "Pw2-" + java.util.UUID.randomUUID();
    scim.patch("/Users/" + id, "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[{\"op\":\"replace\","
        + "\"path\":\"password\",\"value\":\"" + secondPassword + "\"}]}").assertScim(200);

    String path = "/admin/tenants/" + tenant.id() + "/requests";
    JsonNode create = await(path, r -> r.path("status").asInt() == 201);
    assertEquals("POST", create.path("method").asText());
    assertEquals("/tenants/{tenant}/scim/v2/Users", create.path("route").asText());
    assertEquals("applied", create.path("outcome").asText());
    assertEquals(userName, create.path("userName").asText());
    assertEquals("00u-ext", create.path("externalId").asText());
    assertEquals(id, create.path("resourceId").asText());
    assertEquals("okta", create.path("identityProvider").asText());
    assertEquals(1, create.path("eventCount").asInt());
    assertFalse(create.path("connection").path("tokenId").asText().isEmpty(), create.toString());

    JsonNode conflict = await(path, r -> r.path("status").asInt() == 409);
    assertEquals("uniqueness", conflict.path("scimType").asText());
    assertEquals("rejected", conflict.path("outcome").asText());

    JsonNode entra = await(path, r -> "entra".equals(r.path("identityProvider").asText()));
    assertEquals("applied", entra.path("outcome").asText());
    List<String> quirks = new ArrayList<>();
    entra.path("quirks").forEach(q -> quirks.add(q.asText()));
    assertTrue(quirks.contains("OpNameCase"), quirks.toString());
    assertEquals("/tenants/{tenant}/scim/v2/Users/{id}", entra.path("route").asText());

    // One request in full: its redacted body and its event.
    JsonNode full = admin.get(path + "/" + create.path("id").asText()).assertStatus(200).json();
    assertTrue(full.path("requestBody").asText().contains("[redacted]"), full.toString());
    assertTrue(full.path("responseBody").asText().contains(userName), full.toString());
    assertEquals(1, full.path("eventIds").size());
    JsonNode noop = await(path, r -> "no-op".equals(r.path("outcome").asText()));
    assertEquals("PATCH", noop.path("method").asText(), "a password change stores nothing and emits nothing");

    // Filters: status class, userName, outcome; and a bad one.
    assertTrue(admin.get(path + "?status=4xx").assertStatus(200).json().path("data").size() >= 1);
    for (JsonNode r : admin.get(path + "?status=4xx").json().path("data")) {
      assertEquals(4, r.path("status").asInt() / 100);
    }
    assertTrue(admin.get(path + "?userName=" + ScimClient.encode(userName.toUpperCase())).assertStatus(200).json()
        .path("data").size() >= 2, "userName matches without case");
    admin.get(path + "?outcome=maybe").assertStatus(400);
    admin.get(path + "?cursor=nonsense").assertStatus(400);

    // A secret after the JSON value, and the token spelled with an escape inside one: neither may be stored.
    String trailing = "Pw3-" + java.util.UUID.randomUUID();
    scim.send("POST", "/Users", Users.minimal(Users.randomUserName()) + " password=" + trailing);
    String escapedName = Users.randomUserName();
    scim.send("POST", "/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\""
        + escapedName + "\",\"nickName\":\"" + tenant.token().replaceFirst("_", "\\\\u005f") + "\"}")
        .assertScim(201);
    // Records are written in the order the requests ended: once the second is there, so is the first.
    await(path, r -> escapedName.equals(r.path("userName").asText()));
    assertEquals(0, countRowsContaining(trailing), "a password after the JSON value");
    String tokenTail = tenant.token().substring(tenant.token().indexOf('_') + 1);
    assertEquals(0, countRowsContaining(tokenTail), "the token written with an escape");

    // Nothing secret anywhere in the table.
    assertEquals(0, countRowsContaining(password), "the password");
    assertEquals(0, countRowsContaining(secondPassword), "the PATCHed password");
    assertEquals(0, countRowsContaining(tenant.token()), "the token value");
  }

  @Test
  void refusedRequestsAreLoggedUnderThePathsTenantAndAnswerAlike() throws Exception {
    TestTenant tenant = server.newTenant();
    TestTenant other = server.newTenant();
    String ghost = "ghost-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    ScimClient wrongHere = new ScimClient(tenant.scimBaseUrl(), "Bearer " + other.token());
    ScimClient wrongGhost = new ScimClient(server.baseUrl() + "/tenants/" + ghost + "/scim/v2",
        "Bearer " + other.token());
    ScimClient.Response here = wrongHere.get("/Users");
    ScimClient.Response there = wrongGhost.get("/Users");
    assertEquals(401, here.status());
    assertEquals(here.status(), there.status());
    assertEquals(here.header("WWW-Authenticate"), there.header("WWW-Authenticate"));
    assertEquals(here.json().path("detail").asText(), there.json().path("detail").asText(),
        "the caller cannot tell whether the tenant exists");

    JsonNode logged = await("/admin/tenants/" + tenant.id() + "/requests", r -> r.path("status").asInt() == 401);
    assertEquals("token of another tenant", logged.path("authFailure").asText());
    JsonNode ghostLogged = await("/admin/tenants/" + ghost + "/requests", r -> r.path("status").asInt() == 401);
    assertEquals("token of another tenant", ghostLogged.path("authFailure").asText());

    // A revoked token, and a suspended tenant.
    JsonNode second = admin.post("/admin/tenants/" + tenant.id() + "/tokens", "{\"label\":\"okta-prod\"}")
        .assertStatus(201).json();
    admin.delete("/admin/tenants/" + tenant.id() + "/tokens/" + second.path("id").asText()).assertStatus(204);
    new ScimClient(tenant.scimBaseUrl(), "Bearer " + second.path("value").asText()).get("/Users").assertStatus(401);
    new ScimClient(tenant.scimBaseUrl(), null).get("/Groups").assertStatus(401);
    JsonNode revoked = await("/admin/tenants/" + tenant.id() + "/requests",
        r -> "revoked token".equals(r.path("authFailure").asText()));
    assertEquals("rejected", revoked.path("outcome").asText());
    await("/admin/tenants/" + tenant.id() + "/requests",
        r -> "no Authorization header".equals(r.path("authFailure").asText()));

    admin.patch("/admin/tenants/" + tenant.id(), "{\"status\":\"suspended\"}").assertStatus(200);
    tenant.scim().get("/Users").assertStatus(403);
    JsonNode suspended = await("/admin/tenants/" + tenant.id() + "/requests", r -> r.path("status").asInt() == 403);
    assertEquals("tenant suspended", suspended.path("authFailure").asText());
    assertFalse(suspended.path("connection").isNull(), "the token was known: " + suspended);

    // Connection health: the refusals counted, the hint in words.
    JsonNode health = admin.get("/admin/tenants/" + tenant.id() + "/health").assertStatus(200).json();
    assertTrue(health.path("summary").path("lastHour").path("4xx").asInt() >= 4, health.toString());
    String hints = health.path("connections").toString();
    assertTrue(hints.contains("No Authorization header was sent"), hints);
    assertTrue(hints.contains("The tenant is suspended"), hints);
    assertNotNull(health.path("requestLog").path("droppedOnThisNode"));
  }

  @Test
  void aTenantThatWantsNoLogHasNone() throws Exception {
    TestTenant tenant = server.newTenant();
    admin.patch("/admin/tenants/" + tenant.id(), "{\"settings\":{\"requestLog\":\"no\"}}")
        .assertStatus(400);
    admin.patch("/admin/tenants/" + tenant.id(), "{\"settings\":{\"requestLog\":false}}").assertStatus(200);
    tenant.scim().post("/Users", Users.minimal(Users.randomUserName())).assertScim(201);
    tenant.scim().get("/Users").assertStatus(200);
    // Then logged again: once that request is in the table, the two before it would be too.
    admin.patch("/admin/tenants/" + tenant.id(), "{\"settings\":{}}").assertStatus(200);
    String logged = Users.randomUserName();
    tenant.scim().post("/Users", Users.minimal(logged)).assertScim(201);
    await("/admin/tenants/" + tenant.id() + "/requests", r -> logged.equals(r.path("userName").asText()));
    assertEquals(1, rows("request_log", tenant.id()), "only the request made after the setting was cleared");
    JsonNode health = admin.get("/admin/tenants/" + tenant.id() + "/health").assertStatus(200).json();
    assertEquals(1, health.path("summary").path("lastHour").path("2xx").asInt(), health.toString());
  }

  /**
   * PostgreSQL's text holds no NUL. A request with one (a %00 in the filter, a \u0000 in the body) once had its batch
   * refused and sent again forever, so that node logged nothing more; found by the console's browser test.
   */
  @Test
  void aNulCharacterFromAClientIsLoggedAndStopsNothing() throws Exception {
    TestTenant tenant = server.newTenant();
    tenant.scim().get("/Users?filter=" + ScimClient.encode("userName eq \"nul\u0000here\"")).assertStatus(400);
    tenant.scim().post("/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
        + "\"userName\":\"a\\u0000b\"}").assertStatus(400);
    String after = Users.randomUserName();
    tenant.scim().post("/Users", Users.minimal(after)).assertScim(201);
    await("/admin/tenants/" + tenant.id() + "/requests", r -> after.equals(r.path("userName").asText()));
    JsonNode filtered = await("/admin/tenants/" + tenant.id() + "/requests", r -> "GET".equals(r.path("method")
        .asText()));
    assertTrue(filtered.path("query").asText().contains("nul\uFFFDhere"), filtered.toString());
    assertEquals("nul\uFFFDhere", filtered.path("userName").asText(), filtered.toString());
    assertEquals(3, rows("request_log", tenant.id()));
  }

  /** What the log files a request under: its route, resource type and id, and the userName a lookup asked for. */
  @Test
  void requestsAreFiledUnderTheirRouteAndTheUserNameTheyAskedFor() throws Exception {
    TestTenant tenant = server.newTenant();
    String name = Users.randomUserName();
    String id = tenant.scim().post("/Users", Users.minimal(name)).assertScim(201).path("id").asText();
    tenant.scim().get("/Users?filter=" + ScimClient.encode("USERNAME  Eq \"" + name + "\"")).assertStatus(200);
    tenant.scim().get("/Users?filter=" + ScimClient.encode("displayName eq \"x\" or userName eq \"a\\\"b\"")
        + "&count=1").assertStatus(200);
    tenant.scim().send("POST", "/Users/.search", "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"],"
        + "\"filter\":\"userName eq \\\"" + name + "\\\"\"}").assertStatus(200);
    tenant.scim().get("/Users/" + id + "/").assertStatus(200);
    new ScimClient(tenant.scimBaseUrl().replace("/scim/v2", "/scim/v1"), "Bearer " + tenant.token()).get("/Groups")
        .assertStatus(200);
    String path = "/admin/tenants/" + tenant.id() + "/requests";
    JsonNode v1 = await(path, r -> r.path("route").asText().contains("/scim/v1/"));
    assertEquals("/tenants/{tenant}/scim/v1/Groups", v1.path("route").asText());
    assertEquals("Group", v1.path("resourceType").asText());
    JsonNode data = admin.get(path).assertStatus(200).json().path("data");
    java.util.Map<String, JsonNode> byQuery = new java.util.HashMap<>();
    data.forEach(r -> byQuery.put(r.path("method").asText() + " " + r.path("route").asText() + " "
        + r.path("query").asText(""), r));
    JsonNode lookup = byQuery.get("GET /tenants/{tenant}/scim/v2/Users filter=USERNAME  Eq \"" + name + "\"");
    assertNotNull(lookup, byQuery.keySet().toString());
    assertEquals(name, lookup.path("userName").asText());
    assertEquals("User", lookup.path("resourceType").asText());
    JsonNode escaped = data.findParents("query").stream().filter(r -> r.path("query").asText().contains("count=1"))
        .findFirst().orElseThrow();
    assertEquals("a\\\"b", escaped.path("userName").asText(), "the first userName eq, escapes as written");
    JsonNode search = byQuery.get("POST /tenants/{tenant}/scim/v2/Users/.search ");
    assertNotNull(search, byQuery.keySet().toString());
    assertEquals("User", search.path("resourceType").asText());
    JsonNode read = data.findParents("route").stream()
        .filter(r -> r.path("route").asText().endsWith("/Users/{id}")).findFirst().orElseThrow();
    assertEquals(id, read.path("resourceId").asText());

    // The query as a person reads it: percent-decoding undone (UTF-8 too), '+' left as sent, a token masked.
    tenant.scim().get("/Users?filter=" + ScimClient.encode("displayName eq \"Zo\u00eb " + tenant.token() + "\"")
        + "&a=1+2").assertStatus(200);
    JsonNode decoded = await(path, r -> r.path("query").asText().contains("Zo\u00eb"));
    assertTrue(decoded.path("query").asText().endsWith("&a=1+2"), decoded.toString());
    assertEquals(0, countRowsContaining(tenant.token().substring(tenant.token().indexOf('_') + 1)), "the token");
  }

  @Test
  void aTenantAdminReadsItsOwnLogOnly() throws Exception {
    TestTenant a = server.newTenant();
    TestTenant b = server.newTenant();
    a.scim().get("/Users").assertStatus(200);
    ScimClient adminOfA = new ScimClient(server.baseUrl(), "Bearer " + server.jwt(new JsonObject()
        .put("role", "tenant-admin").put("tenant", a.id()).put("sub", "it-admin@a"), 600));
    long deadline = System.currentTimeMillis() + 5_000;
    while (adminOfA.get("/tenants/" + a.id() + "/requests").assertStatus(200).json().path("data").isEmpty()
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(1, adminOfA.get("/tenants/" + a.id() + "/requests").json().path("data").size());
    adminOfA.get("/tenants/" + a.id() + "/health").assertStatus(200);
    adminOfA.get("/tenants/" + b.id() + "/requests").assertStatus(403);
    adminOfA.get("/tenants/" + b.id() + "/health").assertStatus(403);
    String someId = adminOfA.get("/tenants/" + a.id() + "/requests").json().path("data").path(0).path("id").asText();
    adminOfA.get("/tenants/" + b.id() + "/requests/" + someId).assertStatus(403);
    server.admin().get("/admin/tenants/" + b.id() + "/requests/" + someId).assertStatus(404);
  }

  @Test
  void offboardingDeletesTheTenantsLogAndHealth() throws Exception {
    TestTenant tenant = server.newTenant();
    tenant.scim().get("/Users").assertStatus(200);
    await("/admin/tenants/" + tenant.id() + "/requests", r -> r.path("status").asInt() == 200);
    long deadline = System.currentTimeMillis() + 5_000;
    while (rows("connection_health", tenant.id()) == 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertTrue(rows("request_log", tenant.id()) > 0 && rows("connection_health", tenant.id()) > 0);
    int status = admin.delete("/admin/tenants/" + tenant.id() + "?confirm=" + tenant.id()).status();
    assertTrue(status == 200 || status == 204, "offboarding answered " + status);
    assertEquals(0, rows("request_log", tenant.id()));
    assertEquals(0, rows("connection_health", tenant.id()));
    assertEquals(0, rows("connection_counts", tenant.id()));
  }

  private static int rows(String table, String tenant) throws Exception {
    Database db = TestDatabase.get();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        PreparedStatement q = c.prepareStatement("SELECT count(*) FROM " + table + " WHERE tenant_id = ?")) {
      q.setString(1, tenant);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** Polls the newest page of {@code path} until a record matches (the writer writes every 200 ms). */
  private JsonNode await(String path, Predicate<JsonNode> match) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    JsonNode page = null;
    while (System.currentTimeMillis() < deadline) {
      page = admin.get(path + "?limit=200").assertStatus(200).json();
      for (JsonNode record : page.path("data")) {
        if (match.test(record)) {
          return record;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no matching record in " + path + ": " + page);
  }

  static int countRowsContaining(String secret) throws Exception {
    Database db = TestDatabase.get();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        PreparedStatement q = c.prepareStatement(
            "SELECT (SELECT count(*) FROM request_log r WHERE strpos(r::text, ?) > 0)"
                + " + (SELECT count(*) FROM connection_health h WHERE strpos(h::text, ?) > 0)")) {
      q.setString(1, secret);
      q.setString(2, secret);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
