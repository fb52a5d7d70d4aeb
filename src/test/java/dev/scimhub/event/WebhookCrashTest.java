package dev.scimhub.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimhub.event.WebhookReceiver.Received;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.ServerProcess;
import dev.scimhub.support.Users;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events survive a crash between their commit and their delivery: a server on its own embedded PostgreSQL records
 * changes while the receiver is down, is killed with SIGKILL, and started once again; every event then arrives, and
 * any duplicate carries the same id.
 */
class WebhookCrashTest {

  private static final Map<String, String> SETTINGS = Map.of("SCIMHUB_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true");

  @TempDir
  Path dataDir;

  @Test
  void eventsCommittedBeforeACrashAreDeliveredAfterTheRestart() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort(); // nothing listens there until after the crash
    }
    ServerProcess crashed = ServerProcess.startEmbedded(dataDir, Duration.ofSeconds(120), SETTINGS);
    Set<String> created = new HashSet<>();
    String tenant = "crash-" + Long.toString(System.nanoTime(), 36);
    try {
      ScimClient admin = crashed.admin();
      JsonNode onboarded = admin.post("/admin/tenants", "{\"id\":\"" + tenant + "\",\"name\":\"Crash\"}")
          .assertStatus(201).json();
      admin.post("/admin/tenants/" + tenant + "/webhooks", "{\"url\":\"http://127.0.0.1:" + port
          + "/hooks\",\"types\":[\"user.created\"]}").assertStatus(201);
      ScimClient scim = crashed.scim(tenant, onboarded.path("token").path("value").asText());
      for (int i = 0; i < 5; i++) {
        created.add(scim.post("/Users", Users.minimal(Users.randomUserName())).assertScim(201).path("id").asText());
      }
    } finally {
      crashed.kill();
    }
    try (WebhookReceiver receiver = new WebhookReceiver(port);
        ServerProcess restarted = ServerProcess.startEmbedded(dataDir, Duration.ofSeconds(120), SETTINGS)) {
      long deadline = System.currentTimeMillis() + 60_000;
      Set<String> users = Set.of();
      while (users.size() < created.size() && System.currentTimeMillis() < deadline) {
        users = receiver.received().stream().map(r -> r.json().getJsonObject("data").getJsonObject("object")
            .getString("id")).collect(Collectors.toSet());
        Thread.sleep(100);
      }
      assertEquals(created, users, "every committed user's event arrives after the restart");
      List<Received> got = receiver.received();
      Set<String> ids = got.stream().map(Received::id).collect(Collectors.toSet());
      assertEquals(created.size(), ids.size(), "one event id per user, however often it was sent");
      assertTrue(restarted.logLines().stream().noneMatch(line -> line.contains(" ERROR ")),
          String.join("\n", restarted.logLines()));
    }
  }
}
