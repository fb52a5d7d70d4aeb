package dev.scimhub.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimhub.AppConfig;
import dev.scimhub.Application;
import dev.scimhub.HttpVerticle;
import dev.scimhub.auth.AdminJwtAuth;
import dev.scimhub.log.LogTags;
import dev.scimhub.scim.schema.Schemas;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.Users;
import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real PostgreSQL stopped under write and read load, then started again: while it is down every request answers 503
 * with an integer {@code Retry-After} within the pool's bound (never a 500, never a hang), {@code /ready} says DOWN,
 * the server recovers by itself when the database is back, and every write it acknowledged is there.
 */
class DatabaseOutageTest {

  @Test
  void anOutageAnswers503ThenRecoversAndLosesNothing(@TempDir Path dataDir) throws Exception {
    LogTags.register();
    Path pg = dataDir.resolve("pg");
    int pgPort = freePort();
    EmbeddedPostgres[] postgres = {postgres(pg, pgPort)};
    Database database = new Database(Database.tuned(new PgConnectOptions().setHost("localhost").setPort(pgPort)
        .setDatabase("postgres").setUser("postgres")), "outage test");
    Vertx vertx = Vertx.vertx();
    AtomicBoolean loading = new AtomicBoolean(true);
    try {
      Migrations.migrate(database);
      String secret = UUID.randomUUID().toString();
      int port = freePort();
      AppConfig config = AppConfig.from(new JsonObject().put("SCIMHUB_HTTP_PORT", port)
          .put("SCIMHUB_JWT_SECRET", secret).put("SCIMHUB_DATA_DIR", dataDir.toString()).put("SCIMHUB_DB_POOL_SIZE", 4));
      Application app = new Application(vertx, config, database, Schemas.load(100), secret);
      // As in production: /ready waits for the background verticle as well as for the database.
      for (var verticle : app.background()) {
        vertx.deployVerticle(verticle).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      }
      vertx.deployVerticle(() -> new HttpVerticle(app), new DeploymentOptions().setInstances(2))
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      String base = "http://localhost:" + port;
      String jwt = new AdminJwtAuth(vertx, secret).mint(new JsonObject().put("role", AdminJwtAuth.PLATFORM_ADMIN)
          .put("sub", "outage-test"), 600);
      JsonNode tenant = new ScimClient(base, "Bearer " + jwt).post("/admin/tenants",
          "{\"id\":\"outage\",\"name\":\"Outage Inc\"}").json();
      ScimClient scim = new ScimClient(tenant.path("scimBaseUrl").asText(),
          "Bearer " + tenant.path("token").path("value").asText());
      ScimClient ops = new ScimClient(base, null);

      // Writers and readers keep going through the whole outage.
      Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
      ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<String> slow = new ConcurrentLinkedQueue<>();
      List<Thread> load = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Thread thread = new Thread(() -> {
          while (loading.get()) {
            long start = System.nanoTime();
            ScimClient.Response response = scim.post("/Users", Users.minimal(Users.randomUserName()));
            long millis = (System.nanoTime() - start) / 1_000_000;
            statuses.merge(response.status(), 1, Integer::sum);
            if (response.status() == 201) {
              acknowledged.add(response.json().path("id").asText());
            } else if (response.status() == 503) {
              assertEquals("5", response.header("Retry-After"));
              response.assertError(503, null);
            }
            if (millis > 7_000) {
              slow.add(response.status() + " after " + millis + " ms");
            }
          }
        }, "outage-load-" + i);
        thread.start();
        load.add(thread);
      }
      Thread.sleep(1_000);

      // Stop PostgreSQL under the load.
      postgres[0].close();

      long downAt = System.nanoTime();
      ScimClient.Response during;
      do {
        during = scim.get("/Users?count=1");
      } while (during.status() != 503 && System.nanoTime() - downAt < 10_000_000_000L);
      during.assertError(503, null);
      assertEquals("5", during.header("Retry-After"));
      assertEquals(503, ops.get("/ready").status());
      Thread.sleep(2_000);

      // Start it again on the same port and data.
      postgres[0] = postgres(pg, pgPort);
      long upAt = System.nanoTime();
      while (ops.get("/ready").status() != 200) {
        assertTrue(System.nanoTime() - upAt < 30_000_000_000L, "not ready 30 s after PostgreSQL came back");
        Thread.sleep(200);
      }
      scim.get("/Users?count=1").assertScim(200);
      Thread.sleep(1_000);
      loading.set(false);
      for (Thread thread : load) {
        thread.join(30_000);
      }

      assertTrue(statuses.getOrDefault(503, 0) > 0, "some requests met the outage: " + statuses);
      assertTrue(statuses.keySet().stream().allMatch(s -> s == 201 || s == 503), "only 201 and 503: " + statuses);
      assertTrue(slow.isEmpty(), "no request waited past the pool's bound: " + slow);
      for (String id : acknowledged) {
        scim.get("/Users/" + id).assertScim(200);
      }
    } finally {
      loading.set(false);
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      postgres[0].close();
    }
  }

  /** A real PostgreSQL on a fixed port, so that it can be stopped and started again where clients expect it. */
  private static EmbeddedPostgres postgres(Path directory, int port) throws IOException {
    return EmbeddedPostgres.builder().setDataDirectory(directory).setCleanDataDirectory(false).setPort(port)
        .setServerConfig("fsync", "off").start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

}
