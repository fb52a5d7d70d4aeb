package dev.scimhub.quirks;

import static dev.scimhub.support.Groups.ids;
import static dev.scimhub.support.Groups.memberIds;
import static dev.scimhub.support.Groups.quote;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimhub.support.Fixtures;
import dev.scimhub.support.Groups;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.TestServer;
import dev.scimhub.support.Users;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The request shapes Microsoft Entra ID's provisioning service sends, replayed from {@code fixtures/entra/} against a
 * tolerant tenant, each result read back by a following GET. One test per deviation Entra is known for.
 */
class EntraDialectTest {

  private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
  private static final String ENTRA_GROUP = "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group";

  private static ScimClient scim;

  @BeforeAll
  static void tenant() {
    scim = TestServer.get().newTenant().scim();
  }

  @Test
  void opValuesAreAcceptedInAnyCase() {
    String id = createEntraUser(Users.randomUserName());

    JsonNode user = patchAndGet(id, entra("patch-op-case.json"));
    assertEquals("Achterberg-Vos", user.path("name").path("familyName").asText());
    assertEquals("Controller", user.path("title").asText());
    assertTrue(user.path("displayName").isMissingNode(), user.toString());

    user = patchAndGet(id, Groups.patch(
        "{\"op\":\"REPLACE\",\"path\":\"title\",\"value\":\"CFO\"}",
        "{\"op\":\"aDd\",\"path\":\"nickName\",\"value\":\"Mo\"}",
        "{\"op\":\"rEMOVE\",\"path\":\"name.formatted\"}"));
    assertEquals("CFO", user.path("title").asText());
    assertEquals("Mo", user.path("nickName").asText());
    assertTrue(user.path("name").path("formatted").isMissingNode(), user.toString());
  }

  @Test
  void booleanStringsAreStoredAsBooleansOnCreatePatchAndPut() {
    String userName = Users.randomUserName();
    JsonNode created = scim.post("/Users", entra("create-user-string-booleans.json", Map.of("userName", userName)))
        .assertScim(201);
    String id = created.path("id").asText();
    JsonNode user = get("/Users/" + id);
    assertBoolean(true, user.path("active"));
    assertBoolean(true, email(user, "work").path("primary"));
    assertBoolean(false, email(user, "home").path("primary"));

    assertBoolean(false, patchAndGet(id, entra("patch-disable-user.json")).path("active"));
    assertBoolean(true, patchAndGet(id, entra("patch-enable-user.json")).path("active"));
    assertBoolean(false, patchAndGet(id, entra("patch-pathless-active.json")).path("active"));
    assertBoolean(false, email(patchAndGet(id, entra("patch-email-primary.json")), "work").path("primary"));

    scim.put("/Users/" + id, entra("put-user-string-booleans.json", Map.of("id", id, "userName", userName)))
        .assertScim(200);
    user = get("/Users/" + id);
    assertBoolean(false, user.path("active"));
    assertEquals(1, user.path("emails").size(), user.toString());
    assertBoolean(true, email(user, "work").path("primary"));
  }

  @Test
  void addOnASingleValuedAttributeReplacesIt() {
    String id = createEntraUser(Users.randomUserName());
    patchAndGet(id, Groups.patch("{\"op\":\"replace\",\"path\":\"nickName\",\"value\":\"Old\"}"));

    JsonNode user = patchAndGet(id, entra("patch-add-single-valued.json"));

    assertEquals("Mo", user.path("nickName").asText());
    assertEquals("Morgana", user.path("name").path("givenName").asText());
    assertEquals("Achterberg", user.path("name").path("familyName").asText());
    assertEquals("Treasury", user.path(ENTERPRISE).path("department").asText());
    assertEquals("40117", user.path(ENTERPRISE).path("employeeNumber").asText());
  }

