package dev.scimhub.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimhub.support.AdminApi;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.Tenants.TestTenant;
import dev.scimhub.support.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * A tenant over its own rate gets 429 with an integer {@code Retry-After} and a SCIM error, after a short wait that
 * smooths a burst; another tenant, at the same time, is not affected; the rate is a validated tenant setting.
 */
class RateLimitTest {

  private static final TestServer server = TestServer.get();

  @Test
  void aTenantOverItsRateGets429WhileAnotherIsUnaffected() throws Exception {
    TestTenant limited = server.newTenant();
    TestTenant other = server.newTenant();
    AdminApi.assertJson(server.admin().patch("/admin/tenants/" + limited.id(),
        "{\"settings\":{\"rateLimitPerSecond\":2}}"), 200);

    ConcurrentHashMap<Integer, Integer> limitedStatuses = new ConcurrentHashMap<>();
    ConcurrentHashMap<Integer, Integer> otherStatuses = new ConcurrentHashMap<>();
    List<String> retryAfter = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<Void>> calls = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        calls.add(CompletableFuture.runAsync(() -> {
          ScimClient.Response response = limited.scim().get("/Users?count=1");
          limitedStatuses.merge(response.status(), 1, Integer::sum);
          if (response.status() == 429) {
            response.assertError(429, null);
            synchronized (retryAfter) {
              retryAfter.add(response.header("Retry-After"));
            }
          }
        }, pool));
        calls.add(CompletableFuture.runAsync(() ->
            otherStatuses.merge(other.scim().get("/Users?count=1").status(), 1, Integer::sum), pool));
      }
      CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
    } finally {
      pool.shutdown();
    }

    assertTrue(limitedStatuses.getOrDefault(429, 0) > 0, "some were refused: " + limitedStatuses);
    assertTrue(limitedStatuses.getOrDefault(200, 0) >= 4, "the burst (two seconds' worth) went through: "
        + limitedStatuses);
    assertEquals(Integer.valueOf(30), otherStatuses.get(200), "the other tenant: " + otherStatuses);
    for (String seconds : retryAfter) {
      assertTrue(seconds != null && seconds.matches("[1-9][0-9]*"), "integer Retry-After, was " + seconds);
    }

    // Waiting as told is enough.
    Thread.sleep(1_000L * Integer.parseInt(retryAfter.get(0)) + 500);
    limited.scim().get("/Users?count=1").assertScim(200);
  }

  @Test
  void theRateIsAValidatedSetting() {
    TestTenant tenant = server.newTenant();
    for (String bad : List.of("0", "-1", "1.5", "\"fast\"", "2000000")) {
      AdminApi.assertError(server.admin().patch("/admin/tenants/" + tenant.id(),
          "{\"settings\":{\"rateLimitPerSecond\":" + bad + "}}"), 400);
    }
    assertEquals(50, AdminApi.assertJson(server.admin().patch("/admin/tenants/" + tenant.id(),
        "{\"settings\":{\"rateLimitPerSecond\":50}}"), 200).path("settings").path("rateLimitPerSecond").asInt());
  }
}
