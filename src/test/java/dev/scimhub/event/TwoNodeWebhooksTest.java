package dev.scimhub.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.scimhub.event.WebhookReceiver.Received;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.ServerProcess;
import dev.scimhub.support.Tenants.TestTenant;
import dev.scimhub.support.TestServer;
import dev.scimhub.support.Users;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one database, both delivering webhooks: writes through both, and each event reaches the receiver
 * once, in the tenant's order.
 */
class TwoNodeWebhooksTest {

  @Test
  void twoNodesDeliverEachEventOnce() throws Exception {
    TestServer node1 = TestServer.get();
    try (ServerProcess node2 = ServerProcess.start(Duration.ofSeconds(60),
        Map.of("SCIMHUB_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true"));
        WebhookReceiver receiver = new WebhookReceiver()) {
      TestTenant tenant = node1.newTenant();
      node1.admin().post("/admin/tenants/" + tenant.id() + "/webhooks",
          "{\"url\":\"" + receiver.url() + "\",\"types\":[\"user.created\"]}").assertStatus(201);
      ScimClient viaNode2 = node2.scim(tenant.id(), tenant.token());
      int users = 60;
      for (int i = 0; i < users; i++) {
        (i % 2 == 0 ? tenant.scim() : viaNode2).post("/Users", Users.minimal(Users.randomUserName()))
            .assertScim(201);
      }
      List<Received> got = receiver.await(users, 30);
      Thread.sleep(1_500); // anything sent twice would arrive by now
      got = receiver.received();
      Set<String> ids = new HashSet<>();
      long last = 0;
      for (Received r : got) {
        ids.add(r.id());
        long sequence = r.json().getLong("sequence");
        assertEquals(true, sequence > last, "in the tenant's order: " + sequence + " after " + last);
        last = sequence;
      }
      assertEquals(users, got.size(), "each event once");
      assertEquals(users, ids.size());
    }
  }
}
