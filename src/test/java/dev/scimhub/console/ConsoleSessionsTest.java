package dev.scimhub.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimhub.auth.AdminJwtAuth;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.ScimClient.Response;
import dev.scimhub.support.Tenants.TestTenant;
import dev.scimhub.support.TestDatabase;
import dev.scimhub.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/**
 * The console's doors and sessions over HTTP: links are spent by POST only and once, the cookie is HttpOnly and
 * SameSite=Strict, a change needs the CSRF token, a session is confined to its tenant and ends idle, at its absolute
 * expiry or at sign-out, staff links are no bearer tokens, and only hashes are stored.
 */
class ConsoleSessionsTest {

  private static final TestServer server = TestServer.get();
  private static final ScimClient anonymous = new ScimClient(server.baseUrl(), null);

  @Test
  void aLinkIsSpentByItsPostOnceAndStartsAStrictHttpOnlySession() throws Exception {
    TestTenant tenant = server.newTenant();
    JsonNode link = link(tenant.id(), "{\"intent\":\"tokens\",\"returnUrl\":\"https://app.example.com/settings\"}");
    String url = link.path("url").asText();
    // A mail scanner's GETs do not spend it.
    for (int i = 0; i < 2; i++) {
      Response page = anonymous.get(url).assertStatus(200);
      assertTrue(page.body().contains("<form method=\"post\">"));
      assertEquals("no-referrer", page.header("Referrer-Policy"));
      assertTrue(page.header("Content-Security-Policy").contains("default-src 'self'"));
    }
    Response used = anonymous.send("POST", url, null).assertStatus(303);
    assertEquals("/console/#/t/" + tenant.id() + "/tokens", used.header("Location"));
    String setCookie = used.header("Set-Cookie");
    assertTrue(setCookie.startsWith(ConsoleSessions.COOKIE + "=" + tenant.id() + "."), setCookie);
    assertTrue(setCookie.contains("HTTPOnly") || setCookie.contains("HttpOnly"), setCookie);
    assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
    assertTrue(setCookie.contains("Path=/"), setCookie);
    assertFalse(setCookie.contains("Secure"), "not Secure over plain http: " + setCookie);

    anonymous.send("POST", url, null).assertStatus(410);
    String cookie = cookie(used);
    JsonNode session = withCookie(cookie, "GET", "/console/session", null).assertStatus(200).json();
    assertEquals("tenant-admin", session.path("role").asText());
    assertEquals(tenant.id(), session.path("tenant").asText());
    assertEquals("https://app.example.com/settings", session.path("returnUrl").asText());

    // Only hashes are kept: neither secret is in any column of either table.
    String linkSecret = url.substring(url.lastIndexOf('/') + 1);
    String cookieSecret = cookie.substring(cookie.indexOf('.') + 1);
    assertEquals(0, count("SELECT count(*) FROM portal_link WHERE tenant_id = ? AND (portal_link::text LIKE ?"
        + " OR portal_link::text LIKE ?)", tenant.id(), "%" + linkSecret + "%", "%" + cookieSecret + "%"));
    assertEquals(0, count("SELECT count(*) FROM console_session WHERE tenant_id = ? AND (console_session::text LIKE ?"
        + " OR console_session::text LIKE ?)", tenant.id(), "%" + linkSecret + "%", "%" + cookieSecret + "%"));
    assertEquals(1, count("SELECT count(*) FROM portal_link WHERE tenant_id = ? AND hash = sha256(?::bytea)",
        tenant.id(), linkSecret));
    JsonNode audit = server.admin().get("/admin/tenants/" + tenant.id() + "/audit").json().path("events");
    String actions = audit.findValuesAsText("action").toString();
    assertTrue(actions.contains("portal_link.created") && actions.contains("portal_link.redeemed"), actions);
  }

