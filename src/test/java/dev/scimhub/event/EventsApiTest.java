package dev.scimhub.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimhub.support.Groups;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.Tenants.TestTenant;
import dev.scimhub.support.TestServer;
import dev.scimhub.support.Users;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What the vendor's app reads from {@code /api}: every change of a tenant as an event, in order, with its context;
 * nothing for a change that changed nothing; cursors, type filters, long polls and the role check.
 */
class EventsApiTest {

  private static final String OKTA_AGENT = "Okta SCIM Client 1.0.0";

  private final TestServer server = TestServer.get();
  private final ScimClient app = new ScimClient(server.baseUrl(),
      "Bearer " + server.jwt(new JsonObject().put("role", "app").put("sub", "vendor-app"), 600));

  @Test
  void aUsersLifeIsFiveEventsWithTheirChangesAndContext() {
    TestTenant tenant = server.newTenant();
    String userName = Users.randomUserName();
    ScimClient okta = tenant.scim();
    JsonNode created = okta.send("POST", "/Users", Users.oktaCreate(userName, "Ada", "Lovelace"),
        "User-Agent", OKTA_AGENT).assertScim(201);
    String id = created.path("id").asText();
    String requestId = lastRequestId(okta, "/Users/" + id);
    okta.patch("/Users/" + id, patch("replace", "title", "\"Engineer\"")).assertScim(200);
    okta.patch("/Users/" + id, patch("replace", "active", "false")).assertScim(200);
    okta.patch("/Users/" + id, patch("replace", "active", "true")).assertScim(200);
    okta.delete("/Users/" + id).assertStatus(204);

    List<JsonNode> events = userEvents(tenant.id(), 5);
    assertEquals(List.of("user.created", "user.updated", "user.deactivated", "user.reactivated", "user.deleted"),
        types(events));
    JsonNode first = events.get(0);
    assertEquals(userName, first.path("data").path("object").path("userName").asText());
    assertEquals(id, first.path("data").path("object").path("id").asText());
    assertEquals(tenant.id(), first.path("tenant").asText());
    assertTrue(first.path("data").path("object").path("meta").path("location").asText().endsWith("/Users/" + id));
    assertFalse(first.path("data").path("object").has("password"), "never the password");
    assertEquals("okta", first.path("context").path("identityProvider").asText());
    assertEquals("default", first.path("context").path("connection").asText());
    assertFalse(first.path("context").path("tokenId").asText().isEmpty());
    assertFalse(first.path("context").path("silent").asBoolean());
    assertFalse(requestId.isEmpty());

    JsonNode updated = events.get(1).path("data");
    assertEquals(List.of("title"), texts(updated.path("changed")));
    assertTrue(updated.path("previousAttributes").path("title").isNull(), updated.toString());
    assertEquals("Engineer", updated.path("object").path("title").asText());
    assertEquals(List.of("active"), texts(events.get(2).path("data").path("changed")));
    assertTrue(events.get(2).path("data").path("previousAttributes").path("active").asBoolean());
    assertEquals(userName, events.get(4).path("data").path("object").path("userName").asText());
  }

  @Test
  void aChangeThatChangesNothingEmitsNothingAndKeepsTheVersion() {
    TestTenant tenant = server.newTenant();
    ScimClient scim = tenant.scim();
    String body = Users.minimal(Users.randomUserName());
    JsonNode created = scim.post("/Users", body).assertScim(201);
    String id = created.path("id").asText();
    String version = created.path("meta").path("version").asText();
    String group = Groups.create(scim, Groups.randomDisplayName(), id);

    JsonNode put = scim.put("/Users/" + id, body).assertScim(200);
    assertEquals(version, put.path("meta").path("version").asText());
    scim.patch("/Users/" + id, patch("replace", "active", "true")).assertScim(200);
    scim.patch("/Groups/" + group, Groups.patch(Groups.addMembers(id))).assertStatus(204);
    scim.patch("/Groups/" + group, Groups.patch(Groups.removeMember(java.util.UUID.randomUUID().toString())))
        .assertStatus(204);
    // Something that does change, so that the wait below ends: it must be the next event after the member.
    scim.patch("/Users/" + id, patch("replace", "title", "\"Marker\"")).assertScim(200);

    List<JsonNode> events = events(tenant.id(), "user.*,group.*", 4);
    assertEquals(List.of("user.created", "group.created", "group.member_added", "user.updated"), types(events));
  }

