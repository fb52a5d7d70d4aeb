package dev.scimhub.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimhub.support.Browser;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.Tenants.TestTenant;
import dev.scimhub.support.TestDatabase;
import dev.scimhub.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The console end to end, in a real headless Chromium against the real server and database: a tenant's IT admin
 * comes in by a portal link, sets up Okta and manages tokens; links that may no longer be used are refused; one
 * tenant's session cannot read another's; strings from an identity provider render as text; a platform admin
 * onboards, suspends and offboards a tenant. axe-core checks each page, and every test leaves screenshots.
 */
@ExtendWith(Browser.Screenshots.class)
class ConsoleBrowserTest {

  private static final TestServer server = TestServer.get();
  /** Ended (with a last screenshot) by {@link Browser.Screenshots}. */
  private Browser browser;

  @Test
  void aTenantAdminSetsUpOktaAndRotatesAndRevokesATokenFromALink() throws Exception {
    TestTenant tenant = server.newTenant();
    browser = Browser.open("tenant-admin");
    enterByLink(tenant.id(), "setup");

    browser.heading("Set up your identity provider");
    assertEquals(tenant.scimBaseUrl(), browser.text("ol.steps [data-copy='base URL']"),
        "the Okta steps give this tenant's base URL");
    assertTrue(browser.text("ol.steps").contains("Test API Credentials"));
    Path steps = browser.screenshot("okta-steps");
    browser.accessible("setup");
    browser.click("input[value='entra']");
    assertEquals(tenant.scimBaseUrl() + "?aadOptscim062020", browser.text("ol.steps [data-copy='Tenant URL']"));
    browser.click("input[value='okta']");

    browser.press("Tokens");
    browser.heading("Tokens");
    browser.find("#token-label").sendKeys("okta-prod");
    browser.press("Create token");
    String value = browser.text("[data-token-once] [data-copy='token value']");
    assertTrue(value.startsWith("scimhub_") && value.length() > 40, value);
    Path card = browser.screenshot("token-card");
    browser.accessible("tokens, with a new value shown");
    keepForReadme(steps, "okta-steps.png");
    keepForReadme(card, "token-card.png");

    browser.driver().navigate().refresh();
    browser.heading("Tokens");
    browser.find("tr[data-token]");
    assertFalse(browser.pageText().contains(value), "after a reload the value is gone");
    assertTrue(browser.pageText().contains(value.substring(0, 12) + "…"), "only its prefix is shown");

    ScimClient first = new ScimClient(tenant.scimBaseUrl(), "Bearer " + value);
    first.get("/Users").assertStatus(200);

    WebElement row = tokenRow("okta-prod");
    new Select(row.findElement(By.cssSelector("select"))).selectByValue("3600");
    row.findElement(By.xpath(".//button[normalize-space(.)='Reset']")).click();
    String second = browser.text("[data-token-once] [data-copy='token value']");
    assertTrue(browser.text("[data-token-once]").contains("previous value keeps working"));
    ScimClient next = new ScimClient(tenant.scimBaseUrl(), "Bearer " + second);
    first.get("/Users").assertStatus(200);
    next.get("/Users").assertStatus(200);

    // Revoking asks first; the confirmation takes the focus, so the keyboard answers it.
    tokenRow("okta-prod").findElement(By.xpath(".//button[normalize-space(.)='Revoke']")).click();
    browser.waitFor(d -> d.switchTo().activeElement().getText().equals("Yes, revoke okta-prod"));
    browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
    browser.waitFor(d -> d.findElements(By.xpath("//tr[@data-token][td[1][normalize-space(.)='okta-prod']]"))
        .isEmpty());
    first.get("/Users").assertStatus(401);
    next.get("/Users").assertStatus(401);

    browser.press("Activity");
    browser.heading("Activity");
    new Select(browser.find("#f-status")).selectByValue("401");
    // The request log is written in the background, and other tests stall its writer on purpose (its buffer then
    // drops the oldest records): send the refused request again and search until one is in.
    try {
      browser.waitFor(java.time.Duration.ofSeconds(60), d -> {
        first.get("/Users").assertStatus(401);
        d.findElement(By.xpath("//button[normalize-space(.)='Search']")).click();
        return !d.findElements(By.cssSelector("tr[data-status='401']")).isEmpty();
      });
    } catch (org.openqa.selenium.TimeoutException e) {
      String path = "/admin/tenants/" + tenant.id();
      throw new AssertionError("no 401 in the activity page; the API says: "
          + server.admin().get(path + "/requests?limit=5").body() + " / health: "
          + server.admin().get(path + "/health").body(), e);
    }
    assertTrue(browser.text("tr[data-status='401']").contains("GET /tenants/" + tenant.id() + "/scim/v2/Users"));
    browser.accessible("activity");
    browser.find("tr[data-status='401'] a").click();
    browser.waitFor(d -> d.findElement(By.cssSelector("main h1")).getText().startsWith("Request GET"));
    assertFalse(browser.pageText().contains(second), "a token value never reaches the request log");
    browser.accessible("one request");

    browser.press("Users and groups");
    browser.heading("Users and groups");
    browser.accessible("users and groups");
    browser.press("Settings");
    browser.heading("Settings");
    browser.click("#s-silent");
    browser.press("Save settings");
    browser.waitFor(d -> d.getPageSource().contains("Saved."));
    assertTrue(server.admin().get("/admin/tenants/" + tenant.id()).json().path("settings")
        .path("silentProvisioning").asBoolean(), "the setting is stored");
    browser.accessible("settings");
  }