  @Test
  void memberRemovalWithAValueRemovesOnlyThoseMembers() {
    List<String> users = Groups.createUsers(scim, 3);
    String id = createEntraGroup(Groups.randomDisplayName());
    Groups.assertNoContent(scim.patch("/Groups/" + id,
        entra("patch-add-members.json", Map.of("member1", users.get(0), "member2", users.get(1)))));
    Groups.assertNoContent(scim.patch("/Groups/" + id, Groups.patch(Groups.addMembers(users.get(2)))));
    assertEquals(ids(users.toArray(String[]::new)), memberIds(get("/Groups/" + id)));

    Groups.assertNoContent(scim.patch("/Groups/" + id, entra("patch-remove-members.json",
        Map.of("member", users.get(1)))));
    assertEquals(ids(users.get(0), users.get(2)), memberIds(get("/Groups/" + id)));

    // Entra repeats removals of members that are already gone; that must not be read as "remove all".
    Groups.assertNoContent(scim.patch("/Groups/" + id, entra("patch-remove-members.json",
        Map.of("member", users.get(1)))));
    assertEquals(ids(users.get(0), users.get(2)), memberIds(get("/Groups/" + id)));
  }

  @Test
  void filteredPathsWithASubAttributeCreateTheValueOrSetIt() {
    String id = create(Users.minimal(Users.randomUserName()));

    JsonNode user = patchAndGet(id, entra("patch-filtered-paths.json", Map.of("email", "first@example.org")));
    assertEquals(1, user.path("emails").size(), user.toString());
    assertEquals("first@example.org", typed(user, "emails", "work").path("value").asText());
    assertEquals(1, user.path("addresses").size(), user.toString());
    assertEquals("Utrecht", typed(user, "addresses", "work").path("locality").asText());
    assertEquals("3511 AB", typed(user, "addresses", "work").path("postalCode").asText());
    assertEquals(1, user.path("phoneNumbers").size(), user.toString());
    assertEquals("+31 6 1234 5678", typed(user, "phoneNumbers", "mobile").path("value").asText());

    user = patchAndGet(id, entra("patch-filtered-paths.json", Map.of("email", "second@example.org")));
    assertEquals(1, user.path("emails").size(), user.toString());
    assertEquals("second@example.org", typed(user, "emails", "work").path("value").asText());
    assertEquals(1, user.path("addresses").size(), user.toString());
    assertEquals(1, user.path("phoneNumbers").size(), user.toString());

    user = patchAndGet(id, entra("patch-update-user.json", Map.of("email", "third@example.org")));
    assertEquals(1, user.path("emails").size(), user.toString());
    assertEquals("third@example.org", typed(user, "emails", "work").path("value").asText());
    assertEquals("Vos", user.path("name").path("familyName").asText());
  }

  @Test
  void valuePathComparisonFiltersMatchTheTypedValue() {
    String work = Users.randomUserName();
    String id = createEntraUser(work);
    // The same address as a home email must not match a filter on the work email.
    create("""
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s",
         "emails":[{"value":"%s","type":"home"}]}
        """.formatted(Users.randomUserName(), work));

    JsonNode found = scim.get("/Users", "filter", "emails[type eq \"work\"].value eq " + quote(work)).assertScim(200);

    assertEquals(1, found.path("totalResults").asInt(), found.toString());
    assertEquals(List.of(id), Groups.resourceIds(found));

    // A quoted value that merely looks like the form is a value, not a path to rewrite.
    String odd = "a[b eq c].d eq e";
    String oddId = create("{\"userName\":\"" + Users.randomUserName() + "\",\"displayName\":\"" + odd + "\"}");
    JsonNode byValue = scim.get("/Users", "filter", "displayName eq " + quote(odd)).assertScim(200);
    assertEquals(List.of(oddId), Groups.resourceIds(byValue));
  }

