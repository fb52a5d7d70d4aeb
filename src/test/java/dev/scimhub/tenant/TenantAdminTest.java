package dev.scimhub.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.Tenants;
import dev.scimhub.support.TestServer;
import dev.scimhub.support.Users;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** The platform admin's tenant API: onboarding, its validation, and who may call it. */
class TenantAdminTest {

  private static final String TOKEN_PREFIX = "scimhub_";

  private static final TestServer server = TestServer.get();
  private static final ScimClient admin = server.admin();

  @Test
  void createReturns201WithTenantAndItsFirstToken() {
    String id = Tenants.randomId();
    ScimClient.Response response = createTenant(id, "Acme Inc.");
    assertEquals(201, response.status(), response.body());
    assertJson(response);
    JsonNode tenant = response.json();
    assertEquals(id, tenant.path("id").asText());
    assertEquals("Acme Inc.", tenant.path("name").asText());
    assertEquals("active", tenant.path("status").asText());
    assertTrue(tenant.path("scimBaseUrl").asText().endsWith("/tenants/" + id + "/scim/v2"), tenant.toString());
    assertTrue(tenant.path("scimBaseUrl").asText().startsWith("http"), "absolute: " + tenant);

    JsonNode token = tenant.path("token");
    String value = token.path("value").asText();
    assertTrue(token.path("id").isTextual() && !token.path("id").asText().isBlank(), token.toString());
    assertTrue(token.path("label").isTextual() && !token.path("label").asText().isBlank(), token.toString());
    assertTrue(value.startsWith(TOKEN_PREFIX), value);
    assertTrue(value.length() - TOKEN_PREFIX.length() >= 43, "256 bits of base64url: " + value);
    String prefix = token.path("prefix").asText();
    assertTrue(!prefix.isEmpty() && value.startsWith(prefix) && prefix.length() < value.length(), prefix);
  }

  @Test
  void newTokenWorksImmediatelyOnTheScimBaseUrl() {
    JsonNode tenant = createTenant(Tenants.randomId(), "Immediate").json();
    ScimClient scim = new ScimClient(tenant.path("scimBaseUrl").asText(),
        "Bearer " + tenant.path("token").path("value").asText());
    assertEquals(0, scim.get("/Users").assertScim(200).path("totalResults").asInt());
    scim.post("/Users", Users.minimal(Users.randomUserName())).assertScim(201);
  }

  @Test
  void getShowsTheTenantButNeverTheTokenValue() {
    String id = Tenants.randomId();
    JsonNode created = createTenant(id, "Secretive").json();
    String value = created.path("token").path("value").asText();

    ScimClient.Response response = admin.get("/admin/tenants/" + id);
    assertEquals(200, response.status(), response.body());
    assertJson(response);
    assertEquals(id, response.json().path("id").asText());
    assertEquals(created.path("scimBaseUrl"), response.json().path("scimBaseUrl"));
    assertEquals("active", response.json().path("status").asText());
    assertFalse(response.body().contains(value), "token value leaked: " + response.body());
  }

  @Test
  void unknownTenantIs404() {
    assertAdminError(admin.get("/admin/tenants/" + Tenants.randomId()), 404);
  }

  @Test
  void invalidIdsAre400() {
    for (String id : new String[] {"Ab", "a", "a_b", "-ab", "ab-", "a b", "", "a".repeat(64)}) {
      assertAdminError(createTenant(id, "Bad"), 400);
    }
    assertAdminError(admin.post("/admin/tenants", "{\"name\":\"No id\"}"), 400);
    assertAdminError(admin.post("/admin/tenants", "{\"id\":42,\"name\":\"Number\"}"), 400);
  }