  @Test
  void anExpiredAUsedAndARevokedLinkAreRefused() throws Exception {
    TestTenant tenant = server.newTenant();
    browser = Browser.open("refused-links");

    String used = link(tenant.id(), "tokens").path("url").asText();
    browser.get(used);
    browser.press("Continue");
    browser.heading("Tokens");
    browser.get(used);
    browser.press("Continue");
    browser.heading("This link cannot be used");
    browser.accessible("refused link");

    JsonNode revoked = link(tenant.id(), "setup");
    server.admin().delete("/admin/tenants/" + tenant.id() + "/portal-links/" + revoked.path("id").asText())
        .assertStatus(204);
    browser.get(revoked.path("url").asText());
    browser.press("Continue");
    browser.heading("This link cannot be used");

    JsonNode expired = link(tenant.id(), "setup");
    sql("UPDATE portal_link SET expires_at = now() - interval '1 second' WHERE tenant_id = ? AND id = ?::uuid",
        tenant.id(), expired.path("id").asText());
    browser.get(expired.path("url").asText());
    browser.press("Continue");
    browser.heading("This link cannot be used");

    JsonNode listed = server.admin().get("/admin/tenants/" + tenant.id() + "/portal-links").json().path("links");
    assertEquals(3, listed.size());
    String statuses = listed.findValuesAsText("status").stream().sorted().toList().toString();
    assertEquals("[expired, revoked, used]", statuses);
  }

  @Test
  void aSessionOfOneTenantCannotReadAnother() throws Exception {
    TestTenant mine = server.newTenant();
    TestTenant other = server.newTenant();
    browser = Browser.open("cross-tenant");
    enterByLink(mine.id(), "tokens");
    browser.heading("Tokens");

    browser.get(server.baseUrl() + "/console/#/t/" + other.id() + "/tokens");
    browser.waitFor(d -> d.getPageSource().contains("Not allowed"));
    assertFalse(browser.pageText().contains(other.token().substring(0, 12)), "no token of the other tenant");
    browser.get(server.baseUrl() + "/console/#/tenants");
    browser.heading("Set up your identity provider");
    browser.get(server.baseUrl() + "/tenants/" + other.id() + "/directory/users");
    assertTrue(browser.pageText().contains("\"status\":\"403\""), browser.pageText());
    browser.get(server.baseUrl() + "/admin/tenants");
    assertTrue(browser.pageText().contains("\"status\":\"403\""), browser.pageText());
    browser.get(server.baseUrl() + "/tenants/" + mine.id() + "/tokens");
    assertTrue(browser.pageText().contains("\"tokens\""), "the own tenant's API answers the same session");
  }

  @Test
  void whatAnIdentityProviderSentRendersAsTextEvenOnAPhone() throws Exception {
    TestTenant tenant = server.newTenant();
    String hostile = "<img src=x onerror=alert(1)>";
    tenant.scim().post("/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
        + "\"userName\":\"" + hostile + "\",\"displayName\":\"<script>alert(2)</script>\"}").assertStatus(201);
    tenant.scim().post("/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
        + "\"displayName\":\"<b onmouseover=alert(3)>Sales</b>\"}").assertStatus(201);
    browser = Browser.open("idp-strings-375px", 375);
    enterByLink(tenant.id(), "setup");
    browser.heading("Set up your identity provider");
    browser.press("Users and groups");
    browser.heading("Users and groups");

    WebElement user = browser.find("tr[data-id] td");
    assertEquals(hostile, user.getText());
    assertTrue(browser.all("main img").isEmpty(), "no element was made from a userName");
    assertTrue(browser.all("main script").isEmpty() && browser.all("main b").isEmpty());
    assertTrue(browser.pageText().contains("<b onmouseover=alert(3)>Sales</b>"));
    try {
      browser.driver().switchTo().alert();
      throw new AssertionError("a script from a userName ran");
    } catch (NoAlertPresentException expected) {
      // nothing ran
    }
    browser.find("#users-search").sendKeys("onerror");
    browser.waitFor(d -> d.findElement(By.cssSelector("#users-title + .row + div caption")).getText()
        .startsWith("Users: 1 of 1"));
    Object width = browser.driver().executeScript("return document.documentElement.scrollWidth");
    assertTrue(((Number) width).intValue() <= 375, "the page fits 375 px without scrolling sideways: " + width);
    browser.accessible("users and groups at 375 px");
    browser.press("Tokens");
    browser.heading("Tokens");
    Object tokensWidth = browser.driver().executeScript("return document.documentElement.scrollWidth");
    assertTrue(((Number) tokensWidth).intValue() <= 375, "the tokens page fits 375 px: " + tokensWidth);
  }