  @Test
  void managerAsABareStringIsStoredAsItsValue() {
    String manager = createEntraUser(Users.randomUserName());
    String id = createEntraUser(Users.randomUserName());

    JsonNode user = patchAndGet(id, entra("patch-manager.json", Map.of("managerId", manager)));
    assertEquals(manager, user.path(ENTERPRISE).path("manager").path("value").asText(), user.toString());
    assertEquals("Finance", user.path(ENTERPRISE).path("department").asText());

    user = patchAndGet(id, Groups.patch(
        "{\"op\":\"Replace\",\"path\":\"" + ENTERPRISE + ":manager\",\"value\":\"m-2\"}"));
    assertEquals("m-2", user.path(ENTERPRISE).path("manager").path("value").asText(), user.toString());

    user = patchAndGet(id, Groups.patch(
        "{\"op\":\"Replace\",\"value\":{\"" + ENTERPRISE + ":manager\":\"m-3\"}}"));
    assertEquals("m-3", user.path(ENTERPRISE).path("manager").path("value").asText(), user.toString());

    user = patchAndGet(id, Groups.patch(
        "{\"op\":\"Replace\",\"value\":{\"" + ENTERPRISE + "\":{\"manager\":\"m-4\"}}}"));
    assertEquals("m-4", user.path(ENTERPRISE).path("manager").path("value").asText(), user.toString());

    String created = create("""
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","%s"],"userName":"%s",
         "%s":{"manager":"%s"}}
        """.formatted(ENTERPRISE, Users.randomUserName(), ENTERPRISE, manager));
    assertEquals(manager, get("/Users/" + created).path(ENTERPRISE).path("manager").path("value").asText());
  }

  @Test
  void pathlessReplaceWithDottedAndUrnKeysSetsEachPath() {
    String id = createEntraUser(Users.randomUserName());

    JsonNode user = patchAndGet(id, entra("patch-pathless-dotted.json", Map.of("email", "morgan.vos@example.org")));

    assertEquals("Morgan Vos", user.path("displayName").asText());
    assertEquals("Morgan", user.path("name").path("givenName").asText());
    assertEquals("Vos", user.path("name").path("familyName").asText());
    assertEquals("Morgan Achterberg", user.path("name").path("formatted").asText(), "unmentioned sub-attributes stay");
    assertEquals(1, user.path("emails").size(), user.toString());
    assertEquals("morgan.vos@example.org", typed(user, "emails", "work").path("value").asText());
    assertEquals("ext-7741", user.path("externalId").asText());
    assertEquals("7", user.path(ENTERPRISE).path("employeeNumber").asText());
    assertEquals("Finance", user.path(ENTERPRISE).path("department").asText());
    assertTrue(user.path("name.givenName").isMissingNode(), "no attribute named by the dotted key: " + user);
  }

  @Test
  void unknownSchemaUrnsAndAttributesAreIgnored() {
    String name = Groups.randomDisplayName();
    JsonNode created = scim.post("/Groups", entra("create-group.json", Map.of("displayName", name))).assertScim(201);
    JsonNode group = get("/Groups/" + created.path("id").asText());
    assertEquals(name, group.path("displayName").asText());
    assertEquals("9b4e07c2-61f5-4d38-a2e0-c7158d3f6b90", group.path("externalId").asText());
    assertFalse(group.path("schemas").toString().contains(ENTRA_GROUP), group.toString());

    String userName = Users.randomUserName();
    String withUnknown = entra("create-user.json", Map.of("userName", userName))
        .replaceFirst("\\{", "{\"mailNickname\":\"morgan\",\"onPremisesSamAccountName\":{\"value\":\"MA\"},");
    String id = create(withUnknown);
    JsonNode user = get("/Users/" + id);
    assertEquals(userName, user.path("userName").asText());
    assertTrue(user.path("mailNickname").isMissingNode(), user.toString());
    assertTrue(user.path("onPremisesSamAccountName").isMissingNode(), user.toString());

    user = patchAndGet(id, Groups.patch(
        "{\"op\":\"Replace\",\"value\":{\"mailNickname\":\"mo\",\"title\":\"Auditor\"}}"));
    assertEquals("Auditor", user.path("title").asText());
    assertTrue(user.path("mailNickname").isMissingNode(), user.toString());

    // An attribute of a custom extension scimhub does not know is ignored in a PATCH as in a POST.
    user = patchAndGet(id, Groups.patch("{\"op\":\"Add\",\"value\":{"
        + "\"urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User:costCode\":\"C1\",\"title\":\"Lead\"}}"));
    assertEquals("Lead", user.path("title").asText());
  }

