package dev.scimhub.token;

import static dev.scimhub.support.AdminApi.assertError;
import static dev.scimhub.support.AdminApi.assertJson;
import static dev.scimhub.support.AdminApi.listTokens;
import static dev.scimhub.support.AdminApi.listed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimhub.support.AdminApi;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.Tenants.TestTenant;
import dev.scimhub.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A tenant's own admins manage its tokens with a tenant-admin JWT, and reach nothing of another tenant. */
class SelfServiceTest {

  private static TestServer server;
  private static TestTenant a;
  private static TestTenant b;
  private static String aSub;
  /** A's own admin. */
  private static ScimClient aAdmin;
  private static String aTokenId;
  private static String bTokenId;

  @BeforeAll
  static void twoTenants() {
    server = TestServer.get();
    a = server.newTenant();
    b = server.newTenant();
    aSub = "it-admin@" + a.id() + ".example";
    aAdmin = AdminApi.as(AdminApi.tenantAdminJwt(a.id(), aSub));
    aTokenId = firstTokenId(a);
    bTokenId = firstTokenId(b);
  }

  @Test
  void tenantAdminListsCreatesResetsAndRevokesItsOwnTokens() {
    String tokens = "/tenants/" + a.id() + "/tokens";
    assertFalse(listed(listTokens(aAdmin, tokens), aTokenId).isMissingNode());

    JsonNode created = AdminApi.createToken(aAdmin, tokens, "okta-prod");
    AdminApi.scim(a.id(), value(created)).get("/Users").assertScim(200);
    JsonNode item = listed(listTokens(aAdmin, tokens), id(created));
    assertEquals("okta-prod", item.path("label").asText());
    assertFalse(item.has("value"), item.toString());

    JsonNode reset = assertJson(aAdmin.post(tokens + "/" + id(created) + "/reset", "{}"), 200);
    AdminApi.scim(a.id(), value(created)).get("/Users").assertError(401, null);
    AdminApi.scim(a.id(), value(reset)).get("/Users").assertScim(200);

    ScimClient.Response revoked = aAdmin.delete(tokens + "/" + id(created));
    assertEquals(204, revoked.status(), revoked.body());
    AdminApi.scim(a.id(), value(reset)).get("/Users").assertError(401, null);
    assertTrue(listed(listTokens(aAdmin, tokens), id(created)).isMissingNode());
    a.scim().get("/Users").assertScim(200);

    JsonNode actions = assertJson(aAdmin.get("/tenants/" + a.id() + "/audit?count=3"), 200).path("events");
    for (JsonNode event : actions) {
      assertEquals(aSub, event.path("actor").asText(), actions.toString());
    }
  }

  @Test
  void tenantAdminOfAIsForbiddenEverythingOfB() {
    String bTokens = "/tenants/" + b.id() + "/tokens";
    assertError(aAdmin.get(bTokens), 403);
    assertError(aAdmin.post(bTokens, "{\"label\":\"sneaky\"}"), 403);
    assertError(aAdmin.post(bTokens + "/" + bTokenId + "/reset", "{}"), 403);
    assertError(aAdmin.delete(bTokens + "/" + bTokenId), 403);
    assertError(aAdmin.get("/tenants/" + b.id() + "/audit"), 403);

    b.scim().get("/Users").assertScim(200);
    JsonNode bTokensNow = listTokens(server.admin(), "/admin/tenants/" + b.id() + "/tokens");
    assertEquals(1, bTokensNow.size(), bTokensNow.toString());
    assertEquals(bTokenId, bTokensNow.path(0).path("id").asText());
  }

  @Test
  void anotherTenantsTokenIdUnderOwnPathIs404() {
    String aTokens = "/tenants/" + a.id() + "/tokens";
    assertError(aAdmin.post(aTokens + "/" + bTokenId + "/reset", "{}"), 404);
    assertError(aAdmin.delete(aTokens + "/" + bTokenId), 404);
    b.scim().get("/Users").assertScim(200);
  }

  @Test
  void platformAdminMayUseTheSelfServicePaths() {
    ScimClient platform = AdminApi.as(server.platformAdminJwt());
    String tokens = "/tenants/" + a.id() + "/tokens";
    JsonNode created = AdminApi.createToken(platform, tokens, "platform-made");
    AdminApi.scim(a.id(), value(created)).get("/Users").assertScim(200);
    assertFalse(listed(listTokens(platform, tokens), id(created)).isMissingNode());
    assertEquals(204, platform.delete(tokens + "/" + id(created)).status());
    assertJson(platform.get("/tenants/" + a.id() + "/audit"), 200);
  }

