package dev.scimhub.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.Tenants.TestTenant;
import dev.scimhub.support.Tenants;
import dev.scimhub.support.TestServer;
import dev.scimhub.support.Users;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One tenant's token reaches nothing of another's, and a rejected call tells nothing about the other tenant. */
class TenantIsolationTest {

  private static TestTenant a;
  private static TestTenant b;
  private static String aUserName;
  private static String bUserName;
  private static String bUserId;
  /** B's base URL with A's token. */
  private static ScimClient aOnB;

  @BeforeAll
  static void twoTenantsWithUsers() {
    a = TestServer.get().newTenant();
    b = TestServer.get().newTenant();
    aUserName = Users.randomUserName();
    a.scim().post("/Users", Users.oktaCreate(aUserName, "Alice", "A")).assertScim(201);
    bUserName = Users.randomUserName();
    bUserId = b.scim().post("/Users", Users.oktaCreate(bUserName, "Bob", "B")).assertScim(201).path("id").asText();
    aOnB = b.scim().withAuthorization("Bearer " + a.token());
  }

  @Test
  void anotherTenantsTokenIs401OnEveryPath() {
    String user = "/Users/" + bUserId;
    List<ScimClient.Response> responses = List.of(
        aOnB.get("/Users"),
        aOnB.get("/Users", "filter", "userName eq \"" + bUserName + "\""),
        aOnB.get(user),
        aOnB.put(user, Users.minimal(bUserName)),
        aOnB.patch(user, "{\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}"),
        aOnB.delete(user),
        aOnB.post("/Users", Users.minimal(Users.randomUserName())),
        aOnB.post("/Users/.search", "{\"filter\":\"userName pr\"}"),
        aOnB.get("/ServiceProviderConfig"),
        aOnB.get("/ResourceTypes"),
        aOnB.get("/Schemas"));
    for (ScimClient.Response response : responses) {
      assertUnauthorized(response);
    }
    JsonNode untouched = b.scim().get(user).assertScim(200);
    assertTrue(untouched.path("active").asBoolean(), "B's user was not changed by A's token");
    assertEquals(1, b.scim().get("/Users").assertScim(200).path("totalResults").asInt());
  }

  @Test
  void unauthorizedBodyIsTheSameWhateverWasWrong() {
    String bUser = "/Users/" + bUserId;
    ScimClient.Response noHeader = b.scim().withAuthorization(null).get(bUser);
    ScimClient.Response wrongToken = b.scim().withAuthorization("Bearer scimhub_" + "x".repeat(43)).get(bUser);
    ScimClient.Response otherTenantsToken = aOnB.get(bUser);
    String missingTenantBase = TestServer.get().baseUrl() + "/tenants/" + Tenants.randomId() + "/scim/v2";
    ScimClient.Response noSuchTenant = new ScimClient(missingTenantBase, "Bearer " + a.token()).get("/Users");
    ScimClient.Response malformedTenant =
        new ScimClient(TestServer.get().baseUrl() + "/tenants/No_Such/scim/v2", "Bearer " + a.token()).get("/Users");

    JsonNode expected = assertUnauthorized(noHeader);
    for (ScimClient.Response response : List.of(wrongToken, otherTenantsToken, noSuchTenant, malformedTenant)) {
      assertEquals(expected, assertUnauthorized(response), "same 401 body for " + response.raw().uri());
    }
  }

  @Test
  void emptyOrSchemeOnlyAuthorizationIs401() {
    assertUnauthorized(b.scim().withAuthorization("Bearer").get("/Users"));
    assertUnauthorized(b.scim().withAuthorization("Bearer ").get("/Users"));
    assertUnauthorized(b.scim().withAuthorization("Basic " + b.token()).get("/Users"));
  }

  @Test
  void listingsNeverContainAnotherTenantsUsers() {
    JsonNode all = a.scim().get("/Users").assertScim(200);
    assertEquals(List.of(aUserName), userNames(all));
    assertEquals(1, all.path("totalResults").asInt());

    JsonNode filtered = a.scim().get("/Users", "filter", "userName eq \"" + bUserName + "\"").assertScim(200);
    assertEquals(0, filtered.path("totalResults").asInt());
    assertTrue(userNames(filtered).isEmpty());

    JsonNode searched = a.scim().post("/Users/.search",
        "{\"filter\":\"userName eq \\\"" + bUserName + "\\\" or userName pr\"}").assertScim(200);
    assertEquals(List.of(aUserName), userNames(searched));
  }

  @Test
  void anotherTenantsUserIdUnderOwnBaseUrlIs404() {
    String path = "/Users/" + bUserId;
    a.scim().get(path).assertError(404, null);
    a.scim().put(path, Users.minimal(bUserName)).assertError(404, null);
    a.scim().patch(path, "{\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}")
        .assertError(404, null);
    a.scim().delete(path).assertError(404, null);
    assertTrue(b.scim().get(path).assertScim(200).path("active").asBoolean());
  }

  @Test
  void bareTokenWorksAsOktaHeaderAuthSendsIt() {
    a.scim().withAuthorization(a.token()).get("/Users").assertScim(200);
  }

  @Test
  void bearerSchemeIsCaseInsensitive() {
    for (String scheme : new String[] {"bearer", "BEARER", "BeArEr"}) {
      a.scim().withAuthorization(scheme + " " + a.token()).get("/Users").assertScim(200);
    }
  }

  private static JsonNode assertUnauthorized(ScimClient.Response response) {
    JsonNode body = response.assertError(401, null);
    assertEquals("Bearer", response.header("WWW-Authenticate"), "WWW-Authenticate of " + response.raw().uri());
    assertFalse(response.body().contains(b.id()) || response.body().contains(a.id()), "names no tenant");
    return body;
  }

  private static List<String> userNames(JsonNode list) {
    List<String> names = new ArrayList<>();
    list.path("Resources").forEach(u -> names.add(u.path("userName").asText()));
    return names;
  }
}
