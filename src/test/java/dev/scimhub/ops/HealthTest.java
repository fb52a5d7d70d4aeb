package dev.scimhub.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code /health} and {@code /ready} as a liveness probe and a load balancer read them: no credentials. */
class HealthTest {

  private static final ScimClient anonymous = new ScimClient(TestServer.get().baseUrl(), null);

  @Test
  void healthSaysUpWithoutAskingAnything() {
    ScimClient.Response response = anonymous.get("/health");
    assertEquals(200, response.status(), response.body());
    assertEquals("UP", response.json().path("status").asText());
  }

  @Test
  void readyListsEachDependencyAndIsUp() {
    ScimClient.Response response = anonymous.get("/ready");
    assertEquals(200, response.status(), response.body());
    assertTrue(response.header("Content-Type").startsWith("application/json"), response.header("Content-Type"));
    JsonNode body = response.json();
    assertEquals("UP", body.path("status").asText(), body.toString());
    List<String> ids = new ArrayList<>();
    for (JsonNode check : body.path("checks")) {
      ids.add(check.path("id").asText());
      assertEquals("UP", check.path("status").asText(), check.toString());
    }
    assertEquals(List.of("database", "migrations", "verticles"), ids.stream().sorted().toList(), body.toString());
    JsonNode checks = body.path("checks");
    for (JsonNode check : checks) {
      switch (check.path("id").asText()) {
        case "migrations" -> assertFalse(check.path("data").path("version").asText().isBlank(), check.toString());
        case "verticles" -> {
          assertTrue(check.path("data").path("tokenEvents").asBoolean(), check.toString());
          assertTrue(check.path("data").path("httpServers").asInt() >= 1, check.toString());
        }
        default -> { }
      }
    }
  }
}
