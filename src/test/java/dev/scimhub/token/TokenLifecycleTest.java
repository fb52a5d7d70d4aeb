package dev.scimhub.token;

import static dev.scimhub.support.AdminApi.TOKEN_PREFIX;
import static dev.scimhub.support.AdminApi.assertContainsNone;
import static dev.scimhub.support.AdminApi.assertError;
import static dev.scimhub.support.AdminApi.assertJson;
import static dev.scimhub.support.AdminApi.listTokens;
import static dev.scimhub.support.AdminApi.listed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimhub.support.AdminApi;
import dev.scimhub.support.Groups;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.Tenants.TestTenant;
import dev.scimhub.support.TestServer;
import dev.scimhub.support.Users;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A tenant's named connections: issued, listed without their values, revoked, reset with and without grace. */
class TokenLifecycleTest {

  private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");

  private static final TestServer server = TestServer.get();
  private static final ScimClient admin = server.admin();

  @Test
  void namedConnectionsEachGetAWorkingValueAndAreListedWithoutIt() {
    TestTenant tenant = server.newTenant();
    ScimClient.Response created = admin.post(tokens(tenant), "{\"label\":\"okta-prod\"}");
    JsonNode okta = assertJson(created, 201);
    assertEquals("no-store", created.header("Cache-Control"));
    JsonNode entra = AdminApi.createToken(admin, tokens(tenant), "entra-test");

    for (JsonNode token : List.of(okta, entra)) {
      UUID.fromString(token.path("id").asText());
      Instant.parse(token.path("createdAt").asText());
      String value = token.path("value").asText();
      String prefix = token.path("prefix").asText();
      assertTrue(prefix.startsWith(TOKEN_PREFIX) && prefix.length() < value.length(), token.toString());
      assertTrue(value.startsWith(prefix), token.toString());
    }
    assertEquals("okta-prod", okta.path("label").asText());
    assertEquals("entra-test", entra.path("label").asText());

    ScimClient viaOkta = scim(tenant, okta);
    ScimClient viaEntra = scim(tenant, entra);
    String user = Groups.createUser(viaOkta);
    viaEntra.get("/Users/" + user).assertScim(200);
    assertEquals(1, AdminApi.total(viaEntra, "/Users"));

    ScimClient.Response listing = admin.get(tokens(tenant));
    JsonNode tokens = assertJson(listing, 200).path("tokens");
    assertEquals(List.of("default", "okta-prod", "entra-test"), labels(tokens));
    for (JsonNode token : List.of(okta, entra)) {
      JsonNode item = listed(tokens, token.path("id").asText());
      assertEquals(token.path("label"), item.path("label"));
      assertEquals(token.path("prefix"), item.path("prefix"));
      assertEquals(Instant.parse(token.path("createdAt").asText()), Instant.parse(item.path("createdAt").asText()));
      assertFalse(item.has("value"), item.toString());
    }
    assertContainsNone(listing, List.of(tenant.token(), value(okta), value(entra)));
  }

  @Test
  void labelMustBeANonEmptyStringOfAtMost100Characters() {
    TestTenant tenant = server.newTenant();
    for (Object label : List.of("", "   ", "x".repeat(101), 5, List.of("okta"))) {
      assertError(admin.post(tokens(tenant), new JsonObject().put("label", label).encode()), 400);
    }
    assertEquals(1, listTokens(admin, tokens(tenant)).size(), "no connection was created");
    assertEquals("x".repeat(100), AdminApi.createToken(admin, tokens(tenant), "x".repeat(100)).path("label").asText());
    JsonNode unnamed = assertJson(admin.post(tokens(tenant), "{}"), 201);
    assertFalse(unnamed.path("label").asText().isBlank(), unnamed.toString());
  }

  @Test
  void valuesCarryAtLeast256RandomBitsAndAreAllDistinct() {
    TestTenant tenant = server.newTenant();
    List<String> values = new ArrayList<>(List.of(tenant.token()));
    for (int i = 0; i < 10; i++) {
      values.add(value(AdminApi.createToken(admin, tokens(tenant), "connection-" + i)));
    }
    String rotated = id(AdminApi.createToken(admin, tokens(tenant), "rotated"));
    for (int i = 0; i < 5; i++) {
      values.add(value(reset(tenant, rotated, "{}")));
    }
    for (String value : values) {
      assertTrue(value.startsWith(TOKEN_PREFIX), value);
      String random = value.substring(TOKEN_PREFIX.length());
      // 256 bits are 43 characters of unpadded base64url.
      assertTrue(random.length() >= 43, "at least 256 bits: " + value);
      assertTrue(BASE64URL.matcher(random).matches(), "base64url: " + value);
    }
    assertEquals(values.size(), new HashSet<>(values).size(), "all distinct: " + values);
  }

