package dev.scimhub.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimhub.db.Database;
import dev.scimhub.support.ServerProcess;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.Tenants.TestTenant;
import dev.scimhub.support.TestDatabase;
import dev.scimhub.support.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The request log as an operator meets it: expiry drops a whole partition, and a writer that cannot write (its table
 * locked) drops the oldest records and counts them while SCIM requests answer as before.
 */
class RequestLogOperationsTest {

  @Test
  void anExpiredDayIsDroppedAsAPartition() throws Exception {
    TestServer.get();
    LocalDate old = LocalDate.now(ZoneOffset.UTC).minusDays(40);
    String name = RequestLogPartitions.name(old);
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS " + name + " PARTITION OF request_log FOR VALUES FROM ('" + old
          + "T00:00:00Z') TO ('" + old.plusDays(1) + "T00:00:00Z')");
      s.execute("INSERT INTO request_log (tenant_id, at, id, request_id, method, route, path, status, duration_ms,"
          + " outcome) VALUES ('old-tenant', '" + old + "T12:00:00Z', gen_random_uuid(), 'r', 'GET', '/x', '/x', 200,"
          + " 1, 'read')");
      assertTrue(partitionExists(s, name));
    }
    // A node's writer runs its upkeep at start: past the 30 days, the day goes whole.
    try (ServerProcess node = ServerProcess.start(Duration.ofSeconds(60))) {
      long deadline = System.currentTimeMillis() + 15_000;
      boolean exists = true;
      while (exists && System.currentTimeMillis() < deadline) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
          exists = partitionExists(s, name);
        }
        Thread.sleep(100);
      }
      assertTrue(!exists, name + " was not dropped");
      try (Connection c = connect(); Statement s = c.createStatement()) {
        assertTrue(partitionExists(s, RequestLogPartitions.name(LocalDate.now(ZoneOffset.UTC))), "today's stays");
        assertTrue(partitionExists(s, RequestLogPartitions.name(LocalDate.now(ZoneOffset.UTC).plusDays(3))),
            "days ahead are made");
      }
    }
  }

  @Test
  void aStalledWriterDropsTheOldestAndCountsWhileScimAnswers() throws Exception {
    TestServer server = TestServer.get();
    TestTenant tenant = server.newTenant();
    try (ServerProcess node = ServerProcess.start(Duration.ofSeconds(60),
        Map.of("SCIMHUB_REQUEST_LOG_BUFFER_RECORDS", "20"))) {
      ScimClient scim = node.scim(tenant.id(), tenant.token());
      scim.get("/Users").assertStatus(200);
      try (Connection lock = connect()) {
        lock.setAutoCommit(false);
        try (Statement s = lock.createStatement()) {
          s.execute("LOCK TABLE request_log IN ACCESS EXCLUSIVE MODE");
        }
        long slowest = 0;
        for (int i = 0; i < 100; i++) {
          long start = System.nanoTime();
          scim.get("/Users?count=1").assertStatus(200);
          slowest = Math.max(slowest, (System.nanoTime() - start) / 1_000_000);
        }
        assertTrue(slowest < 2_000, "SCIM waited for the log: " + slowest + " ms");
        JsonNode health = node.admin().get("/admin/tenants/" + tenant.id() + "/health").assertStatus(200).json();
        long dropped = health.path("requestLog").path("droppedOnThisNode").asLong();
        // Of 100 records: at most 20 wait, a batch the writer took before it stalled waits with its statement.
        assertTrue(dropped >= 50, "dropped " + dropped + ": " + health.path("requestLog"));
        assertTrue(health.path("requestLog").path("waitingOnThisNode").asInt() <= 20, health.toString());
        // Health counts every request, dropped or not: its tables are not the locked one.
        long deadline = System.currentTimeMillis() + 5_000;
        long ok = 0;
        while (ok < 101 && System.currentTimeMillis() < deadline) {
          ok = node.admin().get("/admin/tenants/" + tenant.id() + "/health").json().path("summary")
              .path("lastHour").path("2xx").asLong();
          Thread.sleep(100);
        }
        assertTrue(ok >= 101, "health counted " + ok);
        lock.rollback();
      }
      long deadline = System.currentTimeMillis() + 10_000;
      int logged = 0;
      while (logged < 20 && System.currentTimeMillis() < deadline) {
        logged = node.admin().get("/admin/tenants/" + tenant.id() + "/requests?limit=200").assertStatus(200).json()
            .path("data").size();
        Thread.sleep(100);
      }
      assertTrue(logged >= 20 && logged <= 45, "after the stall, what the buffer held is written: " + logged);
      assertTrue(node.logLines().stream().anyMatch(l -> l.contains("records dropped")), "the drops are logged");
    }
  }

  private static boolean partitionExists(Statement s, String name) throws Exception {
    try (ResultSet rs = s.executeQuery("SELECT to_regclass('" + name + "') IS NOT NULL")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  private static Connection connect() throws Exception {
    Database db = TestDatabase.get();
    return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
  }
}