  @Test
  void aPlatformAdminOnboardsSuspendsAndOffboardsATenant() throws Exception {
    browser = Browser.open("platform-admin");
    JsonNode link = server.admin().post("/admin/console-links", "{}").assertStatus(201).json();
    browser.get(server.baseUrl() + "/console/");
    browser.heading("Sign in to the scimhub console");
    browser.accessible("signed out");
    browser.get(link.path("url").asText());
    browser.heading("Open the scimhub console");
    browser.accessible("staff link page");
    browser.press("Continue");
    browser.heading("Tenants");
    browser.accessible("tenants");
    browser.press("Webhooks");
    browser.heading("Webhooks");
    browser.accessible("webhooks");
    browser.press("Tenants");
    browser.heading("Tenants");

    String id = dev.scimhub.support.Tenants.randomId();
    browser.find("#new-id").sendKeys(id);
    browser.find("#new-name").sendKeys("Console <Co>");
    browser.press("Onboard tenant");
    String token = browser.text("[data-token-once] [data-copy='token value']");
    String base = browser.text("[data-token-once] [data-copy='base URL']");
    ScimClient scim = new ScimClient(base, "Bearer " + token);
    scim.get("/Users").assertStatus(200);
    browser.accessible("tenants, just onboarded");

    browser.press("open " + id);
    browser.heading("Tenant " + id);
    assertTrue(browser.pageText().contains("Console <Co>"));
    browser.accessible("tenant");
    browser.press("Suspend tenant");
    browser.waitFor(d -> "suspended".equals(d.findElement(By.cssSelector("[data-status]")).getText()));
    scim.get("/Users").assertStatus(403);
    browser.press("Resume tenant");
    browser.waitFor(d -> "active".equals(d.findElement(By.cssSelector("[data-status]")).getText()));
    scim.get("/Users").assertStatus(200);

    new Select(browser.find("#link-intent")).selectByValue("tokens");
    browser.press("Create portal link");
    String portal = browser.text("[data-link-once] [data-copy='portal link']");
    assertTrue(portal.startsWith(server.baseUrl() + "/console/link/" + id + "/"), portal);

    browser.find("#offboard-confirm").sendKeys("not-it");
    browser.press("Offboard tenant");
    browser.waitFor(d -> d.getPageSource().contains("Type the tenant id"));
    assertEquals(200, server.admin().get("/admin/tenants/" + id).status(), "a wrong confirmation deletes nothing");
    browser.find("#offboard-confirm").clear();
    browser.find("#offboard-confirm").sendKeys(id);
    browser.press("Offboard tenant");
    browser.heading("Tenants");
    assertEquals(404, server.admin().get("/admin/tenants/" + id).status());
    scim.get("/Users").assertStatus(401);
    assertTrue(browser.all("tr[data-tenant='" + id + "']").isEmpty());
  }

  private void enterByLink(String tenant, String intent) {
    browser.get(link(tenant, intent).path("url").asText());
    browser.heading("Open the " + tenant + " console");
    browser.accessible("link page");
    browser.press("Continue");
  }

  private static JsonNode link(String tenant, String intent) {
    return server.admin().post("/admin/tenants/" + tenant + "/portal-links", "{\"intent\":\"" + intent + "\"}")
        .assertStatus(201).json();
  }

  private WebElement tokenRow(String label) {
    browser.find("tr[data-token]");
    return browser.driver().findElement(By.xpath("//tr[@data-token][td[1][normalize-space(.)='" + label + "']]"));
  }

  /** The README shows the token card and the Okta steps as these tests last saw them. */
  private static void keepForReadme(Path shot, String name) throws Exception {
    Files.copy(shot, Browser.SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }

  private static void sql(String statement, String... params) throws Exception {
    var db = TestDatabase.get();
    try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        PreparedStatement update = connection.prepareStatement(statement)) {
      for (int i = 0; i < params.length; i++) {
        update.setString(i + 1, params[i]);
      }
      assertEquals(1, update.executeUpdate());
    }
  }
}
