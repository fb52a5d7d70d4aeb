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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The state API: an app rebuilds a tenant's users, groups and memberships page by page, then follows the events from
 * the cursor its first page gave, and misses nothing that changed meanwhile.
 */
class StateApiTest {

  private final TestServer server = TestServer.get();
  private final ScimClient app = new ScimClient(server.baseUrl(),
      "Bearer " + server.jwt(new JsonObject().put("role", "app").put("sub", "vendor-app"), 600));

  @Test
  void anAppRebuildsThenFollowsTheEventsFromTheCursorOfItsFirstPage() throws Exception {
    TestTenant tenant = server.newTenant();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(tenant.scim().post("/Users", Users.minimal(Users.randomUserName())).assertScim(201).path("id").asText());
    }
    String group = Groups.create(tenant.scim(), Groups.randomDisplayName(), ids.get(0), ids.get(1), ids.get(2));
    String base = "/api/tenants/" + tenant.id();

    List<String> seen = new ArrayList<>();
    String eventCursor = null;
    String cursor = null;
    do {
      JsonNode page = app.get(base + "/users?limit=2" + (cursor == null ? "" : "&cursor=" + cursor))
          .assertStatus(200).json();
      eventCursor = eventCursor == null ? page.path("eventCursor").asText() : eventCursor;
      page.path("data").forEach(user -> {
        seen.add(user.path("id").asText());
        assertFalse(user.path("userName").asText().isEmpty(), user.toString());
        assertEquals("User", user.path("meta").path("resourceType").asText());
      });
      cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
    } while (cursor != null);
    assertEquals(ids.stream().sorted().toList(), seen, "every user once, in id order");

    JsonNode groups = app.get(base + "/groups").assertStatus(200).json();
    assertEquals(1, groups.path("data").size());
    assertFalse(groups.path("data").path(0).has("members"), "groups come without members");
    List<String> members = new ArrayList<>();
    app.get(base + "/groups/" + group + "/members?limit=2").assertStatus(200).json().path("data")
        .forEach(m -> members.add(m.path("value").asText()));
    JsonNode rest = app.get(base + "/groups/" + group + "/members?limit=2&cursor=" + members.get(1))
        .assertStatus(200).json();
    rest.path("data").forEach(m -> members.add(m.path("value").asText()));
    assertTrue(rest.path("nextCursor").isNull());
    assertEquals(ids.subList(0, 3).stream().sorted().toList(), members);

    // A change after the rebuild arrives as an event after the cursor of the first page.
    String late = tenant.scim().post("/Users", Users.minimal(Users.randomUserName())).assertScim(201).path("id")
        .asText();
    long deadline = System.currentTimeMillis() + 10_000;
    boolean found = false;
    while (!found && System.currentTimeMillis() < deadline) {
      for (JsonNode event : app.get(base + "/events?limit=500&after=" + eventCursor).assertStatus(200).json()
          .path("data")) {
        found |= late.equals(event.path("data").path("object").path("id").asText());
      }
      Thread.sleep(50);
    }
    assertTrue(found, "the later user's event comes after the rebuild's cursor");
  }

  @Test
  void updatedSinceListsOnlyWhatChangedAndBadInputIsRefused() throws Exception {
    TestTenant tenant = server.newTenant();
    String a = tenant.scim().post("/Users", Users.minimal(Users.randomUserName())).assertScim(201).path("id").asText();
    tenant.scim().post("/Users", Users.minimal(Users.randomUserName())).assertScim(201);
    Thread.sleep(20);
    Instant before = Instant.now();
    Thread.sleep(20);
    tenant.scim().patch("/Users/" + a, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
        + "\"Operations\":[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"Changed\"}]}").assertScim(200);
    String base = "/api/tenants/" + tenant.id();
    JsonNode changed = app.get(base + "/users?updatedSince=" + before).assertStatus(200).json();
    assertEquals(1, changed.path("data").size(), changed.toString());
    assertEquals(a, changed.path("data").path(0).path("id").asText());

    assertEquals(400, app.get(base + "/users?updatedSince=yesterday").status());
    assertEquals(400, app.get(base + "/users?cursor=nope").status());
    assertEquals(400, app.get(base + "/users?limit=501").status());
    assertEquals(404, app.get(base + "/groups/" + java.util.UUID.randomUUID() + "/members").status());
    assertEquals(404, app.get("/api/tenants/no-such-tenant-here/users").status());
    assertEquals(403, new ScimClient(server.baseUrl(), "Bearer " + server.jwt(new JsonObject()
        .put("role", "tenant-admin").put("tenant", tenant.id()).put("sub", "it"), 600)).get(base + "/users").status());
  }
}