  @Test
  void tokenWorksUntilRevokedAndNeverAfter() {
    TestTenant tenant = server.newTenant();
    JsonNode token = AdminApi.createToken(admin, tokens(tenant), "okta-prod");
    ScimClient scim = scim(tenant, token);
    for (int i = 0; i < 3; i++) {
      scim.get("/Users").assertScim(200);
    }

    ScimClient.Response revoked = admin.delete(tokens(tenant) + "/" + id(token));
    assertEquals(204, revoked.status(), revoked.body());
    assertEquals("", revoked.body());

    // Right away, on this node, although the check was cached.
    scim.get("/Users").assertError(401, null);
    scim.post("/Users", Users.minimal(Users.randomUserName())).assertError(401, null);
    scim.get("/Groups").assertError(401, null);
    AdminApi.sleep(1_000);
    scim.get("/Users").assertError(401, null);

    assertTrue(listed(listTokens(admin, tokens(tenant)), id(token)).isMissingNode(), "revoked is not listed");
    assertError(admin.delete(tokens(tenant) + "/" + id(token)), 404);
    assertError(admin.post(tokens(tenant) + "/" + id(token) + "/reset", "{}"), 404);
    scim.get("/Users").assertError(401, null);
    tenant.scim().get("/Users").assertScim(200);
  }

  @Test
  void revokingATokenLeavesUsersAndGroupsIntact() {
    TestTenant tenant = server.newTenant();
    JsonNode token = AdminApi.createToken(admin, tokens(tenant), "okta-prod");
    ScimClient scim = scim(tenant, token);
    List<String> users = Groups.createUsers(scim, 3);
    String group = Groups.create(scim, Groups.randomDisplayName(), users.get(0), users.get(1));
    Groups.create(scim, Groups.randomDisplayName());

    assertEquals(204, admin.delete(tokens(tenant) + "/" + id(token)).status());

    assertEquals(3, AdminApi.total(tenant.scim(), "/Users"));
    assertEquals(2, AdminApi.total(tenant.scim(), "/Groups"));
    assertEquals(Groups.ids(users.get(0), users.get(1)),
        Groups.memberIds(tenant.scim().get("/Groups/" + group).assertScim(200)));
  }

  @Test
  void resetWithoutGraceStopsTheOldValueAtOnce() {
    TestTenant tenant = server.newTenant();
    JsonNode token = AdminApi.createToken(admin, tokens(tenant), "okta-prod");
    ScimClient old = scim(tenant, token);
    old.get("/Users").assertScim(200);

    ScimClient.Response response = admin.post(tokens(tenant) + "/" + id(token) + "/reset", "{}");
    JsonNode reset = assertJson(response, 200);
    assertEquals("no-store", response.header("Cache-Control"));
    assertEquals(id(token), id(reset));
    assertEquals("okta-prod", reset.path("label").asText());
    assertNotEquals(value(token), value(reset));
    assertTrue(value(reset).startsWith(reset.path("prefix").asText()), reset.toString());
    assertFalse(reset.has("previousValueExpiresAt"), reset.toString());

    old.get("/Users").assertError(401, null);
    scim(tenant, reset).get("/Users").assertScim(200);
    old.get("/Users").assertError(401, null);
    assertEquals(reset.path("prefix"), listed(listTokens(admin, tokens(tenant)), id(token)).path("prefix"));

    // A reset needs no body at all.
    JsonNode again = assertJson(admin.send("POST", tokens(tenant) + "/" + id(token) + "/reset", null), 200);
    scim(tenant, reset).get("/Users").assertError(401, null);
    scim(tenant, again).get("/Users").assertScim(200);
  }

  @Test
  void resetWithGraceKeepsTheOldValueWorkingUntilTheGraceEnds() {
    TestTenant tenant = server.newTenant();
    JsonNode token = AdminApi.createToken(admin, tokens(tenant), "okta-prod");
    ScimClient old = scim(tenant, token);
    old.get("/Users").assertScim(200);

    JsonNode reset = reset(tenant, id(token), "{\"graceSeconds\":2}");
    long resetAt = System.nanoTime();
    ScimClient fresh = scim(tenant, reset);
    Instant expires = Instant.parse(reset.path("previousValueExpiresAt").asText());
    assertTrue(expires.isAfter(Instant.now()) && expires.isBefore(Instant.now().plusSeconds(3)), reset.toString());
    assertEquals(expires, Instant.parse(
        listed(listTokens(admin, tokens(tenant)), id(token)).path("previousValueExpiresAt").asText()));

    old.get("/Users").assertScim(200);
    fresh.get("/Users").assertScim(200);

    AdminApi.sleep(Math.max(0, 3_000 - (System.nanoTime() - resetAt) / 1_000_000));
    old.get("/Users").assertError(401, null);
    fresh.get("/Users").assertScim(200);
  }

