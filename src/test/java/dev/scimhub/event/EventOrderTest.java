package dev.scimhub.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Commit order: a transaction that recorded its event first but commits last must not have its event appear behind a
 * cursor a reader has already passed. One transaction is held open (its event inserted, not committed) while later
 * changes of the same tenant commit and are read; once it commits, its event comes after all of them, in the
 * tenant's sequence and in the cross-tenant feed.
 */
class EventOrderTest {

  private final TestServer server = TestServer.get();
  private final ScimClient app = new ScimClient(server.baseUrl(),
      "Bearer " + server.jwt(new JsonObject().put("role", "app").put("sub", "vendor-app"), 600));

  @Test
  void anEventThatCommitsLateComesAfterEverythingAlreadyRead() throws Exception {
    TestTenant tenant = server.newTenant();
    String globalStart = app.get("/api/events?limit=500&tenant=" + tenant.id()).assertStatus(200).json()
        .path("nextCursor").asText();
    UUID held = UUID.randomUUID();
    try (Connection slow = connect()) {
      slow.setAutoCommit(false);
      try (PreparedStatement insert = slow.prepareStatement("INSERT INTO event (tenant_id, id, type, data, context)"
          + " VALUES (?, ?, 'user.updated', '{\"object\":{\"held\":true}}', '{}')")) {
        insert.setString(1, tenant.id());
        insert.setObject(2, held);
        insert.executeUpdate();
      }
      for (int i = 0; i < 3; i++) {
        tenant.scim().post("/Users", Users.minimal(Users.randomUserName())).assertScim(201);
      }
      // tenant.created, token.created and the three users: numbered, while the held event is not.
      List<JsonNode> seen = events(tenant.id(), 5);
      long lastSequence = seen.get(4).path("sequence").asLong();
      String cursor = app.get("/api/tenants/" + tenant.id() + "/events?limit=5").assertStatus(200).json()
          .path("nextCursor").asText();
      Thread.sleep(300);
      assertEquals(5, app.get("/api/tenants/" + tenant.id() + "/events?limit=500").assertStatus(200).json()
          .path("data").size(), "the open transaction's event is not readable, and nothing skips ahead of it");
      slow.commit();

      JsonNode after = pollAfter("/api/tenants/" + tenant.id() + "/events?after=" + cursor);
      assertEquals(held.toString(), after.path("id").asText());
      assertEquals(lastSequence + 1, after.path("sequence").asLong(), "next in the tenant's sequence, no gap");

      List<String> global = new ArrayList<>();
      app.get("/api/events?limit=500&tenant=" + tenant.id() + "&after=" + globalStart).assertStatus(200).json()
          .path("data").forEach(e -> global.add(e.path("id").asText()));
      // From a cursor taken before the users: the three of them (and perhaps the onboarding), then the held one.
      assertTrue(global.size() >= 4, global.toString());
      assertEquals(held.toString(), global.get(global.size() - 1), "last in the cross-tenant feed too");
      assertEquals(seen.stream().skip(2).map(e -> e.path("id").asText()).toList(),
          global.subList(global.size() - 4, global.size() - 1));
    }
  }

  private List<JsonNode> events(String tenant, int n) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    List<JsonNode> events = new ArrayList<>();
    while (System.currentTimeMillis() < deadline) {
      events.clear();
      app.get("/api/tenants/" + tenant + "/events?limit=500").assertStatus(200).json().path("data")
          .forEach(events::add);
      if (events.size() >= n) {
        return events;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("expected " + n + " events, got " + events.size());
  }

  private JsonNode pollAfter(String path) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      JsonNode data = app.get(path).assertStatus(200).json().path("data");
      if (data.size() > 0) {
        assertEquals(1, data.size(), data.toString());
        return data.path(0);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the held event never appeared after the cursor");
  }

  private static Connection connect() throws Exception {
    Database db = TestDatabase.get();
    return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
  }
}
