package dev.scimhub.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.scimhub.db.Database;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.ServerProcess;
import dev.scimhub.support.Tenants.TestTenant;
import dev.scimhub.support.TestDatabase;
import dev.scimhub.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Retention: an event past {@code events.retentionDays} is removed by the events verticle (which runs its first
 * pass a second after start), and a cursor from before it gets 410 while one after it reads on.
 */
class EventRetentionTest {

  @Test
  void anExpiredEventIsRemovedAndACursorBeforeItIs410() throws Exception {
    TestServer server = TestServer.get();
    ScimClient app = new ScimClient(server.baseUrl(),
        "Bearer " + server.jwt(new JsonObject().put("role", "app").put("sub", "vendor-app"), 600));
    TestTenant tenant = server.newTenant();
    String base = "/api/tenants/" + tenant.id() + "/events";
    long deadline = System.currentTimeMillis() + 10_000;
    while (app.get(base).assertStatus(200).json().path("data").size() < 2 && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    String afterFirst = app.get(base + "?limit=1").assertStatus(200).json().path("nextCursor").asText();
    Database db = TestDatabase.get();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        PreparedStatement age = c.prepareStatement("UPDATE event SET occurred_at = now() - interval '40 days'"
            + " WHERE tenant_id = ? AND sequence = 1")) {
      age.setString(1, tenant.id());
      assertEquals(1, age.executeUpdate());
    }
    // A node started now removes what is past 30 days in its first pass.
    try (ServerProcess node = ServerProcess.start(Duration.ofSeconds(60))) {
      deadline = System.currentTimeMillis() + 15_000;
      int status = 0;
      while (status != 410 && System.currentTimeMillis() < deadline) {
        status = app.get(base + "?after=c1_0").status();
        Thread.sleep(100);
      }
      assertEquals(410, status, "a cursor from before the removed event");
      assertEquals(java.util.List.of("token.created"), types(app.get(base).assertStatus(200).json()),
          "the tenant.created event is gone, the rest is kept");
      assertEquals(1, app.get(base + "?after=" + afterFirst).assertStatus(200).json().path("data").size(),
          "a cursor after it reads on");
    }
  }

  private static java.util.List<String> types(com.fasterxml.jackson.databind.JsonNode page) {
    java.util.List<String> types = new java.util.ArrayList<>();
    page.path("data").forEach(e -> types.add(e.path("type").asText()));
    return types;
  }
}
