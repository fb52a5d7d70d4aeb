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
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What Okta, OneLogin and JumpCloud send beyond the plain RFC forms, replayed from {@code fixtures/<provider>/}
 * against a tolerant tenant and read back by a following GET.
 */
class OktaAndOthersDialectTest {

  private static final String CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User";
  private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

  private static ScimClient scim;

  @BeforeAll
  static void tenant() {
    scim = TestServer.get().newTenant().scim();
  }

  // --- Okta

  @Test
  void oktaDeactivatesAndReactivatesByPut() {
    String userName = Users.randomUserName();
    String id = createOktaUser(userName);

    scim.put("/Users/" + id, okta("put-user-deactivate.json", Map.of("id", id, "userName", userName)))
        .assertScim(200);
    JsonNode inactive = get("/Users/" + id);
    assertFalse(inactive.path("active").asBoolean(true), inactive.toString());
    assertEquals("Jordan", inactive.path("name").path("givenName").asText());

    scim.put("/Users/" + id, okta("put-user-reactivate.json", Map.of("id", id, "userName", userName)))
        .assertScim(200);
    JsonNode active = get("/Users/" + id);
    assertTrue(active.path("active").asBoolean(false), active.toString());
    assertEquals(inactive.path("meta").path("created"), active.path("meta").path("created"));
  }

  @Test
  void oktaSetsGroupMembershipByPutWithTheWholeMemberList() {
    List<String> users = Groups.createUsers(scim, 3);
    String name = Groups.randomDisplayName();
    String id = Groups.create(scim, name, users.get(0), users.get(1));

    scim.put("/Groups/" + id, okta("put-group.json",
        Map.of("id", id, "displayName", name, "member1", users.get(1), "member2", users.get(2)))).assertScim(200);
    JsonNode group = get("/Groups/" + id);
    assertEquals(ids(users.get(1), users.get(2)), memberIds(group));
    assertEquals(name, group.path("displayName").asText());

    scim.put("/Groups/" + id, okta("put-group-without-members.json", Map.of("id", id, "displayName", name)))
        .assertScim(200);
    assertTrue(memberIds(get("/Groups/" + id)).isEmpty());
  }

  @Test
  void oktaCreateCarryingPasswordAndEmptyGroupsIsStoredWithoutEither() {
    String userName = Users.randomUserName();
    String id = createOktaUser(userName);
    String group = Groups.create(scim, Groups.randomDisplayName(), id);

    JsonNode user = get("/Users/" + id);
    assertEquals(userName, user.path("userName").asText());
    assertTrue(user.path("password").isMissingNode(), "password is writeOnly: " + user);
    assertEquals(group, user.path("groups").path(0).path("value").asText(), "groups come from memberships: " + user);
  }

  @Test
  void oktaRenameCarryingTheGroupsOwnIdIsAnswered204AndStored() {
    String member = Groups.createUser(scim);
    String id = Groups.create(scim, Groups.randomDisplayName(), member);
    long before = Groups.version(get("/Groups/" + id));
    String renamed = Groups.randomDisplayName();

    ScimClient.Response response = scim.patch("/Groups/" + id, Groups.patch(Groups.rename(id, renamed)));

    Groups.assertNoContent(response);
    JsonNode group = get("/Groups/" + id);
    assertEquals(renamed, group.path("displayName").asText());
    assertEquals(ids(member), memberIds(group));
    assertEquals(before + 1, Groups.version(group));
    assertEquals(group.path("meta").path("version").asText(), response.header("ETag"));
  }

  // --- OneLogin

  @Test
  void oneLoginEmptyStringsOnCreateAreStoredAsUnset() {
    String userName = Users.randomUserName();
    String id = create(oneLogin("create-user.json", Map.of("userName", userName)));

    JsonNode user = get("/Users/" + id);
    assertEquals(userName, user.path("userName").asText());
    assertEquals("Tomasz", user.path("name").path("givenName").asText());
    assertTrue(user.path("title").isMissingNode(), user.toString());
    assertTrue(user.path("nickName").isMissingNode(), user.toString());
    assertTrue(user.path("name").path("middleName").isMissingNode(), user.toString());
    assertTrue(user.path(ENTERPRISE).isMissingNode(), user.toString());
    assertEquals(List.of(CORE_USER), schemas(user));
  }

  @Test
  void oneLoginEmptyStringOnPutRemovesTheAttribute() {
    String userName = Users.randomUserName();
    String id = create(oneLogin("create-user-core-1.0.json", Map.of("userName", userName)));
    scim.patch("/Users/" + id, Groups.patch(
        "{\"op\":\"add\",\"path\":\"" + ENTERPRISE + ":department\",\"value\":\"Purchasing\"}")).assertScim(200);
    assertEquals("Buyer", get("/Users/" + id).path("title").asText());

    scim.put("/Users/" + id, oneLogin("put-user.json", Map.of("userName", userName))).assertScim(200);

    JsonNode user = get("/Users/" + id);
    assertTrue(user.path("title").isMissingNode(), user.toString());
    assertTrue(user.path(ENTERPRISE).isMissingNode(), user.toString());
    assertEquals("Okonkwo", user.path("name").path("familyName").asText());
  }

