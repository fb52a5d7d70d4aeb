package dev.scimhub.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.TestServer;
import dev.scimhub.support.Users;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** PATCH on Users (RFC 7644 section 3.5.2), each result checked by a following GET. */
class UserPatchTest {

  private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

  private static ScimClient scim;

  @BeforeAll
  static void tenant() {
    scim = TestServer.get().newTenant().scim();
  }

  @Test
  void replaceSubAttributeChangesOnlyThatSubAttribute() {
    String id = createOkta("Ada", "Lovelace");
    JsonNode user = patchAndGet(id, op("replace", "name.familyName", "\"King\""));
    assertEquals("King", user.path("name").path("familyName").asText());
    assertEquals("Ada", user.path("name").path("givenName").asText());
  }

  @Test
  void addSubAttributeSetsIt() {
    String id = createOkta("Ada", "Lovelace");
    JsonNode user = patchAndGet(id, op("add", "name.middleName", "\"Augusta\""));
    assertEquals("Augusta", user.path("name").path("middleName").asText());
    assertEquals("Lovelace", user.path("name").path("familyName").asText());
  }

  @Test
  void removeSubAttributeRemovesOnlyIt() {
    String id = createOkta("Ada", "Lovelace");
    JsonNode user = patchAndGet(id, remove("name.givenName"));
    assertTrue(user.path("name").path("givenName").isMissingNode(), user.toString());
    assertEquals("Lovelace", user.path("name").path("familyName").asText());
  }

  @Test
  void replaceAddAndRemoveSimpleAttributes() {
    String id = createOkta("Ada", "Lovelace");
    JsonNode user = patchAndGet(id,
        op("replace", "displayName", "\"Countess\""),
        op("add", "title", "\"Analyst\""),
        remove("locale"));
    assertEquals("Countess", user.path("displayName").asText());
    assertEquals("Analyst", user.path("title").asText());
    assertTrue(user.path("locale").isMissingNode(), user.toString());
  }

  @Test
  void replaceEnterpriseAttributeByUrnPath() {
    String id = createEnterprise();
    JsonNode user = patchAndGet(id, op("replace", ENTERPRISE + ":department", "\"Research\""));
    assertEquals("Research", user.path(ENTERPRISE).path("department").asText());
    assertEquals("CC-1", user.path(ENTERPRISE).path("costCenter").asText());
  }

  @Test
  void addEnterpriseAttributeByUrnPathToUserWithoutExtension() {
    String id = createOkta("Ada", "Lovelace");
    JsonNode user = patchAndGet(id, op("add", ENTERPRISE + ":department", "\"Research\""));
    assertEquals("Research", user.path(ENTERPRISE).path("department").asText());
    assertTrue(schemas(user).contains(ENTERPRISE), user.toString());
  }

  @Test
  void replaceManagerValueByUrnPathWithSubAttribute() {
    String id = createEnterprise();
    JsonNode user = patchAndGet(id, op("replace", ENTERPRISE + ":manager.value", "\"mgr-2\""));
    assertEquals("mgr-2", user.path(ENTERPRISE).path("manager").path("value").asText());
  }

  @Test
  void removeLastEnterpriseAttributeDropsTheExtension() {
    String id = create(Users.minimal(Users.randomUserName()).replace("}",
        ",\"" + ENTERPRISE + "\":{\"department\":\"Sales\"}}"));
    JsonNode user = patchAndGet(id, remove(ENTERPRISE + ":department"));
    assertTrue(user.path(ENTERPRISE).isMissingNode(), user.toString());
    assertFalse(schemas(user).contains(ENTERPRISE), user.toString());
  }

  @Test
  void replaceByExtensionUrnAlonePathSetsItsAttributes() {
    String id = createEnterprise();
    JsonNode user = patchAndGet(id, op("replace", ENTERPRISE, "{\"department\":\"Legal\"}"));
    assertEquals("Legal", user.path(ENTERPRISE).path("department").asText());
  }

  @Test
  void replaceValueSelectedByFilterChangesOnlyMatchingEmail() {
    String id = createWithTwoEmails();
    JsonNode user = patchAndGet(id, op("replace", "emails[type eq \"work\"].value", "\"new-work@example.com\""));
    assertEquals("new-work@example.com", email(user, "work").path("value").asText());
    assertEquals("home@example.com", email(user, "home").path("value").asText());
    assertEquals(2, user.path("emails").size());
  }

  @Test
  void replaceWholeValueSelectedByFilter() {
    String id = createWithTwoEmails();
    JsonNode user = patchAndGet(id, op("replace", "emails[type eq \"work\"]",
        "{\"value\":\"new-work@example.com\",\"type\":\"work\",\"primary\":true}"));
    assertEquals(2, user.path("emails").size(), user.toString());
    assertEquals("new-work@example.com", email(user, "work").path("value").asText());
    assertEquals("home@example.com", email(user, "home").path("value").asText());
  }