  @Test
  void emptyAndRepeatedPatchesSucceedWithoutChangingTheVersion() {
    String id = createEntraUser(Users.randomUserName());
    JsonNode before = get("/Users/" + id);
    ScimClient.Response empty = scim.patch("/Users/" + id, entra("patch-empty-operations.json"));
    assertEquals(before.path("meta").path("version"), empty.assertScim(200).path("meta").path("version"));
    assertEquals(before, get("/Users/" + id));

    patchAndGet(id, entra("patch-update-user.json", Map.of("email", "periodic@example.org")));
    JsonNode updated = get("/Users/" + id);
    // Each sync cycle sends the same update again.
    assertEquals(updated, patchAndGet(id, entra("patch-update-user.json", Map.of("email", "periodic@example.org"))));
    patchAndGet(id, entra("patch-disable-user.json"));
    JsonNode disabled = get("/Users/" + id);
    assertEquals(disabled, patchAndGet(id, entra("patch-disable-user.json")));

    String user = Groups.createUser(scim);
    String name = Groups.randomDisplayName();
    String group = createEntraGroup(name);
    Groups.assertNoContent(scim.patch("/Groups/" + group, Groups.patch(Groups.addMembers(user))));
    JsonNode groupBefore = get("/Groups/" + group);
    for (String body : List.of(
        entra("patch-empty-operations.json"),
        entra("patch-group-display-name.json", Map.of("displayName", name)),
        entra("patch-add-members.json", Map.of("member1", user, "member2", user)))) {
      ScimClient.Response response = scim.patch("/Groups/" + group, body);
      Groups.assertNoContent(response);
      assertEquals(groupBefore.path("meta").path("version").asText(), response.header("ETag"), body);
    }
    assertEquals(groupBefore, get("/Groups/" + group));
  }

  @Test
  void attributeNamesInAnyCaseAndUnquotedFilterValuesAreUnderstood() {
    String userName = "jdoe" + hex();
    String id = create("""
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"UserName":"%s",
         "Name":{"GivenName":"Jane","FamilyName":"Doe"},
         "EMAILS":[{"Value":"%s@example.org","Type":"work","Primary":true}],"Active":true}
        """.formatted(userName, userName));
    JsonNode user = get("/Users/" + id);
    assertEquals(userName, user.path("userName").asText());
    assertEquals("Jane", user.path("name").path("givenName").asText());
    assertTrue(user.path("emails").path(0).path("primary").asBoolean(), user.toString());
    assertTrue(user.path("UserName").isMissingNode(), "stored under the canonical name: " + user);

    String familyName = "Doe" + hex();
    user = patchAndGet(id, Groups.patch(
        "{\"op\":\"Replace\",\"path\":\"name.FamilyName\",\"value\":\"" + familyName + "\"}",
        "{\"op\":\"Replace\",\"path\":\"Emails[Type eq \\\"work\\\"].VALUE\",\"value\":\"jane@example.org\"}"));
    assertEquals(familyName, user.path("name").path("familyName").asText());
    assertEquals(1, user.path("emails").size(), user.toString());
    assertEquals("jane@example.org", typed(user, "emails", "work").path("value").asText());

    for (String filter : List.of(
        "USERNAME eq " + quote(userName),
        "Name.FamilyName eq " + quote(familyName),
        "userName eq " + userName,
        "name.familyName eq " + familyName)) {
      JsonNode found = scim.get("/Users", "filter", filter).assertScim(200);
      assertEquals(List.of(id), Groups.resourceIds(found), filter);
    }
  }

  @Test
  void queryStringsAreDecodedExactlyOnceWithPlusAsSpace() {
    String hex = hex();
    String plus = create(Users.minimal("a+" + hex + "@x.com"));
    String percent = create(Users.minimal("p%2B" + hex + "@x.com"));
    String spaced = create("""
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s","displayName":"Ada %s Lovelace"}
        """.formatted(Users.randomUserName(), hex));

    assertFound(plus, "/Users?filter=userName%20eq%20%22a%2B" + hex + "%40x.com%22");
    assertFound(spaced, "/Users?filter=displayName+eq+%22Ada+" + hex + "+Lovelace%22");
    assertFound(percent, "/Users?filter=userName%20eq%20%22p%252B" + hex + "%40x.com%22");
    JsonNode plusAsSpace = scim.get("/Users?filter=userName+eq+%22a+" + hex + "%40x.com%22").assertScim(200);
    assertEquals(0, plusAsSpace.path("totalResults").asInt(), plusAsSpace.toString());
  }

