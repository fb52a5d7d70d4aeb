package dev.scimhub.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimhub.event.WebhookReceiver.Received;
import dev.scimhub.support.Groups;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.Tenants.TestTenant;
import dev.scimhub.support.TestServer;
import dev.scimhub.support.Users;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Webhooks against a real receiver: every event arrives signed (checked with an independent implementation of the
 * Standard Webhooks scheme), in the tenant's order; a failure is sent again, honouring Retry-After; 410 disables the
 * endpoint; a replay sends an event again with the same id; a rotated secret and the old one both sign during the
 * grace period; every attempt is visible.
 */
class WebhooksTest {

  private final TestServer server = TestServer.get();
  private final ScimClient admin = server.admin();

  @Test
  void everyEventOfTheTenantArrivesSignedAndInOrder() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      TestTenant tenant = server.newTenant();
      JsonNode endpoint = create("/admin/tenants/" + tenant.id() + "/webhooks", receiver.url(), null);
      String secret = endpoint.path("secret").asText();
      assertTrue(secret.startsWith("whsec_"), endpoint.toString());
      assertTrue(admin.get("/admin/tenants/" + tenant.id() + "/webhooks/" + endpoint.path("id").asText())
          .json().path("secret").isMissingNode(), "the secret is shown once");

      ScimClient scim = tenant.scim();
      String user = scim.post("/Users", Users.minimal(Users.randomUserName())).assertScim(201).path("id").asText();
      scim.patch("/Users/" + user, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
          + "\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}").assertScim(200);
      String group = Groups.create(scim, Groups.randomDisplayName(), user);
      scim.delete("/Groups/" + group).assertStatus(204);
      scim.delete("/Users/" + user).assertStatus(204);
      admin.post("/admin/tenants/" + tenant.id() + "/tokens", "{\"label\":\"second\"}").assertStatus(201);