  @Test
  void removeWithValueFilterRemovesOnlyMatchingEmail() {
    String id = createWithTwoEmails();
    JsonNode user = patchAndGet(id, remove("emails[type eq \"home\"]"));
    assertEquals(1, user.path("emails").size(), user.toString());
    assertEquals("work", user.path("emails").path(0).path("type").asText());
  }

  @Test
  void addWithValueFilterPathCreatesTheValueAsEntraSendsIt() {
    // Entra adds a first work email as {"op":"Add","path":"emails[type eq \"work\"].value"}.
    String id = create(Users.minimal(Users.randomUserName()));
    JsonNode user = patchAndGet(id, op("add", "emails[type eq \"work\"].value", "\"first@example.com\""));
    assertEquals("first@example.com", email(user, "work").path("value").asText(), user.toString());
  }

  @Test
  void addToEmailsAppendsAValue() {
    String id = createOkta("Ada", "Lovelace");
    JsonNode user = patchAndGet(id, op("add", "emails", "[{\"value\":\"home@example.com\",\"type\":\"home\"}]"));
    assertEquals(2, user.path("emails").size(), user.toString());
    assertEquals("home@example.com", email(user, "home").path("value").asText());
    assertTrue(email(user, "work").path("primary").asBoolean());
  }

  @Test
  void replaceEmailsReplacesTheWholeList() {
    String id = createWithTwoEmails();
    JsonNode user = patchAndGet(id, op("replace", "emails", "[{\"value\":\"only@example.com\",\"type\":\"other\"}]"));
    assertEquals(1, user.path("emails").size(), user.toString());
    assertEquals("only@example.com", user.path("emails").path(0).path("value").asText());
  }

  @Test
  void pathlessReplaceDeactivatesAndReactivatesLikeOkta() {
    String id = createOkta("Ada", "Lovelace");
    JsonNode inactive = patchAndGet(id, pathless("replace", "{\"active\":false}"));
    assertFalse(inactive.path("active").asBoolean(true));
    assertEquals("Ada", inactive.path("name").path("givenName").asText());

    JsonNode active = patchAndGet(id, pathless("replace", "{\"active\":true}"));
    assertTrue(active.path("active").asBoolean(false));
    assertNotEquals(inactive.path("meta").path("version"), active.path("meta").path("version"));
  }

  @Test
  void pathlessReplaceOfComplexAttributeKeepsUnmentionedSubAttributes() {
    // RFC 7644 section 3.5.2.3: sub-attributes not in the value are left unchanged.
    String id = createOkta("Ada", "Lovelace");
    JsonNode user = patchAndGet(id, pathless("replace", "{\"name\":{\"givenName\":\"Augusta\"}}"));
    assertEquals("Augusta", user.path("name").path("givenName").asText());
    assertEquals("Lovelace", user.path("name").path("familyName").asText());
  }

  @Test
  void pathlessReplaceWithExtensionUrnKeySetsExtensionAttributes() {
    String id = createEnterprise();
    JsonNode user = patchAndGet(id, pathless("replace",
        "{\"" + ENTERPRISE + "\":{\"department\":\"Legal\",\"manager\":{\"value\":\"mgr-9\"}}}"));
    assertEquals("Legal", user.path(ENTERPRISE).path("department").asText());
    assertEquals("mgr-9", user.path(ENTERPRISE).path("manager").path("value").asText());
    assertEquals("CC-1", user.path(ENTERPRISE).path("costCenter").asText(), "unmentioned extension attributes stay");
  }

  @Test
  void pathlessReplaceCarryingTheUsersOwnIdIsAcceptedAsOktaSendsIt() {
    String id = createOkta("Ada", "Lovelace");
    String renamed = Users.randomUserName();
    JsonNode user = patchAndGet(id, pathless("replace",
        "{\"id\":\"" + id + "\",\"userName\":\"" + renamed + "\"}"));
    assertEquals(renamed, user.path("userName").asText());
    assertEquals(id, user.path("id").asText());
  }

  @Test
  void attributeNamesInPathsIgnoreCase() {
    String id = createWithTwoEmails();
    JsonNode user = patchAndGet(id,
        op("replace", "name.GivenName", "\"Augusta\""),
        op("replace", "EMAILS[TYPE eq \"home\"].VALUE", "\"other-home@example.com\""),
        op("replace", ENTERPRISE.toLowerCase() + ":Department", "\"Ops\""));
    assertEquals("Augusta", user.path("name").path("givenName").asText());
    assertTrue(user.path("name").path("GivenName").isMissingNode(), "stored under the canonical name");
    assertEquals("other-home@example.com", email(user, "home").path("value").asText());
    assertEquals("Ops", user.path(ENTERPRISE).path("department").asText());
  }

  @Test
  void patchToAnotherUsersUserNameIs409Uniqueness() {
    String taken = Users.randomUserName();
    create(Users.minimal(taken));
    String id = createOkta("Ada", "Lovelace");
    JsonNode before = scim.get("/Users/" + id).assertScim(200);
    scim.patch("/Users/" + id, patchOp(op("replace", "userName", quote(taken.toUpperCase()))))
        .assertError(409, "uniqueness");
    assertEquals(before, scim.get("/Users/" + id).assertScim(200));
  }