  @Test
  void oneLoginEmptyStringInAPatchRemovesTheAttributeWithOrWithoutAPath() {
    String id = create(oneLogin("create-user-core-1.0.json", Map.of("userName", Users.randomUserName())));
    assertEquals("Buyer", get("/Users/" + id).path("title").asText());
    scim.patch("/Users/" + id, Groups.patch("{\"op\":\"replace\",\"path\":\"title\",\"value\":\"\"}"))
        .assertScim(200);
    assertTrue(get("/Users/" + id).path("title").isMissingNode());

    scim.patch("/Users/" + id, Groups.patch("{\"op\":\"replace\",\"value\":{\"title\":\"Buyer\"}}")).assertScim(200);
    scim.patch("/Users/" + id, Groups.patch("{\"op\":\"replace\",\"value\":{\"title\":\"\",\"nickName\":\"Bo\"}}"))
        .assertScim(200);
    JsonNode user = get("/Users/" + id);
    assertTrue(user.path("title").isMissingNode(), user.toString());
    assertEquals("Bo", user.path("nickName").asText());
    // Removing what is not there changes nothing and is no error.
    scim.patch("/Users/" + id, Groups.patch("{\"op\":\"replace\",\"path\":\"title\",\"value\":\"\"}"))
        .assertScim(200);
  }

  @Test
  void oneLoginCoreOneZeroUrnInATwoZeroBodyIsAccepted() {
    String userName = Users.randomUserName();
    String id = create(oneLogin("create-user-core-1.0.json", Map.of("userName", userName)));

    JsonNode user = get("/Users/" + id);
    assertEquals(List.of(CORE_USER), schemas(user));
    assertEquals("Buyer", user.path("title").asText());
    assertEquals(userName, user.path("emails").path(0).path("value").asText());
  }

  // --- JumpCloud

  @Test
  void jumpCloudTestConnectionCreatesAndDeletesAUserAndAGroupAndCanRepeat() {
    ScimClient fresh = TestServer.get().newTenant().scim();
    String userName = Users.randomUserName();
    String groupName = "JumpCloud Test Group " + Groups.randomDisplayName();
    for (int attempt = 1; attempt <= 2; attempt++) {
      JsonNode lookup = fresh.get("/Users", "filter", "userName eq " + quote(userName)).assertScim(200);
      assertEquals(0, lookup.path("totalResults").asInt(), "attempt " + attempt + ": " + lookup);

      String user = fresh.post("/Users", jumpCloud("create-test-user.json",
          Map.of("userName", userName, "externalId", "jc-" + attempt))).assertScim(201).path("id").asText();
      String group = fresh.post("/Groups", jumpCloud("create-test-group.json", Map.of("displayName", groupName)))
          .assertScim(201).path("id").asText();
      assertEquals(userName, fresh.get("/Users/" + user).assertScim(200).path("userName").asText());
      assertEquals(groupName, fresh.get("/Groups/" + group).assertScim(200).path("displayName").asText());

      Groups.assertNoContent(fresh.delete("/Groups/" + group));
      Groups.assertNoContent(fresh.delete("/Users/" + user));

      fresh.get("/Users/" + user).assertError(404, null);
      fresh.get("/Groups/" + group).assertError(404, null);
      assertEquals(0, fresh.get("/Users").assertScim(200).path("totalResults").asInt(), "attempt " + attempt);
      assertEquals(0, fresh.get("/Groups").assertScim(200).path("totalResults").asInt(), "attempt " + attempt);
    }
  }

  // --- helpers

  private static String okta(String name, Map<String, String> values) {
    return Fixtures.load("okta/" + name, values);
  }

  private static String oneLogin(String name, Map<String, String> values) {
    return Fixtures.load("onelogin/" + name, values);
  }

  private static String jumpCloud(String name, Map<String, String> values) {
    return Fixtures.load("jumpcloud/" + name, values);
  }

  private static String createOktaUser(String userName) {
    return create(okta("create-user.json", Map.of("userName", userName)));
  }

  private static String create(String body) {
    return scim.post("/Users", body).assertScim(201).path("id").asText();
  }

  private static JsonNode get(String path) {
    return scim.get(path).assertScim(200);
  }

  private static List<String> schemas(JsonNode resource) {
    return StreamSupport.stream(resource.path("schemas").spliterator(), false)
        .map(JsonNode::asText).toList();
  }
}
