package dev.scimhub.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The rules behind {@code /metrics} that a test server on loopback with a token cannot show over HTTP. */
class MetricsRulesTest {

  @Test
  void routesJoinIntoTemplates() {
    assertEquals("/tenants/:tenant/scim/v2/Users/:id", Metrics.routeTemplate("/tenants/:tenant/scim/v2/>/Users/:id"));
    assertEquals("/tenants/:tenant/scim/v2/Users/:id",
        Metrics.routeTemplate("/tenants/:tenant/scim/v2/>/Users/:id>/tenants/:tenant/scim/v2/"));
    assertEquals("/tenants/:tenant/scim/v1/Users/:id",
        Metrics.routeTemplate("/tenants/:tenant/scim/v1/>/Users/:id>/Users/:id"));
    assertEquals("/admin/tenants/:tenant/tokens", Metrics.routeTemplate("/admin/>/tenants/:tenant/tokens"));
    assertEquals("/tenants/:tenant/tokens/:tokenId", Metrics.routeTemplate(
        "/tenants/:tenant/tokens>/tenants/:tenant/tokens>/tenants/:tenant/tokens/:tokenId"));
    assertEquals("/static/app.js", Metrics.routeTemplate("/static/>/static/app.js"));
    assertEquals("/tenants/:tenant/scim/v2/*", Metrics.routeTemplate("/tenants/:tenant/scim/v2/"));
    assertEquals("/tenants/:tenant/scim/v2/*",
        Metrics.routeTemplate("/tenants/:tenant/scim/v2/>/tenants/:tenant/scim/v2/"));
    assertEquals("/metrics", Metrics.routeTemplate("/metrics"));
    assertEquals("", Metrics.routeTemplate(""));
  }

  @Test
  void statusCodesBecomeClasses() {
    assertEquals("2xx", Metrics.statusClass("204"));
    assertEquals("4xx", Metrics.statusClass("404"));
    assertEquals("5xx", Metrics.statusClass("503"));
  }

  @Test
  void aConfiguredTokenIsRequiredFromEveryAddress() {
    assertEquals(0, Metrics.refusal("s3cret", "10.1.2.3", "Bearer s3cret"));
    assertEquals(0, Metrics.refusal("s3cret", "10.1.2.3", "bearer s3cret"));
    assertEquals(401, Metrics.refusal("s3cret", "127.0.0.1", null));
    assertEquals(401, Metrics.refusal("s3cret", "127.0.0.1", "Bearer s3cre"));
    assertEquals(401, Metrics.refusal("s3cret", "127.0.0.1", "s3cret"));
  }

  @Test
  void withoutATokenOnlyLoopbackClientsMayRead() {
    assertEquals(0, Metrics.refusal(null, "127.0.0.1", null));
    assertEquals(0, Metrics.refusal(null, "0:0:0:0:0:0:0:1", null));
    assertEquals(403, Metrics.refusal(null, "10.1.2.3", "Bearer anything"));
    assertEquals(403, Metrics.refusal(null, null, null));
    assertTrue(Metrics.loopback("127.3.4.5"));
    assertTrue(Metrics.loopback("::1"));
    assertTrue(Metrics.loopback("::ffff:127.0.0.1"));
    assertTrue(Metrics.loopback("0:0:0:0:0:0:0:1%0"));
    assertFalse(Metrics.loopback("192.168.1.10"));
    assertFalse(Metrics.loopback("fe80::1"));
    assertFalse(Metrics.loopback("localhost"));
    assertFalse(Metrics.loopback("::ffff:10.0.0.1"));
  }
}