      // The onboarding's two events (sequence 1 and 2) may come too: numbered after the endpoint was made.
      List<Received> got = awaitAfterOnboarding(receiver, 7);
      assertEquals(List.of("user.created", "user.deactivated", "group.created", "group.member_added",
          "group.deleted", "user.deleted", "token.created"), got.stream().map(r -> r.json().getString("type"))
          .toList());
      long sequence = 0;
      for (Received r : got) {
        assertTrue(StandardWebhooksVerifier.verify(secret, r.id(), r.timestamp(), r.signature(), r.body()),
            "signature of " + r.body());
        assertEquals(r.json().getString("id"), r.id(), "webhook-id is the event id");
        assertTrue(r.json().getLong("sequence") > sequence, "in the tenant's order");
        sequence = r.json().getLong("sequence");
        assertFalse(StandardWebhooksVerifier.verify(secret, r.id(), r.timestamp(), r.signature(), r.body() + " "),
            "a changed body fails the check");
      }
    }
  }

  @Test
  void aTenantsBurstArrivesInOrderOneAtATimeWithoutPausesBetween() throws Exception {
    // A receiver that takes 5 ms: 300 events one after the other need ~1.5 s of its time. A sender that waited for
    // its next round between two deliveries (200 ms) would need a minute.
    try (WebhookReceiver receiver = new WebhookReceiver(0, 5)) {
      TestTenant tenant = server.newTenant();
      create("/admin/tenants/" + tenant.id() + "/webhooks", receiver.url(), List.of("user.created"));
      int users = 300;
      for (int i = 0; i < users; i++) {
        tenant.scim().post("/Users", Users.minimal(Users.randomUserName())).assertScim(201);
      }
      long created = System.nanoTime();
      List<Received> got = receiver.await(users, 30);
      double seconds = (got.get(users - 1).atNanos() - created) / 1e9;
      assertTrue(seconds < 10, "the last of " + users + " arrived " + seconds + " s after the last create");
      long sequence = 0;
      for (Received r : got) {
        assertTrue(r.json().getLong("sequence") > sequence, "in the tenant's order");
        sequence = r.json().getLong("sequence");
      }
      assertEquals(1, receiver.maxInFlight(), "one delivery of the tenant in flight at a time");
    }
  }

  @Test
  void aFailureIsSentAgainAfterItsRetryAfterAndEveryAttemptIsKept() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      TestTenant tenant = server.newTenant();
      String path = "/admin/tenants/" + tenant.id() + "/webhooks";
      JsonNode endpoint = create(path, receiver.url(), List.of("user.*"));
      receiver.answerNext(500, null);
      receiver.answerNext(503, "1");
      tenant.scim().post("/Users", Users.minimal(Users.randomUserName())).assertScim(201);

      // 500 first (the schedule's first wait is ~5 s), then 503 with Retry-After: 1, then 200.
      List<Received> got = receiver.await(3, 20);
      assertEquals(1, new HashSet<>(got.stream().map(Received::id).toList()).size(), "one event, sent three times");
      long afterRetryAfter = (got.get(2).atNanos() - got.get(1).atNanos()) / 1_000_000;
      assertTrue(afterRetryAfter >= 900 && afterRetryAfter < 4_000, "Retry-After: 1 honoured: " + afterRetryAfter);
      long afterSchedule = (got.get(1).atNanos() - got.get(0).atNanos()) / 1_000_000;
      assertTrue(afterSchedule >= 3_500, "the first retry waits its ~5 s: " + afterSchedule);

      JsonNode deliveries = pollDelivered(path + "/" + endpoint.path("id").asText() + "/deliveries");
      JsonNode delivery = deliveries.path(0);
      assertEquals("delivered", delivery.path("status").asText());
      assertEquals(3, delivery.path("attempts").asInt());
      List<Integer> statuses = new java.util.ArrayList<>();
      delivery.path("attemptList").forEach(a -> statuses.add(a.path("status").asInt()));
      assertEquals(List.of(500, 503, 200), statuses);
      assertEquals("scripted 500", delivery.path("attemptList").path(0).path("response").asText());
    }
  }

  @Test
  void aGoneEndpointIsDisabledAndAReplaySendsTheSameEventAgain() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      TestTenant tenant = server.newTenant();
      String path = "/admin/tenants/" + tenant.id() + "/webhooks";
      String id = create(path, receiver.url(), List.of("user.created")).path("id").asText();
      tenant.scim().post("/Users", Users.minimal(Users.randomUserName())).assertScim(201);
      Received first = receiver.await(1, 20).get(0);

      admin.post(path + "/" + id + "/replay", "{\"eventIds\":[\"" + first.id() + "\"]}").assertStatus(202);
      Received again = receiver.await(2, 20).get(1);
      assertEquals(first.id(), again.id(), "a replay is the same event, the same id");
      assertEquals(first.body(), again.body());

      receiver.answerNext(410, null);
      tenant.scim().post("/Users", Users.minimal(Users.randomUserName())).assertScim(201);
      receiver.await(3, 20);
      long deadline = System.currentTimeMillis() + 5_000;
      JsonNode endpoint = admin.get(path + "/" + id).json();
      while (endpoint.path("enabled").asBoolean() && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
        endpoint = admin.get(path + "/" + id).json();
      }
      assertFalse(endpoint.path("enabled").asBoolean(), endpoint.toString());
      assertTrue(endpoint.path("disabledReason").asText().contains("410"), endpoint.toString());
      tenant.scim().post("/Users", Users.minimal(Users.randomUserName())).assertScim(201);
      Thread.sleep(1_500);
      assertEquals(3, receiver.received().size(), "a disabled endpoint gets nothing");

      // Enabled again, it gets what waited: the refused event first, then the next one.
      admin.patch(path + "/" + id, "{\"enabled\":true}").assertStatus(200);
      List<Received> got = receiver.await(5, 20);
      assertEquals(got.get(2).id(), got.get(3).id(), "the refused event is sent again first");
      assertNull(admin.get(path + "/" + id).json().path("disabledReason").textValue());
    }
  }

  @Test
  void aRotatedSecretAndTheOldOneBothSignDuringTheGrace() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      TestTenant tenant = server.newTenant();
      String path = "/admin/tenants/" + tenant.id() + "/webhooks";
      JsonNode endpoint = create(path, receiver.url(), List.of("user.created"));
      String id = endpoint.path("id").asText();
      String old = endpoint.path("secret").asText();
      JsonNode rotated = admin.post(path + "/" + id + "/rotate-secret", "{\"graceSeconds\":600}").assertStatus(200)
          .json();
      String fresh = rotated.path("secret").asText();
      assertFalse(fresh.equals(old));
      assertFalse(rotated.path("previousSecretExpiresAt").isNull(), rotated.toString());
      tenant.scim().post("/Users", Users.minimal(Users.randomUserName())).assertScim(201);
      Received r = receiver.await(1, 20).get(0);
      assertTrue(StandardWebhooksVerifier.verify(fresh, r.id(), r.timestamp(), r.signature(), r.body()));
      assertTrue(StandardWebhooksVerifier.verify(old, r.id(), r.timestamp(), r.signature(), r.body()));
      assertEquals(2, r.signature().split(" ").length, r.signature());
    }
  }

  @Test
  void aPlatformEndpointGetsEveryTenantsEventsAndBadInputIsRefused() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      JsonNode endpoint = create("/admin/webhooks", receiver.url(), List.of("tenant.created"));
      String id = endpoint.path("id").asText();
      try {
        TestTenant a = server.newTenant();
        TestTenant b = server.newTenant();
        Set<String> tenants = new HashSet<>();
        long deadline = System.currentTimeMillis() + 20_000;
        while (!tenants.containsAll(Set.of(a.id(), b.id())) && System.currentTimeMillis() < deadline) {
          receiver.received().forEach(r -> tenants.add(r.json().getString("tenant")));
          Thread.sleep(50);
        }
        assertTrue(tenants.containsAll(Set.of(a.id(), b.id())), tenants.toString());
      } finally {
        admin.delete("/admin/webhooks/" + id).assertStatus(204);
      }
      assertEquals(404, admin.get("/admin/webhooks/" + id).status());
      assertError(admin.post("/admin/webhooks", "{\"url\":\"ftp://example.com/x\"}"), 400);
      assertError(admin.post("/admin/webhooks", "{\"url\":\"not a url\"}"), 400);
      assertError(admin.post("/admin/webhooks", "{\"url\":\"" + receiver.url() + "\",\"types\":[\"user.craeted\"]}"),
          400);
      assertError(admin.post("/admin/webhooks", "{\"url\":\"https://user:pw@example.com/\"}"), 400);
      assertError(admin.get("/admin/webhooks/" + id + "/deliveries?status=lost"), 400);
    }
  }

  private static List<Received> awaitAfterOnboarding(WebhookReceiver receiver, int n) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    List<Received> after = List.of();
    while (System.currentTimeMillis() < deadline) {
      after = receiver.received().stream().filter(r -> r.json().getLong("sequence") > 2).toList();
      if (after.size() >= n) {
        return after;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("expected " + n + " events, got " + after.stream().map(r -> r.json().getString("type"))
        .toList());
  }

  @Test
  void offboardingRemovesTheTenantsEndpointsAndThePlatformHearsOfIt() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      String platform = create("/admin/webhooks", receiver.url(), List.of("tenant.deleted")).path("id").asText();
      try {
        TestTenant tenant = server.newTenant();
        String path = "/admin/tenants/" + tenant.id() + "/webhooks";
        create(path, receiver.url(), List.of("user.*"));
        tenant.scim().post("/Users", Users.minimal(Users.randomUserName())).assertScim(201);
        admin.delete("/admin/tenants/" + tenant.id() + "?confirm=" + tenant.id()).assertStatus(204);
        assertEquals(0, admin.get(path).assertStatus(200).json().path("webhooks").size(),
            "the tenant's endpoints went with it");
        long deadline = System.currentTimeMillis() + 20_000;
        boolean heard = false;
        while (!heard && System.currentTimeMillis() < deadline) {
          heard = receiver.received().stream().anyMatch(r -> "tenant.deleted".equals(r.json().getString("type"))
              && tenant.id().equals(r.json().getString("tenant")));
          Thread.sleep(50);
        }
        assertTrue(heard, "a platform endpoint receives the tenant's deletion");
      } finally {
        admin.delete("/admin/webhooks/" + platform).assertStatus(204);
      }
    }
  }

  private JsonNode create(String path, String url, List<String> types) {
    String body = "{\"url\":\"" + url + "\"" + (types == null ? "" : ",\"types\":[" + String.join(",",
        types.stream().map(t -> "\"" + t + "\"").toList()) + "]") + "}";
    return admin.post(path, body).assertStatus(201).json();
  }

  private JsonNode pollDelivered(String path) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 5_000;
    JsonNode deliveries = admin.get(path).assertStatus(200).json().path("deliveries");
    while (!"delivered".equals(deliveries.path(0).path("status").asText()) && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
      deliveries = admin.get(path).assertStatus(200).json().path("deliveries");
    }
    return deliveries;
  }

  private static void assertError(ScimClient.Response response, int status) {
    assertEquals(status, response.status(), response.body());
    assertEquals(String.valueOf(status), response.json().path("status").asText(), response.body());
  }
}
