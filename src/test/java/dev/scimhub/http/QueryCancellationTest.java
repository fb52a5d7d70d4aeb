package dev.scimhub.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimhub.db.Database;
import dev.scimhub.support.Tenants.TestTenant;
import dev.scimhub.support.TestDatabase;
import dev.scimhub.support.TestServer;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A listing whose client hangs up is cancelled in PostgreSQL instead of running on to the statement timeout: two
 * equally slow listings (a 256-term filter that no user matches, over 150,000 users) run side by side; one client
 * closes its connection, and its statement ends while the other's, started later, is still running.
 */
class QueryCancellationTest {

  private static final int USERS = 150_000;
  private static final TestTenant tenant = seeded();

  @AfterAll
  static void offboard() {
    TestServer.get().admin().delete("/admin/tenants/" + tenant.id());
  }

  @Test
  void aListingIsCancelledWhenItsClientCloses() throws Exception {
    String filter = slowFilter(256);
    try (Socket leaver = send(filter)) {
      Statement leaving = awaitStatement(null);
      try (Socket stayer = send(filter)) {
        Statement staying = awaitStatement(leaving);
        leaver.close();
        awaitEnd(leaving, 2_000);
        assertTrue(running(staying), "the listing whose client stayed still runs: the other one ended because it was"
            + " cancelled, not because it was done");
        stayer.close();
        awaitEnd(staying, 2_000);
      }
    }
  }

  private static TestTenant seeded() {
    TestTenant t = TestServer.get().newTenant();
    try (Connection c = connect(); PreparedStatement insert = c.prepareStatement(
        "INSERT INTO scim_user (tenant_id, id, user_name, resource) SELECT ?, gen_random_uuid(), 'u' || g,"
            + " jsonb_build_object('userName', 'u' || g, 'title', 'engineer ' || g) FROM generate_series(1, ?) g")) {
      insert.setString(1, t.id());
      insert.setInt(2, USERS);
      assertEquals(USERS, insert.executeUpdate());
      c.createStatement().execute("ANALYZE scim_user");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return t;
  }

  /** One statement in PostgreSQL: its backend and when it started. */
  record Statement(int pid, java.sql.Timestamp started) {}

  /** {@code terms} substring terms on an unindexed attribute that match nobody: every row is read, every term tried. */
  private static String slowFilter(int terms) {
    return IntStream.range(0, terms).mapToObj(i -> "title co \"zz" + i + "\"").collect(Collectors.joining(" or "));
  }

  /** Sends the listing on a socket of its own and leaves it waiting for the answer. */
  private static Socket send(String filter) throws Exception {
    URI base = URI.create(TestServer.get().baseUrl());
    Socket socket = new Socket(base.getHost(), base.getPort());
    OutputStream out = socket.getOutputStream();
    out.write(("GET " + URI.create(tenant.scimBaseUrl()).getPath() + "/Users?filter="
        + URLEncoder.encode(filter, StandardCharsets.UTF_8) + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
        + tenant.token() + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
    return socket;
  }

  /** Waits for one of the slow listings to run in PostgreSQL, other than {@code other}. */
  private static Statement awaitStatement(Statement other) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      try (Connection c = connect(); PreparedStatement query = c.prepareStatement(
          "SELECT pid, query_start FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid()"
              + " AND query LIKE '%FROM scim_user%' AND query LIKE '% LIKE %'"
              // Other tests' listings take milliseconds; these take seconds.
              + " AND now() - query_start > interval '300 milliseconds' ORDER BY query_start");
          ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          Statement found = new Statement(rows.getInt(1), rows.getTimestamp(2));
          if (!found.equals(other)) {
            return found;
          }
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the listing never ran in PostgreSQL");
  }

  private static void awaitEnd(Statement statement, long timeoutMillis) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (running(statement)) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("the listing still runs " + timeoutMillis + " ms after its client left");
      }
      Thread.sleep(20);
    }
  }

  private static boolean running(Statement statement) throws Exception {
    try (Connection c = connect(); PreparedStatement query = c.prepareStatement(
        "SELECT 1 FROM pg_stat_activity WHERE pid = ? AND state = 'active' AND query_start = ?")) {
      query.setInt(1, statement.pid());
      query.setTimestamp(2, statement.started());
      try (ResultSet rows = query.executeQuery()) {
        return rows.next();
      }
    }
  }

  private static Connection connect() throws Exception {
    Database db = TestDatabase.get();
    return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
  }
}
