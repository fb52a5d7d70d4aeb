package dev.scimhub.user;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.Tenants.TestTenant;
import dev.scimhub.support.TestServer;
import dev.scimhub.support.Users;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A user's change is written on the version it read, without a lock: changes of one user sent at once must all land
 * (none lost to another computed on the same version), each with its own version and its own event.
 */
class ConcurrentChangeTest {

  private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

  @Test
  void concurrentPatchesOfOneUserAllLandWithAnEventEach() throws Exception {
    TestServer server = TestServer.get();
    TestTenant tenant = server.newTenant();
    ScimClient scim = tenant.scim();
    String id = scim.post("/Users", Users.minimal(Users.randomUserName())).assertScim(201).path("id").asText();
    int changes = 12;
    ExecutorService pool = Executors.newFixedThreadPool(changes);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < changes; i++) {
        // Each adds a phone number of its own: a lost update would drop one.
        String phone = "+1555000" + String.format("%04d", i);
        answers.add(pool.submit(() -> scim.patch("/Users/" + id, "{\"schemas\":[\"" + PATCH_OP + "\"],"
            + "\"Operations\":[{\"op\":\"add\",\"path\":\"phoneNumbers\",\"value\":[{\"value\":\"" + phone
            + "\",\"type\":\"work\"}]}]}").status()));
      }
      for (Future<Integer> answer : answers) {
        assertEquals(200, answer.get());
      }
    } finally {
      pool.shutdownNow();
    }
    JsonNode user = scim.get("/Users/" + id).assertScim(200);
    assertEquals(changes, user.path("phoneNumbers").size(), user.toString());
    assertEquals("W/\"" + (changes + 1) + "\"", user.path("meta").path("version").asText());

    ScimClient app = new ScimClient(server.baseUrl(),
        "Bearer " + server.jwt(new JsonObject().put("role", "app").put("sub", "vendor-app"), 600));
    long deadline = System.currentTimeMillis() + 10_000;
    int updates = 0;
    while (updates < changes && System.currentTimeMillis() < deadline) {
      updates = 0;
      for (JsonNode event : app.get("/api/tenants/" + tenant.id() + "/events?types=user.updated&limit=500")
          .assertStatus(200).json().path("data")) {
        updates++;
      }
      Thread.sleep(100);
    }
    assertEquals(changes, updates, "one user.updated per change");
  }
}