  @Test
  void aGroupsMembersAreOneEventEachSharingTheRequestId() {
    TestTenant tenant = server.newTenant();
    ScimClient scim = tenant.scim();
    String a = scim.post("/Users", Users.minimal(Users.randomUserName())).assertScim(201).path("id").asText();
    String b = scim.post("/Users", Users.minimal(Users.randomUserName())).assertScim(201).path("id").asText();
    String c = scim.post("/Users", Users.minimal(Users.randomUserName())).assertScim(201).path("id").asText();
    String displayName = Groups.randomDisplayName();
    String group = Groups.create(scim, displayName, a, b);
    scim.patch("/Groups/" + group, Groups.patch(Groups.addMembers(c))).assertStatus(204);
    scim.patch("/Groups/" + group, Groups.patch(Groups.removeMember(a))).assertStatus(204);
    scim.patch("/Groups/" + group, Groups.patch(Groups.rename(group, displayName + "-renamed")))
        .assertStatus(204);
    scim.delete("/Users/" + b).assertStatus(204);
    scim.delete("/Groups/" + group).assertStatus(204);

    List<JsonNode> events = events(tenant.id(), "group.*", 8);
    assertEquals(List.of("group.created", "group.member_added", "group.member_added", "group.member_added",
        "group.member_removed", "group.updated", "group.member_removed", "group.deleted"), types(events));
    JsonNode firstAdd = events.get(1);
    JsonNode secondAdd = events.get(2);
    assertEquals(firstAdd.path("context").path("requestId").asText(),
        secondAdd.path("context").path("requestId").asText(), "one request, one request id");
    assertEquals(List.of(a, b).stream().sorted().toList(),
        List.of(memberOf(firstAdd), memberOf(secondAdd)).stream().sorted().toList());
    assertEquals(group, firstAdd.path("data").path("object").path("group").path("id").asText());
    assertEquals(c, memberOf(events.get(3)));
    assertEquals(a, memberOf(events.get(4)));
    assertEquals(List.of("displayName"), texts(events.get(5).path("data").path("changed")));
    assertEquals(displayName, events.get(5).path("data").path("previousAttributes").path("displayName").asText());
    assertEquals(b, memberOf(events.get(6)), "a deleted user leaves its groups");
    assertFalse(events.get(0).path("data").path("object").has("members"), "never a member list");
    assertFalse(events.get(7).path("data").path("object").has("members"), "never a member list");
  }