  @Test
  void aChangeNeedsTheCsrfTokenAndASessionStaysInItsTenant() {
    TestTenant mine = server.newTenant();
    TestTenant other = server.newTenant();
    String cookie = enter(mine.id());
    String csrf = withCookie(cookie, "GET", "/console/session", null).json().path("csrfToken").asText();
    String tokens = "/tenants/" + mine.id() + "/tokens";

    withCookie(cookie, "POST", tokens, "{\"label\":\"a\"}").assertStatus(403);
    withCookie(cookie, "POST", tokens, "{\"label\":\"a\"}", "X-CSRF-Token", "forged").assertStatus(403);
    JsonNode created = withCookie(cookie, "POST", tokens, "{\"label\":\"a\"}", "X-CSRF-Token", csrf)
        .assertStatus(201).json();
    new ScimClient(mine.scimBaseUrl(), "Bearer " + created.path("value").asText()).get("/Users").assertStatus(200);

    for (String path : new String[] {"/tenants/" + other.id() + "/tokens", "/tenants/" + other.id() + "/requests",
        "/tenants/" + other.id() + "/directory/users", "/tenants/" + other.id() + "/settings", "/admin/tenants",
        "/admin/tenants/" + mine.id() + "/portal-links"}) {
      withCookie(cookie, "GET", path, null).assertStatus(403);
    }
    withCookie(cookie, "POST", "/tenants/" + other.id() + "/tokens", "{}", "X-CSRF-Token", csrf).assertStatus(403);
    // A tenant's admin chooses its own settings, not the platform's rate limit.
    withCookie(cookie, "PATCH", "/tenants/" + mine.id() + "/settings", "{\"rateLimitPerSecond\":1}",
        "X-CSRF-Token", csrf).assertStatus(400);
    withCookie(cookie, "PATCH", "/tenants/" + mine.id() + "/settings", "{\"compatibility\":\"strict\"}",
        "X-CSRF-Token", csrf).assertStatus(200);
    assertEquals("strict", server.admin().get("/admin/tenants/" + mine.id()).json().path("settings")
        .path("compatibility").asText());
    // A cookie naming another tenant with this secret is no session at all.
    String forged = other.id() + cookie.substring(cookie.indexOf('.'));
    withCookie(forged, "GET", "/tenants/" + other.id() + "/tokens", null).assertStatus(401);
  }

  @Test
  void aSessionEndsWhenIdleAtItsAbsoluteExpiryAndAtSignOut() throws Exception {
    TestTenant tenant = server.newTenant();
    String tokens = "/tenants/" + tenant.id() + "/tokens";

    String idle = enter(tenant.id());
    withCookie(idle, "GET", tokens, null).assertStatus(200);
    update("UPDATE console_session SET last_seen_at = now() - interval '31 minutes' WHERE tenant_id = ?"
        + " AND hash = sha256(?::bytea)", tenant.id(), idle.substring(idle.indexOf('.') + 1));
    withCookie(idle, "GET", tokens, null).assertStatus(401);

    String old = enter(tenant.id());
    update("UPDATE console_session SET expires_at = now() - interval '1 second' WHERE tenant_id = ?"
        + " AND hash = sha256(?::bytea)", tenant.id(), old.substring(old.indexOf('.') + 1));
    withCookie(old, "GET", tokens, null).assertStatus(401);

    String out = enter(tenant.id());
    withCookie(out, "GET", tokens, null).assertStatus(200);
    Response bye = withCookie(out, "POST", "/console/logout", null).assertStatus(204);
    assertTrue(bye.header("Set-Cookie").contains("Max-Age=0"), bye.header("Set-Cookie"));
    withCookie(out, "GET", tokens, null).assertStatus(401);
    withCookie(out, "GET", "/console/session", null).assertStatus(401);
  }

  @Test
  void aStaffLinkWorksOnceCanBeRevokedAndIsNoBearerToken() {
    JsonNode link = server.admin().post("/admin/console-links", "{}").assertStatus(201).json();
    String url = link.path("url").asText();
    String jwt = url.substring(url.lastIndexOf('/') + 1);
    new ScimClient(server.baseUrl(), "Bearer " + jwt).get("/admin/tenants").assertStatus(403);

    Response used = anonymous.send("POST", url, null).assertStatus(303);
    assertEquals("/console/#/tenants", used.header("Location"));
    withCookie(cookie(used), "GET", "/admin/tenants", null).assertStatus(200);
    anonymous.send("POST", url, null).assertStatus(410);

    JsonNode revoked = server.admin().post("/admin/console-links", "{}").assertStatus(201).json();
    server.admin().delete("/admin/console-links/" + revoked.path("id").asText()).assertStatus(204);
    anonymous.send("POST", revoked.path("url").asText(), null).assertStatus(410);

    // An ordinary admin JWT is not a link: a link is one-time, a JWT is not.
    anonymous.send("POST", server.baseUrl() + "/console/staff/" + server.platformAdminJwt(), null).assertStatus(410);
    anonymous.send("POST", server.baseUrl() + "/console/staff/not.a.jwt", null).assertStatus(410);
  }

  @Test
  void theVendorsAppStartsASessionWithAJwt() {
    TestTenant tenant = server.newTenant();
    String jwt = server.jwt(new JsonObject().put("role", AdminJwtAuth.TENANT_ADMIN).put("tenant", tenant.id())
        .put("sub", "app-user-7"), 300);
    Response started = new ScimClient(server.baseUrl(), "Bearer " + jwt).post("/console/sessions", null)
        .assertStatus(201);
    withCookie(cookie(started), "GET", "/tenants/" + tenant.id() + "/tokens", null).assertStatus(200);

    Response form = anonymous.send("POST", "/console/sessions", "token=" + jwt,
        "Content-Type", "application/x-www-form-urlencoded");
    form.assertStatus(303);
    assertEquals("/console/#/t/" + tenant.id() + "/setup", form.header("Location"));
    String cookie = cookie(form);
    assertEquals("app-user-7", withCookie(cookie, "GET", "/console/session", null).json().path("subject").asText());

    String app = server.jwt(new JsonObject().put("role", AdminJwtAuth.APP).put("sub", "x"), 300);
    new ScimClient(server.baseUrl(), "Bearer " + app).post("/console/sessions", null).assertStatus(403);
    anonymous.send("POST", "/console/sessions", "token=garbage", "Content-Type",
        "application/x-www-form-urlencoded").assertStatus(401);
    anonymous.post("/console/sessions", null).assertStatus(401);
  }