  @Test
  void idsOfTwoAndSixtyThreeCharactersAreAccepted() {
    String shortest = Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36) + 36 * 36, 36).substring(1);
    ScimClient.Response two = createTenant(shortest, "Two");
    // Two characters leave room for a collision with an earlier run's tenant in a kept database; only that may differ.
    assertTrue(two.status() == 201 || two.status() == 409, two.body());
    String longest = (Tenants.randomId() + "-" + "x".repeat(63)).substring(0, 63);
    assertEquals(201, createTenant(longest, "Sixty-three").status());
  }

  @Test
  void missingOrBlankNameIs400() {
    assertAdminError(admin.post("/admin/tenants", "{\"id\":\"" + Tenants.randomId() + "\"}"), 400);
    assertAdminError(createTenant(Tenants.randomId(), "  "), 400);
  }

  @Test
  void malformedBodyIs400() {
    assertAdminError(admin.post("/admin/tenants", "{\"id\":"), 400);
    assertAdminError(admin.post("/admin/tenants", "[]"), 400);
  }

  @Test
  void duplicateIdIs409() {
    String id = Tenants.randomId();
    assertEquals(201, createTenant(id, "First").status());
    assertAdminError(createTenant(id, "Second"), 409);
    assertEquals("First", admin.get("/admin/tenants/" + id).json().path("name").asText());
  }

  @Test
  void missingOrGarbageJwtIs401() {
    String body = tenantBody(Tenants.randomId(), "Nope");
    assertAdminError(admin.withAuthorization(null).post("/admin/tenants", body), 401);
    assertAdminError(admin.withAuthorization("Bearer not.a.jwt").post("/admin/tenants", body), 401);
    assertAdminError(admin.withAuthorization("Bearer garbage").get("/admin/tenants/anything"), 401);
  }

  @Test
  void jwtSignedWithAnotherSecretIs401() {
    String[] parts = server.platformAdminJwt().split("\\.");
    String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
    assertAdminError(admin.withAuthorization("Bearer " + forged).get("/admin/tenants/anything"), 401);
  }

  @Test
  void tenantAdminRoleIs403() {
    String jwt = server.jwt(new JsonObject().put("role", "tenant-admin").put("sub", "someone"), 600);
    String id = Tenants.randomId();
    assertAdminError(admin.withAuthorization("Bearer " + jwt).post("/admin/tenants", tenantBody(id, "No")), 403);
    assertAdminError(admin.get("/admin/tenants/" + id), 404);
  }

  @Test
  void jwtWithoutRoleIs403() {
    String jwt = server.jwt(new JsonObject().put("sub", "someone"), 600);
    assertAdminError(admin.withAuthorization("Bearer " + jwt).get("/admin/tenants/anything"), 403);
  }

  @Test
  void expiredJwtIs401() {
    long anHourAgo = System.currentTimeMillis() / 1000 - 3600;
    // A ttl of 0 leaves our own exp claim in place.
    String jwt = server.jwt(new JsonObject().put("role", "platform-admin").put("sub", "test")
        .put("iat", anHourAgo - 600).put("exp", anHourAgo), 0);
    assertAdminError(admin.withAuthorization("Bearer " + jwt)
        .post("/admin/tenants", tenantBody(Tenants.randomId(), "Late")), 401);
  }

  private static ScimClient.Response createTenant(String id, String name) {
    return admin.post("/admin/tenants", tenantBody(id, name));
  }

  private static String tenantBody(String id, String name) {
    return new JsonObject().put("id", id).put("name", name).encode();
  }

  private static void assertJson(ScimClient.Response response) {
    String contentType = response.header("Content-Type");
    assertTrue(contentType != null && contentType.startsWith("application/json"), "Content-Type " + contentType);
  }

  /** Admin errors are plain JSON with the status (as a string, like SCIM errors) and a detail. */
  private static void assertAdminError(ScimClient.Response response, int status) {
    assertEquals(status, response.status(), () -> response.raw().request().method() + " " + response.raw().uri()
        + ": " + response.body());
    assertJson(response);
    JsonNode body = response.json();
    assertEquals(String.valueOf(status), body.path("status").asText(), body.toString());
    assertTrue(body.path("detail").isTextual() && !body.path("detail").asText().isBlank(), body.toString());
    if (status == 401) {
      assertEquals("Bearer", response.header("WWW-Authenticate"));
    }
  }
}
