package dev.scimhub.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimhub.support.Groups;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.Tenants;
import dev.scimhub.support.TestServer;
import dev.scimhub.support.Users;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} as a scraper reads it: valid Prometheus text, moving with the traffic it describes, labelled by
 * route template and never by a tenant's or a resource's id, and closed to anyone without the metrics token.
 */
class MetricsTest {

  private static final String USERS = "/tenants/:tenant/scim/v2/Users";
  private static final String USER = "/tenants/:tenant/scim/v2/Users/:id";
  private static final String REQUESTS = "vertx_http_server_requests_total";
  private static final String LATENCY = "vertx_http_server_response_time_seconds";

  private static final TestServer server = TestServer.get();
  private static final ScimClient metrics =
      new ScimClient(server.baseUrl(), "Bearer " + server.config().metricsToken());

  @Test
  void metricsAreValidPrometheusTextThatMovesWithTraffic() {
    Tenants.TestTenant tenant = server.newTenant();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(tenant.scim().post("/Users", Users.minimal(Users.randomUserName())).assertScim(201).path("id").asText());
    }
    PrometheusText before = scrape();

    int lists = 7;
    for (int i = 0; i < lists; i++) {
      tenant.scim().get("/Users", "filter", "userName eq \"nobody@example.com\"").assertScim(200);
    }
    for (String id : ids) {
      tenant.scim().get("/Users/" + id).assertScim(200);
    }
    // Entra's capitalised op: tolerated, and counted as the quirk it is.
    tenant.scim().patch("/Users/" + ids.get(0),
        Groups.patch("{\"op\":\"Replace\",\"path\":\"title\",\"value\":\"Engineer\"}")).assertScim(200);
    tenant.scim().get("/Users/" + Users.randomUserName()).assertError(404, null);
    PrometheusText after = scrape();

    Map<String, String> listed = Map.of("route", USERS, "method", "GET", "code", "2xx");
    assertTrue(after.sum(REQUESTS, listed) - before.sum(REQUESTS, listed) >= lists, "list requests counted");
    assertTrue(after.sum(LATENCY + "_count", listed) - before.sum(LATENCY + "_count", listed) >= lists,
        "list latencies recorded");
    assertEquals("histogram", after.types().get(LATENCY));
    assertTrue(after.has(LATENCY + "_bucket", Map.of("route", USERS, "le", "0.1")), "a 100 ms bucket");
    Map<String, String> read = Map.of("route", USER, "method", "GET", "code", "2xx");
    assertTrue(after.sum(REQUESTS, read) - before.sum(REQUESTS, read) >= ids.size(), "reads by id counted");
    Map<String, String> missing = Map.of("route", USER, "method", "GET", "code", "4xx");
    assertTrue(after.sum(REQUESTS, missing) - before.sum(REQUESTS, missing) >= 1, "a 404 is a 4xx");

    Map<String, String> opCase = Map.of("quirk", "OpNameCase");
    assertTrue(after.sum("scimhub_quirks_applied_total", opCase) - before.sum("scimhub_quirks_applied_total", opCase)
        >= 1, "the quirk counter moved");
    Map<String, String> hits = Map.of("cache", "tokens", "result", "hit");
    assertTrue(after.sum("cache_gets_total", hits) - before.sum("cache_gets_total", hits) >= lists,
        "token checks answered from the cache");
    assertTrue(after.has("cache_gets_total", Map.of("cache", "tokens", "result", "miss")), "token cache misses");

    assertTrue(after.has("vertx_pool_in_use", Map.of("pool_type", "sql", "pool_name", "scimhub")), "pool usage");
    assertTrue(after.has("vertx_pool_queue_pending", Map.of("pool_type", "sql", "pool_name", "scimhub")),
        "pool wait queue");
    assertTrue(after.has("vertx_pool_queue_time_seconds_count", Map.of("pool_name", "scimhub")), "pool wait time");
    assertEquals(1.0, after.sum("scimhub_database_up", Map.of()));
    assertTrue(after.has("scimhub_database_refused_requests_total", Map.of()), "refused requests");
    assertTrue(after.has("jvm_memory_used_bytes", Map.of()), "JVM metrics");
  }

  @Test
  void noLabelCarriesATenantOrResourceId() {
    Tenants.TestTenant tenant = server.newTenant();
    String userName = Users.randomUserName();
    String id = tenant.scim().post("/Users", Users.minimal(userName)).assertScim(201).path("id").asText();
    tenant.scim().get("/Users/" + id).assertScim(200);
    tenant.scim().delete("/Users/" + id);
    String group = Groups.create(tenant.scim(), "Ops " + id);
    tenant.scim().get("/Groups/" + group).assertScim(200);
    server.admin().get("/admin/tenants/" + tenant.id());
    new ScimClient(server.baseUrl(), null).get("/no/such/" + tenant.id());

    String text = rawScrape();
    for (String secret : List.of(tenant.id(), id, group, userName, tenant.token())) {
      assertFalse(text.contains(secret), secret + " appears in /metrics");
    }
    Set<String> routes = new TreeSet<>();
    for (PrometheusText.Sample sample : PrometheusText.parse(text).samples()) {
      assertFalse(sample.labels().containsKey("path"), "a raw path label: " + sample);
      assertFalse(sample.labels().containsKey("remote"), "a client address label: " + sample);
      String route = sample.labels().get("route");
      if (route != null) {
        routes.add(route);
      }
      String code = sample.labels().get("code");
      assertTrue(code == null || code.matches("[1-5]xx"), "a status class, not a code: " + sample);
    }
    for (String route : routes) {
      assertTrue(route.isEmpty() || route.startsWith("/") && !route.contains(">") && !route.contains("//"),
          "a route template: " + route);
    }
    assertTrue(routes.containsAll(Set.of(USERS, USER, "/tenants/:tenant/scim/v2/Groups",
        "/tenants/:tenant/scim/v2/Groups/:id", "/admin/tenants/:tenant")), routes.toString());
  }

  @Test
  void withoutTheTokenMetricsAreRefused() {
    Tenants.TestTenant tenant = server.newTenant();
    for (String authorization : new String[] {null, "Bearer wrong", "Bearer " + tenant.token(),
        "Bearer " + server.platformAdminJwt(), server.config().metricsToken(), "Basic bWV0cmljczptZXRyaWNz"}) {
      ScimClient.Response response = metrics.withAuthorization(authorization).get("/metrics");
      assertEquals(401, response.status(), authorization + ": " + response.body());
      assertTrue(response.header("Content-Type").startsWith("application/json"), response.header("Content-Type"));
      assertEquals("Bearer", response.header("WWW-Authenticate"));
      JsonNode error = response.json();
      assertEquals("urn:ietf:params:scim:api:messages:2.0:Error", error.path("schemas").path(0).asText());
      assertEquals("401", error.path("status").asText());
      assertFalse(response.body().contains("vertx_"), response.body());
    }
  }

  private static PrometheusText scrape() {
    return PrometheusText.parse(rawScrape());
  }

  private static String rawScrape() {
    ScimClient.Response response = metrics.get("/metrics");
    assertEquals(200, response.status(), response.body());
    String contentType = response.header("Content-Type");
    assertNotNull(contentType);
    assertTrue(contentType.startsWith("text/plain") && contentType.contains("version=0.0.4"), contentType);
    return response.body();
  }
}