  @Test
  void requestWithInvalidSecondOperationChangesNothing() {
    String id = createOkta("Ada", "Lovelace");
    JsonNode before = scim.get("/Users/" + id).assertScim(200);
    scim.patch("/Users/" + id, patchOp(op("replace", "displayName", "\"Changed\""),
        op("replace", "noSuchAttribute", "\"x\""))).assertError(400, "invalidPath");
    assertEquals(before, scim.get("/Users/" + id).assertScim(200));
  }

  @Test
  void requestWhoseSecondOperationFailsWhenAppliedChangesNothing() {
    // The first operation already applied to the working copy when the second finds no target (an "or" filter
    // describes no value to create, so even a tolerant server has none).
    String id = createWithTwoEmails();
    JsonNode before = scim.get("/Users/" + id).assertScim(200);
    scim.patch("/Users/" + id, patchOp(op("replace", "displayName", "\"Changed\""),
        op("replace", "emails[type eq \"fax\" or type eq \"pager\"].value", "\"x@example.com\"")))
        .assertError(400, "noTarget");
    JsonNode after = scim.get("/Users/" + id).assertScim(200);
    assertEquals(before, after);
    assertEquals(before.path("meta").path("version"), after.path("meta").path("version"));
  }

  @Test
  void patchThatChangesNothingKeepsVersion() {
    String id = createOkta("Ada", "Lovelace");
    JsonNode before = scim.get("/Users/" + id).assertScim(200);
    ScimClient.Response response = scim.patch("/Users/" + id, patchOp(
        op("replace", "name.givenName", "\"Ada\""),
        pathless("replace", "{\"active\":true}")));
    JsonNode patched = response.assertScim(200);
    assertEquals(before.path("meta").path("version"), patched.path("meta").path("version"));
    assertEquals(before.path("meta").path("version").asText(), response.header("ETag"));
    assertEquals(before, scim.get("/Users/" + id).assertScim(200));
  }

  @Test
  void patchThatChangesSomethingBumpsVersionAndEtag() {
    String id = createOkta("Ada", "Lovelace");
    JsonNode before = scim.get("/Users/" + id).assertScim(200);
    ScimClient.Response response = scim.patch("/Users/" + id, patchOp(op("replace", "title", "\"New\"")));
    JsonNode patched = response.assertScim(200);
    assertNotEquals(before.path("meta").path("version"), patched.path("meta").path("version"));
    assertEquals(patched.path("meta").path("version").asText(), response.header("ETag"));
    assertEquals(before.path("meta").path("created"), patched.path("meta").path("created"));
  }

  // --- helpers

  private static String createOkta(String givenName, String familyName) {
    return create(Users.oktaCreate(Users.randomUserName(), givenName, familyName));
  }

  private static String createEnterprise() {
    return create("""
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","%s"],
         "userName":"%s","name":{"givenName":"Grace","familyName":"Hopper"},
         "%s":{"department":"Engineering","costCenter":"CC-1","manager":{"value":"mgr-1"}}}
        """.formatted(ENTERPRISE, Users.randomUserName(), ENTERPRISE));
  }

  private static String createWithTwoEmails() {
    return create("""
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s",
         "name":{"givenName":"Ada","familyName":"Lovelace"},
         "emails":[{"value":"work@example.com","type":"work","primary":true},
                   {"value":"home@example.com","type":"home"}],
         "%s":{"department":"Engineering"}}
        """.formatted(Users.randomUserName(), ENTERPRISE));
  }

  private static String create(String body) {
    return scim.post("/Users", body).assertScim(201).path("id").asText();
  }

  /** PATCHes, then asserts a GET returns exactly what the PATCH response showed; returns the GET's body. */
  private static JsonNode patchAndGet(String id, String... operations) {
    JsonNode patched = scim.patch("/Users/" + id, patchOp(operations)).assertScim(200);
    JsonNode fetched = scim.get("/Users/" + id).assertScim(200);
    assertEquals(patched, fetched);
    assertEquals(id, fetched.path("id").asText());
    return fetched;
  }

  private static String patchOp(String... operations) {
    return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":["
        + String.join(",", operations) + "]}";
  }

  private static String op(String op, String path, String jsonValue) {
    return "{\"op\":\"" + op + "\",\"path\":" + quote(path) + ",\"value\":" + jsonValue + "}";
  }

  private static String pathless(String op, String jsonValue) {
    return "{\"op\":\"" + op + "\",\"value\":" + jsonValue + "}";
  }

  private static String remove(String path) {
    return "{\"op\":\"remove\",\"path\":" + quote(path) + "}";
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static JsonNode email(JsonNode user, String type) {
    for (JsonNode email : user.path("emails")) {
      if (type.equals(email.path("type").asText())) {
        return email;
      }
    }
    throw new AssertionError("no " + type + " email in " + user);
  }

  private static List<String> schemas(JsonNode user) {
    List<String> urns = new ArrayList<>();
    user.path("schemas").forEach(s -> urns.add(s.asText()));
    return urns;
  }
}