  @Test
  void sequencesArePerTenantAndGapFreeAndCursorsPage() {
    TestTenant tenant = server.newTenant();
    for (int i = 0; i < 5; i++) {
      tenant.scim().post("/Users", Users.minimal(Users.randomUserName())).assertScim(201);
    }
    // tenant.created, token.created, then five users.
    List<JsonNode> all = events(tenant.id(), null, 7);
    List<Long> sequences = all.stream().map(e -> e.path("sequence").asLong()).toList();
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), sequences);
    assertEquals(List.of("tenant.created", "token.created"), types(all).subList(0, 2));
    assertFalse(all.get(1).path("data").path("object").has("value"), "never a token's value");

    List<String> paged = new ArrayList<>();
    String cursor = null;
    boolean more = true;
    while (more) {
      JsonNode page = app.get("/api/tenants/" + tenant.id() + "/events?limit=3"
          + (cursor == null ? "" : "&after=" + cursor)).assertStatus(200).json();
      page.path("data").forEach(e -> paged.add(e.path("id").asText()));
      cursor = page.path("nextCursor").asText();
      more = page.path("hasMore").asBoolean();
    }
    assertEquals(all.stream().map(e -> e.path("id").asText()).toList(), paged);
    JsonNode end = app.get("/api/tenants/" + tenant.id() + "/events?after=" + cursor).assertStatus(200).json();
    assertEquals(0, end.path("data").size());
    assertEquals(cursor, end.path("nextCursor").asText(), "nothing new: the same cursor");
  }

  @Test
  void aLongPollWaitsForTheNextEventAndEndsWithIt() throws Exception {
    TestTenant tenant = server.newTenant();
    List<JsonNode> before = events(tenant.id(), null, 2);
    String cursor = cursorAfter(tenant.id(), before.size());
    long start = System.nanoTime();
    CompletableFuture<JsonNode> poll = CompletableFuture.supplyAsync(() -> app.get("/api/tenants/" + tenant.id()
        + "/events?wait=20&after=" + cursor).assertStatus(200).json());
    Thread.sleep(700);
    assertFalse(poll.isDone(), "nothing to answer yet: the poll waits");
    String userName = Users.randomUserName();
    tenant.scim().post("/Users", Users.minimal(userName)).assertScim(201);
    JsonNode page = poll.get(15, java.util.concurrent.TimeUnit.SECONDS);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(1, page.path("data").size(), page.toString());
    assertEquals(userName, page.path("data").path(0).path("data").path("object").path("userName").asText());
    assertTrue(millis < 10_000, "woken by the event, not by the 20 s timeout: " + millis + " ms");
  }

  @Test
  void tenantAndTokenLifecycleEventsAreInTheFeed() {
    TestTenant tenant = server.newTenant();
    ScimClient admin = server.admin();
    admin.patch("/admin/tenants/" + tenant.id(), "{\"status\":\"suspended\"}").assertStatus(200);
    admin.patch("/admin/tenants/" + tenant.id(), "{\"status\":\"active\"}").assertStatus(200);
    JsonNode token = admin.post("/admin/tenants/" + tenant.id() + "/tokens", "{\"label\":\"entra\"}")
        .assertStatus(201).json();
    String tokenId = token.path("id").asText();
    admin.post("/admin/tenants/" + tenant.id() + "/tokens/" + tokenId + "/reset", "{}").assertStatus(200);
    admin.delete("/admin/tenants/" + tenant.id() + "/tokens/" + tokenId).assertStatus(204);
    admin.delete("/admin/tenants/" + tenant.id() + "?confirm=" + tenant.id()).assertStatus(204);

    List<JsonNode> events = globalEvents(tenant.id(), 8);
    assertEquals(List.of("tenant.created", "token.created", "tenant.suspended", "tenant.resumed", "token.created",
        "token.reset", "token.revoked", "tenant.deleted"), types(events));
    assertEquals("suspended", events.get(2).path("data").path("object").path("status").asText());
    assertEquals("entra", events.get(4).path("data").path("object").path("label").asText());
    assertFalse(events.get(5).path("data").path("object").has("value"), "never a token's value");
    assertEquals("test", events.get(2).path("context").path("actor").asText());
  }

  @Test
  void aSilentTenantsEventsSaySoSoTheAppSendsNoWelcomeMail() {
    TestTenant tenant = server.newTenant();
    ScimClient admin = server.admin();
    admin.patch("/admin/tenants/" + tenant.id(), "{\"settings\":{\"silentProvisioning\":\"yes\"}}")
        .assertStatus(400);
    admin.patch("/admin/tenants/" + tenant.id(), "{\"settings\":{\"silentProvisioning\":true}}").assertStatus(200);
    tenant.scim().post("/Users", Users.minimal(Users.randomUserName())).assertScim(201);
    JsonNode created = events(tenant.id(), "user.created", 1).get(0);
    assertTrue(created.path("context").path("silent").asBoolean(), created.toString());
  }

  @Test
  void typesFilterAndBadParametersAreRefusedClearly() {
    TestTenant tenant = server.newTenant();
    tenant.scim().post("/Users", Users.minimal(Users.randomUserName())).assertScim(201);
    Groups.create(tenant.scim(), Groups.randomDisplayName());
    List<JsonNode> groups = events(tenant.id(), "group.created", 1);
    assertEquals(List.of("group.created"), types(groups));
    String base = "/api/tenants/" + tenant.id() + "/events";
    assertError(app.get(base + "?types=user.craeted"), 400);
    assertError(app.get(base + "?limit=501"), 400);
    assertError(app.get(base + "?wait=31"), 400);
    assertError(app.get(base + "?after=not-a-cursor"), 400);
    assertError(new ScimClient(server.baseUrl(), null).get("/api/events"), 401);
    assertError(new ScimClient(server.baseUrl(), "Bearer " + server.jwt(new JsonObject()
        .put("role", "tenant-admin").put("tenant", tenant.id()).put("sub", "it"), 600)).get(base), 403);
    assertEquals(200, server.admin().get(base).status(), "a platform admin may read them too");
  }

  private static void assertError(ScimClient.Response response, int status) {
    assertEquals(status, response.status(), response.body());
    assertTrue(response.header("Content-Type").startsWith("application/json"), response.header("Content-Type"));
    assertEquals(String.valueOf(status), response.json().path("status").asText());
  }

  /** The tenant's first {@code n} user events, waiting for the sequencer. */
  private List<JsonNode> userEvents(String tenant, int n) {
    return events(tenant, "user.*", n);
  }

  private List<JsonNode> events(String tenant, String types, int n) {
    return poll("/api/tenants/" + tenant + "/events?limit=500" + (types == null ? "" : "&types=" + types), n);
  }

  private List<JsonNode> globalEvents(String tenant, int n) {
    return poll("/api/events?limit=500&tenant=" + tenant, n);
  }

  private List<JsonNode> poll(String path, int n) {
    long deadline = System.currentTimeMillis() + 10_000;
    List<JsonNode> events = new ArrayList<>();
    while (System.currentTimeMillis() < deadline) {
      events.clear();
      app.get(path).assertStatus(200).json().path("data").forEach(events::add);
      if (events.size() >= n) {
        return events.subList(0, n);
      }
      sleep(50);
    }
    throw new AssertionError("expected " + n + " events at " + path + ", got " + types(events));
  }

  /** The cursor after the first {@code n} events of the tenant. */
  private String cursorAfter(String tenant, int n) {
    return app.get("/api/tenants/" + tenant + "/events?limit=" + n).assertStatus(200).json().path("nextCursor")
        .asText();
  }

  private static String lastRequestId(ScimClient scim, String path) {
    return scim.get(path).header("X-Request-Id");
  }

  private static String memberOf(JsonNode event) {
    return event.path("data").path("object").path("member").path("value").asText();
  }

  private static List<String> types(List<JsonNode> events) {
    return events.stream().map(e -> e.path("type").asText()).collect(Collectors.toList());
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static String patch(String op, String path, String value) {
    return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"" + op
        + "\",\"path\":\"" + path + "\",\"value\":" + value + "}]}";
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
