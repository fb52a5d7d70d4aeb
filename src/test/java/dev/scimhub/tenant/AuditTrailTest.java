package dev.scimhub.tenant;

import static dev.scimhub.support.AdminApi.assertError;
import static dev.scimhub.support.AdminApi.assertJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimhub.support.AdminApi;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.Tenants;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Who did what to a tenant and its tokens: newest first, paged, for platform and tenant admins alike. */
class AuditTrailTest {

  private static final String OPS = "ops@platform.example";
  private static final String IT = "it-admin@acme.example";
  private static final List<String> ACTIONS = List.of("tenant.updated", "tenant.resumed", "tenant.suspended",
      "token.revoked", "token.reset", "token.created", "tenant.created");
  private static final List<String> ACTORS = List.of(OPS, OPS, OPS, IT, IT, OPS, OPS);

  private static String tenant;
  private static ScimClient ops;
  private static ScimClient it;
  private static Instant started;
  private static JsonNode onboarded;
  private static JsonNode token;
  private static JsonNode reset;

  /** The platform admin onboards and issues; the tenant's admin rotates and revokes; the platform admin suspends. */
  @BeforeAll
  static void aFullTokenLifecycle() {
    started = Instant.now().minusSeconds(1);
    tenant = Tenants.randomId();
    ops = AdminApi.as(AdminApi.platformAdminJwt(OPS));
    it = AdminApi.as(AdminApi.tenantAdminJwt(tenant, IT));
    String path = "/admin/tenants/" + tenant;

    onboarded = assertJson(ops.post("/admin/tenants", new JsonObject().put("id", tenant).put("name", "Acme").encode()),
        201);
    token = AdminApi.createToken(ops, path + "/tokens", "okta-prod");
    String selfService = "/tenants/" + tenant + "/tokens/" + token.path("id").asText();
    reset = assertJson(it.post(selfService + "/reset", "{\"graceSeconds\":60}"), 200);
    assertEquals(204, it.delete(selfService).status());
    assertJson(ops.patch(path, "{\"status\":\"suspended\"}"), 200);
    assertJson(ops.patch(path, "{\"status\":\"active\"}"), 200);
    assertJson(ops.patch(path, "{\"name\":\"Acme Corp\"}"), 200);
  }

  @Test
  void recordsEveryActionNewestFirstWithTheActingSub() {
    JsonNode page = assertJson(ops.get("/admin/tenants/" + tenant + "/audit"), 200);
    assertEquals(ACTIONS.size(), page.path("totalResults").asInt(), page.toString());
    assertEquals(1, page.path("startIndex").asInt());
    assertEquals(ACTIONS.size(), page.path("itemsPerPage").asInt());
    assertEquals(ACTIONS, field(page, "action"));
    assertEquals(ACTORS, field(page, "actor"));

    Instant previous = Instant.now().plusSeconds(1);
    for (String at : field(page, "at")) {
      Instant instant = Instant.parse(at);
      assertFalse(instant.isAfter(previous), "newest first: " + page);
      assertTrue(instant.isAfter(started), "recorded during this test: " + page);
      previous = instant;
    }
  }

  @Test
  void detailsNameTheTokensAndTheChangesButNoValue() {
    ScimClient.Response response = ops.get("/admin/tenants/" + tenant + "/audit");
    JsonNode events = assertJson(response, 200).path("events");
    String tokenId = token.path("id").asText();

    JsonNode created = events.path(6).path("detail");
    assertEquals("Acme", created.path("name").asText(), created.toString());
    assertEquals(onboarded.path("token").path("id").asText(), created.path("tokenId").asText(), created.toString());

    JsonNode issued = events.path(5).path("detail");
    assertEquals(tokenId, issued.path("tokenId").asText(), issued.toString());
    assertEquals("okta-prod", issued.path("label").asText(), issued.toString());
    assertEquals(token.path("prefix").asText(), issued.path("prefix").asText(), issued.toString());

    JsonNode rotated = events.path(4).path("detail");
    assertEquals(tokenId, rotated.path("tokenId").asText(), rotated.toString());
    assertEquals(60, rotated.path("graceSeconds").asInt(), rotated.toString());
    assertEquals(reset.path("prefix").asText(), rotated.path("prefix").asText(), rotated.toString());

    assertEquals(tokenId, events.path(3).path("detail").path("tokenId").asText(), events.toString());
    assertEquals("Acme Corp", events.path(0).path("detail").path("name").asText(), events.toString());

    AdminApi.assertContainsNone(response, List.of(onboarded.path("token").path("value").asText(),
        token.path("value").asText(), reset.path("value").asText()));
  }

  @Test
  void pagesWithStartIndexAndCount() {
    String audit = "/admin/tenants/" + tenant + "/audit";
    JsonNode middle = assertJson(ops.get(audit + "?startIndex=2&count=3"), 200);
    assertEquals(ACTIONS.size(), middle.path("totalResults").asInt());
    assertEquals(2, middle.path("startIndex").asInt());
    assertEquals(3, middle.path("itemsPerPage").asInt());
    assertEquals(ACTIONS.subList(1, 4), field(middle, "action"));

    JsonNode last = assertJson(ops.get(audit + "?startIndex=6&count=5"), 200);
    assertEquals(2, last.path("itemsPerPage").asInt());
    assertEquals(ACTIONS.subList(5, 7), field(last, "action"));

    JsonNode beyond = assertJson(ops.get(audit + "?startIndex=8"), 200);
    assertEquals(ACTIONS.size(), beyond.path("totalResults").asInt());
    assertEquals(0, beyond.path("itemsPerPage").asInt());
    assertEquals(0, beyond.path("events").size());

    JsonNode countOnly = assertJson(ops.get(audit + "?count=0"), 200);
    assertEquals(ACTIONS.size(), countOnly.path("totalResults").asInt());
    assertEquals(0, countOnly.path("events").size());

    assertError(ops.get(audit + "?startIndex=second"), 400);
  }

  @Test
  void tenantAdminReadsTheSameTrailAtItsSelfServicePath() {
    JsonNode platformView = assertJson(ops.get("/admin/tenants/" + tenant + "/audit"), 200);
    assertEquals(platformView, assertJson(it.get("/tenants/" + tenant + "/audit"), 200));
    assertEquals(platformView, assertJson(ops.get("/tenants/" + tenant + "/audit"), 200));

    JsonNode oldest = assertJson(it.get("/tenants/" + tenant + "/audit?startIndex=7&count=1"), 200);
    assertEquals(List.of("tenant.created"), field(oldest, "action"));
    assertEquals(7, oldest.path("startIndex").asInt());
  }

  private static List<String> field(JsonNode page, String name) {
    List<String> values = new ArrayList<>();
    page.path("events").forEach(event -> values.add(event.path(name).asText()));
    return values;
  }
}