  @Test
  void portalLinksAreCheckedListedAndGoWithTheirTenant() throws Exception {
    TestTenant tenant = server.newTenant();
    String links = "/admin/tenants/" + tenant.id() + "/portal-links";
    assertEquals("invalidValue", server.admin().post(links, "{\"intent\":\"everything\"}").assertStatus(400).json()
        .path("scimType").asText());
    assertEquals("invalidValue", server.admin().post(links, "{\"ttlSeconds\":5}").assertStatus(400).json()
        .path("scimType").asText());
    assertEquals("invalidValue", server.admin().post(links, "{\"returnUrl\":\"javascript:alert(1)\"}").assertStatus(400).json()
        .path("scimType").asText());
    server.admin().post("/admin/tenants/no-such-tenant/portal-links", "{}").assertStatus(404);
    server.admin().delete(links + "/not-a-uuid").assertStatus(404);
    String own = server.jwt(new JsonObject().put("role", AdminJwtAuth.TENANT_ADMIN).put("tenant", tenant.id())
        .put("sub", "t"), 300);
    new ScimClient(server.baseUrl(), "Bearer " + own).post(links, "{}").assertStatus(403);

    JsonNode made = link(tenant.id(), "{\"ttlSeconds\":3600}");
    assertNotNull(made.path("expiresAt").asText(null));
    JsonNode listed = server.admin().get(links).json().path("links");
    assertEquals(1, listed.size());
    assertEquals("active", listed.path(0).path("status").asText());
    assertTrue(listed.path(0).path("url").isMissingNode(), "a listing never shows a link's URL again");
    enter(tenant.id());

    server.admin().delete("/admin/tenants/" + tenant.id() + "?confirm=" + tenant.id()).assertStatus(204);
    assertEquals(0, count("SELECT count(*) FROM portal_link WHERE tenant_id = ?", tenant.id()));
    assertEquals(0, count("SELECT count(*) FROM console_session WHERE tenant_id = ?", tenant.id()));
    anonymous.send("POST", made.path("url").asText(), null).assertStatus(410);
  }

  @Test
  void theConsoleIsServedFromTheJarUnderAStrictPolicy() {
    Response index = anonymous.get("/console/").assertStatus(200);
    assertTrue(index.body().contains("<script type=\"module\" src=\"/console/app.js\"></script>"));
    assertFalse(index.body().matches("(?s).*<script>.*"), "no inline script");
    String csp = index.header("Content-Security-Policy");
    assertTrue(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"), csp);
    assertEquals("nosniff", index.header("X-Content-Type-Options"));
    assertEquals(302, anonymous.get("/console").status());
    assertTrue(anonymous.get("/console/app.js").header("Content-Type").startsWith("text/javascript"));
    anonymous.get("/console/missing.js").assertStatus(404);
    anonymous.get("/console/session").assertStatus(401);
  }

  private static JsonNode link(String tenant, String body) {
    return server.admin().post("/admin/tenants/" + tenant + "/portal-links", body).assertStatus(201).json();
  }

  /** A session of the tenant's admin, started by a fresh link; returns the cookie's value. */
  private static String enter(String tenant) {
    return cookie(anonymous.send("POST", link(tenant, "{}").path("url").asText(), null).assertStatus(303));
  }

  private static String cookie(Response response) {
    String header = response.header("Set-Cookie");
    assertNotNull(header, "Set-Cookie");
    String pair = header.split(";", 2)[0];
    return pair.substring(pair.indexOf('=') + 1);
  }

  private static Response withCookie(String cookie, String method, String path, String body, String... headers) {
    String[] all = new String[headers.length + 2];
    all[0] = "Cookie";
    all[1] = ConsoleSessions.COOKIE + "=" + cookie;
    System.arraycopy(headers, 0, all, 2, headers.length);
    return anonymous.send(method, path, body, all);
  }

  private static Connection connect() throws Exception {
    var db = TestDatabase.get();
    return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
  }

  private static long count(String sql, String... params) throws Exception {
    try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setString(i + 1, params[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private static void update(String sql, String... params) throws Exception {
    try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setString(i + 1, params[i]);
      }
      assertEquals(1, s.executeUpdate());
    }
  }
}
