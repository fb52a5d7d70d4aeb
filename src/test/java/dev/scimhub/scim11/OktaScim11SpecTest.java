package dev.scimhub.scim11;

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
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Users and Groups steps of Okta's "SCIM 1.1 SPEC Test" (the Runscope suite for SCIM 1.1 integrations), in its
 * order, with its headers, bodies and assertions, against a tenant's {@code /scim/v1} with the bare token of a
 * header-auth app. The suite carries state from step to step, and so does this class.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OktaScim11SpecTest {

  private static final String CORE_1 = "urn:scim:schemas:core:1.0";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  // Named after the suite's variables. Okta's initial script gives randomUsername and randomEmail the same value,
  // and randomUsernameCaps is that value upper-cased, nothing more.
  private static final String randomGivenName = "Runscope" + randomHex();
  private static final String randomFamilyName = "Family" + randomHex();
  private static final String randomUsername = Users.randomUserName();
  private static final String randomEmail = randomUsername;
  private static final String randomUsernameCaps = randomUsername.toUpperCase(Locale.ROOT);
  private static final String invalidUserEmail = Users.randomUserName();
  private static final String userIdThatDoesNotExist = "010101001010101011001010101011";

  private static TestTenant tenant;
  private static String seededUserId;

  /** Carried from step to step, as the suite's variables are. */
  private static String isvUserId;
  private static String idUserOne;

  @BeforeAll
  static void tenantWithOneUserAndOneGroup() {
    tenant = TestServer.get().newTenant();
    ScimClient scim = Scim11Test.scim11(tenant);
    seededUserId = scim.post("/Users", """
        {"schemas":["urn:scim:schemas:core:1.0"],"userName":"%s",
         "name":{"givenName":"Ada","familyName":"Lovelace"},
         "emails":[{"primary":true,"value":"%s","type":"work"}],"active":true}"""
        .formatted(Users.randomUserName(), Users.randomUserName())).assertScim(201).path("id").asText();
    // The suite's Groups step scripts "totalResults >= 1", so the tenant needs a group as well as a user.
    scim.post("/Groups", "{\"schemas\":[\"urn:scim:schemas:core:1.0\"],\"displayName\":\"Spec test group\"}")
        .assertScim(201);
  }

  @Test
  @Order(1)
  void usersEndpointListsAUserWithEveryAttributeOktaReads() {
    ScimClient.Response response = get("/Users?count=1&startIndex=1");
    assertEquals(200, response.status(), response.body());
    JsonNode page = response.json();
    assertTrue(page.path("Resources").isArray() && page.path("Resources").size() > 0, page.toString());
    assertTrue(hasValue(page.path("schemas"), CORE_1), page.toString());
    assertTrue(page.path("itemsPerPage").isNumber(), "itemsPerPage");
    assertTrue(page.path("startIndex").isNumber(), "startIndex");
    assertTrue(page.path("totalResults").isNumber(), "totalResults");
    JsonNode first = page.path("Resources").path(0);
    assertUserAttributesOktaReads(first);
    isvUserId = first.path("id").asText();
    assertEquals(seededUserId, isvUserId);
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
  void getByAnUnknownIdIs404WithADetail() {
    ScimClient.Response response = get("/Users/" + userIdThatDoesNotExist);
    assertEquals(404, response.status(), response.body());
    JsonNode error = response.json();
    assertFalse(error.path("detail").asText().isBlank(), "detail in " + error);
    assertEquals("404", error.path("Errors").path(0).path("code").asText(), error.toString());
  }

  @Test
  @Order(5)
  void randomUserDoesNotExistBeforeItIsCreated() {
    assertFindsNothing(get(userNameFilter(randomEmail)));
  }

  @Test
  @Order(6)
  void createWithRealisticValuesReturnsTheActiveUser() {
    ScimClient.Response response = post("/Users", runscopeUser());
    assertEquals(201, response.status(), response.body());
    JsonNode user = response.json();
    assertTrue(user.path("active").asBoolean(false), "active");
    assertFalse(user.path("id").asText().isBlank(), "id");
    assertEquals(randomFamilyName, user.path("name").path("familyName").asText());
    assertEquals(randomGivenName, user.path("name").path("givenName").asText());
    assertTrue(hasValue(user.path("schemas"), CORE_1), user.toString());
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
    ScimClient.Response response = post("/Users", runscopeUser());
    assertEquals(409, response.status(), response.body());
    JsonNode error = response.json();
    // Okta stops the provisioning job on the error body; 1.1 clients read Errors, 2.0 ones detail.
    assertEquals("409", error.path("Errors").path(0).path("code").asText(), error.toString());
    assertFalse(error.path("detail").asText().isBlank(), "detail in " + error);
  }

  /** The suite's "Username Case Sensitivity Check" sends the upper-cased userName alone as the filter. */
  @Test
  @Order(9)
  void upperCaseUserNameAloneAsTheFilterIs400() {
    assumeTrue(idUserOne != null, "needs the user created earlier");
    ScimClient.Response response = get("/Users?filter=" + ScimClient.encode(randomUsernameCaps));
    assertEquals(400, response.status(), response.body());
  }

  /** What that step is named for, and what Okta's lookups rely on: userName matches whatever its case. */
  @Test
  @Order(10)
  void filterByTheUpperCasedUserNameFindsTheUser() {
    assumeTrue(idUserOne != null, "needs the user created earlier");
    ScimClient.Response response = get(userNameFilter(randomUsernameCaps));
    assertEquals(200, response.status(), response.body());
    JsonNode page = response.json();
    assertEquals(1, page.path("totalResults").asInt(), page.toString());
    assertEquals(idUserOne, page.path("Resources").path(0).path("id").asText());
  }

  @Test
  @Order(11)
  void groupsEndpointListsTheGroups() {
    ScimClient.Response response = get("/Groups");
    assertEquals(200, response.status(), response.body());
    JsonNode page = response.json();
    assertTrue(page.path("totalResults").asInt() >= 1 && page.path("Resources").isArray(), page.toString());
    assertTrue(hasValue(page.path("schemas"), CORE_1), page.toString());
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
    assertTrue(hasValue(page.path("schemas"), CORE_1), page.toString());
    assertEquals(0, page.path("totalResults").asInt(-1), page.toString());
  }

  private static String runscopeUser() {
    return """
        {"schemas":["urn:scim:schemas:core:1.0"],"userName":"%s",\
        "name":{"givenName":"%s","familyName":"%s"},\
        "emails":[{"primary":true,"value":"%s","type":"work"}],\
        "displayName":"%s %s","active":true}"""
        .formatted(randomUsername, randomGivenName, randomFamilyName, randomEmail, randomGivenName, randomFamilyName);
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
    return send("GET", path, null);
  }

  private static ScimClient.Response post(String path, String body) {
    return send("POST", path, body);
  }

  /** A request with the headers the suite sends: JSON both ways, and the token as the whole header. */
  private static ScimClient.Response send(String method, String path, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Scim11Test.scim11(tenant).base() + path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", tenant.token());
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody())
          .header("Accept-Charset", "utf-8")
          .header("Content-Type", "application/json; charset=utf-8")
          .header("Accept", "application/json")
          .header("User-Agent", "OKTA SCIM Integration");
    } else {
      request.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
          .header("Content-Type", "application/json")
          .header("Accept", "application/json; charset=utf-8");
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