  @Test
  void excludedMembersIsHonouredOnEveryGroupResponse() {
    String member = Groups.createUser(scim);
    String name = Groups.randomDisplayName();
    ScimClient.Response created = scim.post("/Groups?excludedAttributes=members", Groups.body(name, member));
    String id = assertWithoutMembers(created.assertScim(201)).path("id").asText();
    assertEquals(ids(member), memberIds(get("/Groups/" + id)));

    assertWithoutMembers(get("/Groups/" + id + "?excludedAttributes=members"));
    assertWithoutMembers(get("/Groups/" + id + "?excludedAttributes=Members"));
    // The lookup Entra makes before creating a group.
    JsonNode byName = get("/Groups?excludedAttributes=members&filter="
        + ScimClient.encode("displayName eq " + quote(name)));
    assertEquals(1, byName.path("totalResults").asInt(), byName.toString());
    byName.path("Resources").forEach(EntraDialectTest::assertWithoutMembers);
    get("/Groups?excludedAttributes=members").path("Resources").forEach(EntraDialectTest::assertWithoutMembers);
    scim.post("/Groups/.search", "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"],"
            + "\"filter\":" + quote("displayName eq " + quote(name)) + ",\"excludedAttributes\":[\"members\"]}")
        .assertScim(200).path("Resources").forEach(EntraDialectTest::assertWithoutMembers);

    String renamed = Groups.randomDisplayName();
    JsonNode patched = scim.patch("/Groups/" + id + "?excludedAttributes=members",
        entra("patch-group-display-name.json", Map.of("displayName", renamed))).assertScim(200);
    assertWithoutMembers(patched);
    assertEquals(renamed, patched.path("displayName").asText());
    assertWithoutMembers(scim.put("/Groups/" + id + "?excludedAttributes=members", Groups.body(renamed, member))
        .assertScim(200));
    assertEquals(ids(member), memberIds(get("/Groups/" + id)));
  }

  // --- helpers

  private static String entra(String name, Map<String, String> values) {
    return Fixtures.load("entra/" + name, values);
  }

  private static String entra(String name) {
    return Fixtures.load("entra/" + name);
  }

  private static String createEntraUser(String userName) {
    return create(entra("create-user.json", Map.of("userName", userName)));
  }

  private static String createEntraGroup(String displayName) {
    return scim.post("/Groups", entra("create-group.json", Map.of("displayName", displayName))).assertScim(201)
        .path("id").asText();
  }

  private static String create(String body) {
    return scim.post("/Users", body).assertScim(201).path("id").asText();
  }

  private static JsonNode get(String path) {
    return scim.get(path).assertScim(200);
  }

  /** PATCHes a user, asserts a GET returns what the PATCH answered, and returns the GET's body. */
  private static JsonNode patchAndGet(String id, String body) {
    JsonNode patched = scim.patch("/Users/" + id, body).assertScim(200);
    JsonNode fetched = get("/Users/" + id);
    assertEquals(patched, fetched);
    return fetched;
  }

  private static void assertFound(String id, String pathAndQuery) {
    JsonNode found = scim.get(pathAndQuery).assertScim(200);
    assertEquals(List.of(id), Groups.resourceIds(found), pathAndQuery + " -> " + found);
  }

  private static JsonNode assertWithoutMembers(JsonNode group) {
    assertFalse(group.has("members"), group.toString());
    assertTrue(group.has("displayName"), group.toString());
    return group;
  }

  private static void assertBoolean(boolean expected, JsonNode value) {
    assertTrue(value.isBoolean(), "a JSON boolean: " + value);
    assertEquals(expected, value.booleanValue());
  }

  private static JsonNode email(JsonNode user, String type) {
    return typed(user, "emails", type);
  }

  private static JsonNode typed(JsonNode user, String attribute, String type) {
    for (JsonNode value : user.path(attribute)) {
      if (type.equals(value.path("type").asText())) {
        return value;
      }
    }
    throw new AssertionError("no " + type + " value of " + attribute + " in " + user);
  }

  private static String hex() {
    return Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
  }
}
