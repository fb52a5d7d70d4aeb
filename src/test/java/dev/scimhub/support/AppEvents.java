package dev.scimhub.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A tenant's events as the vendor's app reads them ({@code GET /api/tenants/{id}/events} with an app JWT). Events are
 * numbered after their transaction commits, so a test waits for what it expects rather than reading once.
 */
public final class AppEvents {

  private static final long WAIT_MILLIS = 10_000;

  private AppEvents() {}

  /** A client of the app API, with a JWT of role app. */
  public static ScimClient app() {
    TestServer server = TestServer.get();
    return new ScimClient(server.baseUrl(),
        "Bearer " + server.jwt(new JsonObject().put("role", "app").put("sub", "vendor-app"), 600));
  }

  /** Every event of the tenant of these {@code types} (as the API's parameter), in order, page after page. */
  public static List<JsonNode> all(String tenant, String types) {
    ScimClient app = app();
    List<JsonNode> events = new ArrayList<>();
    String cursor = null;
    while (true) {
      JsonNode page = app.get("/api/tenants/" + tenant + "/events?limit=500&types=" + types
          + (cursor == null ? "" : "&after=" + cursor)).assertStatus(200).json();
      page.path("data").forEach(events::add);
      // Only a page with events moves on: the cursor of an empty first page may be older than what retention (another
      // test's) has removed.
      if (page.path("data").isEmpty() || !page.path("hasMore").asBoolean(false)) {
        return events;
      }
      cursor = page.path("nextCursor").asText();
    }
  }

  /** The tenant's events of {@code types} once {@code until} holds of them; fails after ten seconds. */
  public static List<JsonNode> await(String tenant, String types, Predicate<List<JsonNode>> until) {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    List<JsonNode> events = all(tenant, types);
    while (!until.test(events)) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("events of " + tenant + " (" + types + ") never came: " + events.size() + " so far");
      }
      sleep(50);
      events = all(tenant, types);
    }
    return events;
  }

  /** The last event of {@code type} whose {@code data.object.id} is {@code id}, once there is one. */
  public static JsonNode about(String tenant, String type, String id) {
    List<JsonNode> events = await(tenant, type, all -> all.stream()
        .anyMatch(e -> e.path("data").path("object").path("id").asText().equals(id)));
    JsonNode last = null;
    for (JsonNode event : events) {
      if (event.path("data").path("object").path("id").asText().equals(id)) {
        last = event;
      }
    }
    return last;
  }

  /** {@link #await} for at least {@code n}, then read again a moment later, so that an event too many shows. */
  public static List<JsonNode> settled(String tenant, String types, int n) {
    await(tenant, types, all -> all.size() >= n);
    sleep(300);
    return all(tenant, types);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