  @Test
  void graceOutsideZeroTo86400WholeSecondsIs400AndKeepsTheValue() {
    TestTenant tenant = server.newTenant();
    JsonNode token = AdminApi.createToken(admin, tokens(tenant), "okta-prod");
    String reset = tokens(tenant) + "/" + id(token) + "/reset";
    for (String grace : List.of("86401", "-1", "\"x\"", "\"60\"", "1.5", "true", "{}")) {
      assertError(admin.post(reset, "{\"graceSeconds\":" + grace + "}"), 400);
    }
    assertError(admin.post(reset, "not json"), 400);
    scim(tenant, token).get("/Users").assertScim(200);
    assertEquals(token.path("prefix"), listed(listTokens(admin, tokens(tenant)), id(token)).path("prefix"));

    JsonNode longest = reset(tenant, id(token), "{\"graceSeconds\":86400}");
    scim(tenant, token).get("/Users").assertScim(200);
    scim(tenant, longest).get("/Users").assertScim(200);
  }

  @Test
  void unknownOrMalformedTokenIdIs404() {
    TestTenant tenant = server.newTenant();
    TestTenant other = server.newTenant();
    String othersToken = id(listTokens(admin, tokens(other)).path(0));
    for (String tokenId : List.of(UUID.randomUUID().toString(), "not-a-uuid", "1", othersToken)) {
      assertError(admin.post(tokens(tenant) + "/" + tokenId + "/reset", "{}"), 404);
      assertError(admin.delete(tokens(tenant) + "/" + tokenId), 404);
    }
    other.scim().get("/Users").assertScim(200);
    tenant.scim().get("/Users").assertScim(200);
  }

  @Test
  void lastUsedAtAppearsInTheListingAfterUse() {
    TestTenant tenant = server.newTenant();
    JsonNode used = AdminApi.createToken(admin, tokens(tenant), "okta-prod");
    JsonNode unused = AdminApi.createToken(admin, tokens(tenant), "entra-test");
    assertTrue(listed(listTokens(admin, tokens(tenant)), id(used)).path("lastUsedAt").isNull());

    scim(tenant, used).get("/Users").assertScim(200);

    // Last use is gathered in memory and written every 5 s.
    JsonNode item = AdminApi.await(Duration.ofSeconds(8), "lastUsedAt after a SCIM call",
        () -> listed(listTokens(admin, tokens(tenant)), id(used)), token -> !token.path("lastUsedAt").isNull());
    Instant lastUsed = Instant.parse(item.path("lastUsedAt").asText());
    assertFalse(lastUsed.isBefore(Instant.parse(item.path("createdAt").asText())), item.toString());
    assertTrue(listed(listTokens(admin, tokens(tenant)), id(unused)).path("lastUsedAt").isNull());
  }

  @Test
  void tokenValuesNeverAppearInGetResponses() {
    TestTenant tenant = server.newTenant();
    JsonNode okta = AdminApi.createToken(admin, tokens(tenant), "okta-prod");
    JsonNode entra = AdminApi.createToken(admin, tokens(tenant), "entra-test");
    JsonNode rotated = reset(tenant, id(entra), "{\"graceSeconds\":60}");
    List<String> values = List.of(tenant.token(), value(okta), value(entra), value(rotated));
    scim(tenant, okta).get("/Users").assertScim(200);

    ScimClient tenantAdmin = AdminApi.as(AdminApi.tenantAdminJwt(tenant.id(), "it-admin@" + tenant.id()));
    long total = assertJson(admin.get("/admin/tenants?count=0"), 200).path("totalResults").asLong();
    List<ScimClient.Response> reads = List.of(
        admin.get("/admin/tenants/" + tenant.id()),
        admin.get("/admin/tenants?startIndex=" + Math.max(1, total - 5) + "&count=10"),
        admin.get(tokens(tenant)),
        admin.get("/admin/tenants/" + tenant.id() + "/audit"),
        tenantAdmin.get("/tenants/" + tenant.id() + "/tokens"),
        tenantAdmin.get("/tenants/" + tenant.id() + "/audit"));
    for (ScimClient.Response read : reads) {
      assertJson(read, 200);
      assertContainsNone(read, values);
    }
    assertTrue(reads.get(1).body().contains(tenant.id()), "the listing page covers the tenant");
  }

  private static String tokens(TestTenant tenant) {
    return "/admin/tenants/" + tenant.id() + "/tokens";
  }

  private static JsonNode reset(TestTenant tenant, String tokenId, String body) {
    JsonNode reset = assertJson(admin.post(tokens(tenant) + "/" + tokenId + "/reset", body), 200);
    assertTrue(value(reset).startsWith(TOKEN_PREFIX), reset.toString());
    return reset;
  }

  private static ScimClient scim(TestTenant tenant, JsonNode token) {
    return AdminApi.scim(tenant.id(), value(token));
  }

  private static String id(JsonNode token) {
    return token.path("id").asText();
  }

  private static String value(JsonNode token) {
    return token.path("value").asText();
  }

  private static List<String> labels(JsonNode tokens) {
    List<String> labels = new ArrayList<>();
    tokens.forEach(token -> labels.add(token.path("label").asText()));
    return labels;
  }
}