  @Test
  void tenantAdminJwtIsForbiddenOnThePlatformAdminApi() {
    String tenant = "/admin/tenants/" + a.id();
    assertError(aAdmin.get("/admin/tenants"), 403);
    assertError(aAdmin.get(tenant), 403);
    assertError(aAdmin.patch(tenant, "{\"status\":\"suspended\"}"), 403);
    assertError(aAdmin.delete(tenant + "?confirm=" + a.id()), 403);
    assertError(aAdmin.get(tenant + "/tokens"), 403);
    assertError(aAdmin.post(tenant + "/tokens", "{\"label\":\"x\"}"), 403);
    assertError(aAdmin.get(tenant + "/audit"), 403);
    a.scim().get("/Users").assertScim(200);
  }

  @Test
  void expiredJwtIs401() {
    long anHourAgo = System.currentTimeMillis() / 1000 - 3600;
    // A ttl of 0 leaves our own exp claim in place.
    String expired = server.jwt(tenantAdminClaims(a.id()).put("iat", anHourAgo - 600).put("exp", anHourAgo), 0);
    ScimClient client = AdminApi.as(expired);
    String tokens = "/tenants/" + a.id() + "/tokens";
    int before = listTokens(aAdmin, tokens).size();
    assertError(client.get(tokens), 401);
    assertError(client.post(tokens, "{\"label\":\"late\"}"), 401);
    assertError(client.get("/tenants/" + a.id() + "/audit"), 401);
    assertEquals(before, listTokens(aAdmin, tokens).size(), "nothing was created");
  }

  @Test
  void jwtSignedWithAnotherKeyIs401() {
    JsonObject claims = tenantAdminClaims(a.id()).put("exp", System.currentTimeMillis() / 1000 + 600);
    String tokens = "/tenants/" + a.id() + "/tokens";
    // The same hand-made JWT with the server's key passes: only the key differs.
    assertJson(AdminApi.as(hs256(server.jwtSecret(), claims)).get(tokens), 200);

    assertError(AdminApi.as(hs256("another-" + UUID.randomUUID(), claims)).get(tokens), 401);
    assertError(AdminApi.as(hs256("another-" + UUID.randomUUID(), claims)).post(tokens, "{}"), 401);
    String unsigned = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + base64(claims.encode()) + ".";
    assertError(AdminApi.as(unsigned).get(tokens), 401);
  }

  @Test
  void missingOrNonJwtCredentialsAre401() {
    String tokens = "/tenants/" + a.id() + "/tokens";
    assertError(AdminApi.as(null).get(tokens), 401);
    assertError(AdminApi.as(null).get("/tenants/" + a.id() + "/audit"), 401);
    // A SCIM API token is no admin credential.
    assertError(AdminApi.as(a.token()).get(tokens), 401);
    assertError(AdminApi.as(a.token()).post(tokens, "{}"), 401);
    assertError(aAdmin.withAuthorization("Basic " + base64("admin:admin")).get(tokens), 401);
  }

  @Test
  void jwtWithoutRoleOrTenantIs403() {
    String tokens = "/tenants/" + a.id() + "/tokens";
    List<JsonObject> insufficient = List.of(
        new JsonObject().put("sub", "nobody").put("tenant", a.id()),
        new JsonObject().put("sub", "nobody").put("role", "tenant-admin"),
        new JsonObject().put("sub", "nobody").put("role", "auditor").put("tenant", a.id()));
    for (JsonObject claims : insufficient) {
      ScimClient client = AdminApi.as(server.jwt(claims, 600));
      assertError(client.get(tokens), 403);
      assertError(client.post(tokens, "{\"label\":\"x\"}"), 403);
      assertError(client.get("/tenants/" + a.id() + "/audit"), 403);
    }
  }

  @Test
  void adminJwtsAreNoScimCredentials() {
    AdminApi.scim(a.id(), server.platformAdminJwt()).get("/Users").assertError(401, null);
    AdminApi.scim(a.id(), AdminApi.tenantAdminJwt(a.id(), aSub)).get("/Users").assertError(401, null);
  }

  private static String firstTokenId(TestTenant tenant) {
    return listTokens(server.admin(), "/admin/tenants/" + tenant.id() + "/tokens").path(0).path("id").asText();
  }

  private static JsonObject tenantAdminClaims(String tenant) {
    return new JsonObject().put("role", "tenant-admin").put("tenant", tenant).put("sub", aSub);
  }

  /** A JWT signed HS256 with {@code secret}, made by hand. */
  private static String hs256(String secret, JsonObject claims) {
    String signed = base64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + base64(claims.encode());
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return signed + "." + Base64.getUrlEncoder().withoutPadding()
          .encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  private static String base64(String text) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String id(JsonNode token) {
    return token.path("id").asText();
  }

  private static String value(JsonNode token) {
    return token.path("value").asText();
  }
}
