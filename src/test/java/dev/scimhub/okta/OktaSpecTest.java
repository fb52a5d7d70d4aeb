package dev.scimhub.okta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.Tenants.TestTenant;
import dev.scimhub.support.TestServer;
import dev.scimhub.support.Users;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Users steps of Okta's "SCIM 2.0 SPEC Test" (the Runscope suite an OIN submission must pass), in its order and
 * with its headers and bodies. The suite carries state from step to step, and so does this class.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OktaSpecTest {

  private static final String LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
  private static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
  private static final String CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  // Named after the suite's variables, so a failing step is easy to find in it.
  private static final String randomGivenName = "Given" + randomHex();
  private static final String randomFamilyName = "Family" + randomHex();
  private static final String randomUsername = Users.randomUserName();
  private static final String randomEmail = Users.randomUserName();
  private static final String invalidUserEmail = Users.randomUserName();

  private static TestTenant tenant;
  private static String seededId;

  /** Carried from step to step, as the suite's variables are. */
  private static String isvUserId;
  private static String idUserOne;

  @BeforeAll
  static void tenantWithOneUser() {
    tenant = TestServer.get().newTenant();
    seededId = tenant.scim().post("/Users", Users.oktaCreate(Users.randomUserName(), "Ada", "Lovelace"))
        .assertScim(201).path("id").asText();
  }

  @Test
  @Order(1)
  void usersEndpointListsAUserWithEveryAttributeOktaReads() {
    ScimClient.Response response = get("/Users?count=1&startIndex=1");
    assertEquals(200, response.status(), response.body());
    JsonNode page = response.json();
    assertTrue(page.path("Resources").isArray() && page.path("Resources").size() > 0, page.toString());
    assertTrue(hasValue(page.path("schemas"), LIST_RESPONSE), page.toString());
    assertTrue(page.path("itemsPerPage").isNumber(), "itemsPerPage");
    assertTrue(page.path("startIndex").isNumber(), "startIndex");
    assertTrue(page.path("totalResults").isNumber(), "totalResults");
    JsonNode first = page.path("Resources").path(0);
    assertUserAttributesOktaReads(first);
    isvUserId = first.path("id").asText();
    assertEquals(seededId, isvUserId);
  }

  @Test
  @Order(2)
  void getUserByIdReturnsTheListedUser() {
    assumeTrue(isvUserId != null, "needs the user listed by the first step");
    ScimClient.Response response = get("/Users/" + isvUserId);
    assertEquals(200, response.status(), response.body());
    JsonNode user = response.json();
    assertUserAttributesOktaReads(user);
    assertEquals(isvUserId, user.path("id").asText());
  }

  @Test
  @Order(3)
  void filterByAnUnknownUserNameFindsNothing() {
    assertFindsNothing(get(userNameFilter(invalidUserEmail)));
  }

  @Test
  @Order(4)
  void getByAnUnknownIdIs404WithAScimError() {
    ScimClient.Response response = get("/Users/" + UUID.randomUUID());
    assertEquals(404, response.status(), response.body());
    assertScimError(response.json(), "404");
  }

  @Test
  @Order(5)
  void randomUserDoesNotExistBeforeItIsCreated() {
    assertFindsNothing(get(userNameFilter(randomEmail)));
  }

  @Test
  @Order(6)
  void createWithRealisticValuesReturnsTheActiveUser() {
    ScimClient.Response response = post("/Users", runscopeUser(randomEmail));
    assertEquals(201, response.status(), response.body());
    JsonNode user = response.json();
    assertTrue(user.path("active").asBoolean(false), "active");
    assertFalse(user.path("id").asText().isBlank(), "id");
    assertEquals(randomFamilyName, user.path("name").path("familyName").asText());
    assertEquals(randomGivenName, user.path("name").path("givenName").asText());
    assertTrue(hasValue(user.path("schemas"), CORE_USER), user.toString());
    assertEquals(randomUsername, user.path("userName").asText());
    idUserOne = user.path("id").asText();
  }

  @Test
  @Order(7)
  void createdUserCanBeReadBackById() {
    assumeTrue(idUserOne != null, "needs the user created by the previous step");
    ScimClient.Response response = get("/Users/" + idUserOne);
    assertEquals(200, response.status(), response.body());
    JsonNode user = response.json();
    assertEquals(randomUsername, user.path("userName").asText());
    assertEquals(randomFamilyName, user.path("name").path("familyName").asText());
    assertEquals(randomGivenName, user.path("name").path("givenName").asText());
  }

  @Test
  @Order(8)
  void recreatingTheSameUserIs409() {
    assumeTrue(idUserOne != null, "needs the user created earlier");
    // The suite's second body carries the userName as the email: only the userName collides.
    ScimClient.Response response = post("/Users", runscopeUser(randomUsername));
    assertEquals(409, response.status(), response.body());
    assertScimError(response.json(), "409");
    assertEquals("uniqueness", response.json().path("scimType").asText());
  }

  @Test
  @Order(9)
  void filterByUserNameIgnoresCase() {
    assumeTrue(idUserOne != null, "needs the user created earlier");
    ScimClient.Response response = get(userNameFilter(randomUsername.toUpperCase(Locale.ROOT)));
    assertEquals(200, response.status(), response.body());
    JsonNode page = response.json();
    assertEquals(1, page.path("totalResults").asInt(), page.toString());
    assertEquals(idUserOne, page.path("Resources").path(0).path("id").asText());
  }

  @Test
  @Order(10)
  void requestWithAnInvalidTokenIs401WithAScimError() {
    ScimClient.Response response = send("GET", userNameFilter(randomUsername.toUpperCase(Locale.ROOT)), null,
        "non-token");
    assertEquals(401, response.status(), response.body());
    assertScimError(response.json(), "401");
  }

  @Test
  @Order(11)
  void getByAnIdThatIsNoUuidIs404WithAScimError() {
    ScimClient.Response response = get("/Users/00919288221112222");
    assertEquals(404, response.status(), response.body());
    assertScimError(response.json(), "404");
  }

  private static void assertUserAttributesOktaReads(JsonNode user) {
    for (String pointer : new String[] {"/id", "/name/familyName", "/name/givenName", "/userName", "/emails/0/value"}) {
      assertFalse(user.at(pointer).asText().isBlank(), pointer + " in " + user);
    }
    assertTrue(user.path("active").isBoolean(), "active in " + user);
  }

  private static void assertFindsNothing(ScimClient.Response response) {
    assertEquals(200, response.status(), response.body());
    JsonNode page = response.json();
    assertTrue(hasValue(page.path("schemas"), LIST_RESPONSE), page.toString());
    assertEquals(0, page.path("totalResults").asInt(-1), page.toString());
  }

  private static void assertScimError(JsonNode error, String status) {
    assertTrue(hasValue(error.path("schemas"), ERROR), error.toString());
    assertFalse(error.path("detail").asText().isBlank(), "detail in " + error);
    assertEquals(status, error.path("status").asText());
  }

  private static String runscopeUser(String email) {
    return """
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s",\
        "name":{"givenName":"%s","familyName":"%s"},\
        "emails":[{"primary":true,"value":"%s","type":"work"}],\
        "displayName":"%s %s","active":true}"""
        .formatted(randomUsername, randomGivenName, randomFamilyName, email, randomGivenName, randomFamilyName);
  }

  private static String userNameFilter(String userName) {
    return "/Users?filter=" + ScimClient.encode("userName eq \"" + userName + "\"");
  }

  private static boolean hasValue(JsonNode array, String value) {
    for (JsonNode item : array) {
      if (value.equals(item.asText())) {
        return true;
      }
    }
    return false;
  }

  private static String randomHex() {
    return Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
  }

  private static ScimClient.Response get(String path) {
    return send("GET", path, null, "Bearer " + tenant.token());
  }

  private static ScimClient.Response post(String path, String body) {
    return send("POST", path, body, "Bearer " + tenant.token());
  }

  /** A request with the headers the suite sends: its GETs claim SCIM JSON, its POSTs plain JSON. */
  private static ScimClient.Response send(String method, String path, String body, String authorization) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(tenant.scimBaseUrl() + path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", authorization);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody())
          .header("Accept-Charset", "utf-8")
          .header("Content-Type", "application/scim+json; charset=utf-8")
          .header("Accept", "application/scim+json")
          .header("User-Agent", "OKTA SCIM Integration");
    } else {
      request.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
          .header("Content-Type", "application/json")
          .header("Accept", "application/scim+json; charset=utf-8");
    }
    try {
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new ScimClient.Response(response.statusCode(), response);
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
