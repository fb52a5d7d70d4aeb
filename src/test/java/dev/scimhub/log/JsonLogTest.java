package dev.scimhub.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimhub.support.ServerProcess;
import dev.scimhub.support.Tenants.TestTenant;
import dev.scimhub.support.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With {@code SCIMHUB_LOG_FORMAT=json}, every line a server writes is one JSON object, a request's lines carry its
 * tenant and request id as fields, a token pasted into a URL path appears nowhere, and what clients can send logs no
 * error.
 */
class JsonLogTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyLineIsJsonWithTagsAndNoToken() throws Exception {
    TestTenant tenant = TestServer.get().newTenant();
    List<String> lines;
    try (ServerProcess node = ServerProcess.start(Duration.ofSeconds(60), Map.of("SCIMHUB_LOG_FORMAT", "json"))) {
      // A token pasted where a path segment goes: a 404 the access log writes.
      assertEquals(404, node.scim(tenant.id(), tenant.token()).get("/" + tenant.token() + "/Users").status());
      node.scim(tenant.id(), tenant.token()).get("/Users?filter=userName%20eq").assertError(400, "invalidFilter");
      // A deliberate 501, answered before a bodiless GET has ended: neither a server failure nor a broken close.
      for (int i = 0; i < 5; i++) {
        node.scim(tenant.id(), tenant.token()).get("/Me").assertError(501, null);
      }
      Thread.sleep(500);
      assertEquals(0, node.stop(Duration.ofSeconds(30)));
      lines = node.logLines();
    }
    assertTrue(lines.size() > 3, "the server logged: " + lines);
    boolean tagged = false;
    for (String line : lines) {
      JsonNode event = JSON.readTree(line);
      assertTrue(event.path("level").isTextual() && event.path("loggerName").isTextual(), line);
      assertFalse(event.path("level").asText().equals("ERROR"), "an error was logged: " + line);
      if (event.path("loggerName").asText().equals("scimhub.request")
          && event.path("formattedMessage").asText().contains(" 404 ")) {
        assertEquals(tenant.id(), event.path("mdc").path("tenant").asText(), line);
        assertTrue(event.path("mdc").path("requestId").isTextual(), line);
        tagged = true;
      }
      assertFalse(line.contains(tenant.token()), "a token in the log: " + line);
    }
    assertTrue(tagged, "the 404 was logged with its tags: " + lines);
  }
}
