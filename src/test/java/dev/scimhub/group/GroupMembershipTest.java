package dev.scimhub.group;

import static dev.scimhub.support.Groups.addMembers;
import static dev.scimhub.support.Groups.ids;
import static dev.scimhub.support.Groups.memberIds;
import static dev.scimhub.support.Groups.patch;
import static dev.scimhub.support.Groups.quote;
import static dev.scimhub.support.Groups.removeMember;
import static dev.scimhub.support.Groups.rename;
import static dev.scimhub.support.Groups.replaceMembers;
import static dev.scimhub.support.Groups.resourceIds;
import static dev.scimhub.support.Groups.version;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimhub.support.Groups;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.Tenants.TestTenant;
import dev.scimhub.support.TestServer;
import dev.scimhub.support.Users;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Group membership as Okta's Push Groups changes it (PATCH per RFC 7644 section 3.5.2, PUT per 3.5.1), each result
 * checked by a following GET; User.groups as the other side of it; and tenant isolation of groups.
 */
class GroupMembershipTest {

  private static TestTenant tenant;
  private static ScimClient scim;
  private static TestTenant other;
  private static String otherTenantsUser;
  private static String otherTenantsGroup;

  @BeforeAll
  static void tenants() {
    tenant = TestServer.get().newTenant();
    scim = tenant.scim();
    other = TestServer.get().newTenant();
    otherTenantsUser = Groups.createUser(other.scim());
    otherTenantsGroup = Groups.create(other.scim(), Groups.randomDisplayName(), otherTenantsUser);
  }

  // --- the forms Okta sends

  @Test
  void addMembersAsOktaSendsThem() {
    List<String> users = Groups.createUsers(scim, 2);
    String id = Groups.create(scim, Groups.randomDisplayName());

    JsonNode group = patchAndGet(id, addMembers(users.get(0), users.get(1)));

    assertEquals(ids(users.get(0), users.get(1)), memberIds(group));
  }

  @Test
  void removeMemberByValueFilterAsOktaSendsIt() {
    List<String> users = Groups.createUsers(scim, 2);
    String id = Groups.create(scim, Groups.randomDisplayName(), users.get(0), users.get(1));

    JsonNode group = patchAndGet(id, removeMember(users.get(0)));

    assertEquals(ids(users.get(1)), memberIds(group));
  }

  @Test
  void removeByPathMembersWithValueRemovesOnlyThoseListed() {
    List<String> users = Groups.createUsers(scim, 3);
    String id = Groups.create(scim, Groups.randomDisplayName(), users.toArray(String[]::new));

    JsonNode group = patchAndGet(id, "{\"op\":\"remove\",\"path\":\"members\",\"value\":"
        + Groups.members(users.get(0), users.get(2)) + "}");

    assertEquals(ids(users.get(1)), memberIds(group));
  }

  @Test
  void severalOperationsInOneRequestApplyInOrder() {
    List<String> users = Groups.createUsers(scim, 4);
    String id = Groups.create(scim, Groups.randomDisplayName(), users.get(0), users.get(1));

    JsonNode group = patchAndGet(id,
        addMembers(users.get(2)),
        removeMember(users.get(0)),
        addMembers(users.get(3)),
        removeMember(users.get(3)));

    assertEquals(ids(users.get(1), users.get(2)), memberIds(group));
  }

  @Test
  void removeThenAddOfTheSameMemberEndsWithIt() {
    String user = Groups.createUser(scim);
    String id = Groups.create(scim, Groups.randomDisplayName(), user);

    JsonNode group = patchAndGet(id, removeMember(user), addMembers(user));

    assertEquals(ids(user), memberIds(group));
  }

  @Test
  void pathlessReplaceWithTheGroupsOwnIdRenamesAsOktaSendsIt() {
    String user = Groups.createUser(scim);
    String id = Groups.create(scim, Groups.randomDisplayName(), user);
    String renamed = Groups.randomDisplayName();

    JsonNode group = patchAndGet(id, rename(id, renamed));

    assertEquals(renamed, group.path("displayName").asText());
    assertEquals(id, group.path("id").asText());
    assertEquals(ids(user), memberIds(group), "a rename leaves the members");
  }

  @Test
  void pathlessReplaceWithAnotherIdIs400MutabilityAndChangesNothing() {
    String id = Groups.create(scim, Groups.randomDisplayName());
    JsonNode before = scim.get("/Groups/" + id).assertScim(200);

    scim.patch("/Groups/" + id, patch(rename(UUID.randomUUID().toString(), Groups.randomDisplayName())))
        .assertError(400, "mutability");

    assertEquals(before, scim.get("/Groups/" + id).assertScim(200));
  }

  @Test
  void replaceMembersMakesMembershipExactlyTheList() {
    List<String> users = Groups.createUsers(scim, 3);
    String id = Groups.create(scim, Groups.randomDisplayName(), users.get(0), users.get(1));

    JsonNode group = patchAndGet(id, replaceMembers(users.get(1), users.get(2)));
    assertEquals(ids(users.get(1), users.get(2)), memberIds(group));

    JsonNode emptied = patchAndGet(id, "{\"op\":\"replace\",\"path\":\"members\",\"value\":[]}");
    assertTrue(memberIds(emptied).isEmpty(), emptied.toString());
  }

  @Test
  void replaceOfMembersWithoutAValueIs400AndChangesNothing() {
    // As an add without a value is refused, and as every other attribute's replace is: a malformed operation must
    // not be read as "remove every member".
    List<String> users = Groups.createUsers(scim, 2);
    String id = Groups.create(scim, Groups.randomDisplayName(), users.get(0), users.get(1));
    JsonNode before = scim.get("/Groups/" + id).assertScim(200);

    scim.patch("/Groups/" + id, patch("{\"op\":\"replace\",\"path\":\"members\"}"))
        .assertError(400, "invalidValue");

    assertEquals(before, scim.get("/Groups/" + id).assertScim(200));
  }

  @Test
  void putWithMembersMakesMembershipExactlyTheList() {
    List<String> users = Groups.createUsers(scim, 3);
    String name = Groups.randomDisplayName();
    String id = Groups.create(scim, name, users.get(0), users.get(1));

    scim.put("/Groups/" + id, Groups.body(name, users.get(2), users.get(1))).assertScim(200);

    assertEquals(ids(users.get(1), users.get(2)), memberIds(scim.get("/Groups/" + id).assertScim(200)));
  }

  // --- what PATCH answers

  @Test
  void patchAnswers204WithTheEtagOfTheNewVersion() {
    String id = Groups.create(scim, Groups.randomDisplayName());
    JsonNode before = scim.get("/Groups/" + id).assertScim(200);

    ScimClient.Response response = scim.patch("/Groups/" + id, patch(addMembers(Groups.createUser(scim))));

    Groups.assertNoContent(response);
    JsonNode after = scim.get("/Groups/" + id).assertScim(200);
    assertEquals(version(before) + 1, version(after));
    assertEquals(after.path("meta").path("version").asText(), response.header("ETag"));
  }

  @Test
  void patchWithAttributesAnswers200WithTheGroup() {
    String user = Groups.createUser(scim);
    String id = Groups.create(scim, Groups.randomDisplayName(), user);
    String renamed = Groups.randomDisplayName();

    ScimClient.Response response = scim.patch("/Groups/" + id + "?attributes=displayName", patch(rename(id, renamed)));

    JsonNode body = response.assertScim(200);
    assertEquals(renamed, body.path("displayName").asText());
    assertEquals(id, body.path("id").asText());
    assertFalse(body.has("members"), body.toString());
    JsonNode fetched = scim.get("/Groups/" + id).assertScim(200);
    assertEquals(fetched.path("meta").path("version").asText(), response.header("ETag"));
    assertEquals(renamed, fetched.path("displayName").asText());
  }

  @Test
  void patchWithExcludedMembersAnswers200WithTheGroupWithoutMembers() {
    String user = Groups.createUser(scim);
    String id = Groups.create(scim, Groups.randomDisplayName());

    ScimClient.Response response = scim.patch("/Groups/" + id + "?excludedAttributes=members",
        patch(addMembers(user)));

    JsonNode body = response.assertScim(200);
    assertFalse(body.has("members"), body.toString());
    ObjectNode fetched = (ObjectNode) scim.get("/Groups/" + id).assertScim(200);
    assertEquals(ids(user), memberIds(fetched));
    fetched.remove("members");
    assertEquals(fetched, body);
  }

  // --- members that are not users of the tenant

  @Test
  void addingAMemberThatIsNotAUserOfTheTenantIs400AndChangesNothing() {
    String member = Groups.createUser(scim);
    String id = Groups.create(scim, Groups.randomDisplayName(), member);
    String newcomer = Groups.createUser(scim);
    for (String notAUser : notUsers()) {
      assertRefusedAndUnchanged(id, patch(addMembers(newcomer, notAUser)));
      assertRefusedAndUnchanged(id, patch(addMembers(newcomer), addMembers(notAUser)));
      assertRefusedAndUnchanged(id, patch(removeMember(member), replaceMembers(newcomer, notAUser)));
    }
  }

  @Test
  void aMemberThatIsNotAUserFailsTheWholeRequestEvenWithAValidRename() {
    String member = Groups.createUser(scim);
    String id = Groups.create(scim, Groups.randomDisplayName(), member);
    for (String notAUser : notUsers()) {
      assertRefusedAndUnchanged(id, patch(rename(id, Groups.randomDisplayName()), addMembers(notAUser)));
      assertRefusedAndUnchanged(id, patch(addMembers(notAUser), rename(id, Groups.randomDisplayName())));
    }
  }

  @Test
  void putWithAMemberThatIsNotAUserIs400AndChangesNothing() {
    String member = Groups.createUser(scim);
    String id = Groups.create(scim, Groups.randomDisplayName(), member);
    for (String notAUser : notUsers()) {
      JsonNode before = scim.get("/Groups/" + id).assertScim(200);
      scim.put("/Groups/" + id, Groups.body(Groups.randomDisplayName(), notAUser)).assertError(400, "invalidValue");
      assertEquals(before, scim.get("/Groups/" + id).assertScim(200));
    }
  }

  @Test
  void createWithAMemberThatIsNotAUserIs400AndCreatesNothing() {
    String member = Groups.createUser(scim);
    for (String notAUser : notUsers()) {
      String name = Groups.randomDisplayName();
      scim.post("/Groups", Groups.body(name, member, notAUser)).assertError(400, "invalidValue");
      JsonNode found = scim.get("/Groups", "filter", "displayName eq " + quote(name)).assertScim(200);
      assertEquals(0, found.path("totalResults").asInt(), found.toString());
    }
  }

  // --- no-ops

  @Test
  void addingAnExistingMemberIsANoOpThatKeepsTheVersion() {
    String user = Groups.createUser(scim);
    String id = Groups.create(scim, Groups.randomDisplayName(), user);
    JsonNode before = scim.get("/Groups/" + id).assertScim(200);

    ScimClient.Response response = scim.patch("/Groups/" + id, patch(addMembers(user)));

    Groups.assertNoContent(response);
    assertEquals(before.path("meta").path("version").asText(), response.header("ETag"));
    assertEquals(before, scim.get("/Groups/" + id).assertScim(200));
  }

  @Test
  void removingAnAbsentMemberIsANoOpThatKeepsTheVersion() {
    String member = Groups.createUser(scim);
    String stranger = Groups.createUser(scim);
    String id = Groups.create(scim, Groups.randomDisplayName(), member);
    JsonNode before = scim.get("/Groups/" + id).assertScim(200);

    for (String absent : List.of(stranger, UUID.randomUUID().toString(), "not-a-uuid")) {
      ScimClient.Response response = scim.patch("/Groups/" + id, patch(removeMember(absent)));
      Groups.assertNoContent(response);
      assertEquals(before.path("meta").path("version").asText(), response.header("ETag"), absent);
      assertEquals(before, scim.get("/Groups/" + id).assertScim(200), absent);
    }
  }

  @Test
  void renameToTheCurrentNameKeepsTheVersion() {
    String name = Groups.randomDisplayName();
    String id = Groups.create(scim, name);
    JsonNode before = scim.get("/Groups/" + id).assertScim(200);

    Groups.assertNoContent(scim.patch("/Groups/" + id, patch(rename(id, name))));

    assertEquals(before, scim.get("/Groups/" + id).assertScim(200));
  }

  // --- User.groups

  @Test
  void userGroupsReflectMemberships() {
    String user = Groups.createUser(scim);
    String firstName = Groups.randomDisplayName();
    String first = Groups.create(scim, firstName, user);
    String second = Groups.create(scim, Groups.randomDisplayName());
    Groups.assertNoContent(scim.patch("/Groups/" + second, patch(addMembers(user))));

    Map<String, JsonNode> groups = groupsOf(scim.get("/Users/" + user).assertScim(200));
    assertEquals(ids(first, second), ids(groups.keySet().toArray(String[]::new)));
    JsonNode firstValue = groups.get(first);
    assertEquals(firstName, firstValue.path("display").asText());
    assertEquals(tenant.scimBaseUrl() + "/Groups/" + first, firstValue.path("$ref").asText());
    assertEquals("direct", firstValue.path("type").asText());

    String renamed = Groups.randomDisplayName();
    Groups.assertNoContent(scim.patch("/Groups/" + first, patch(rename(first, renamed))));
    Groups.assertNoContent(scim.patch("/Groups/" + second, patch(removeMember(user))));

    Map<String, JsonNode> after = groupsOf(scim.get("/Users/" + user).assertScim(200));
    assertEquals(ids(first), ids(after.keySet().toArray(String[]::new)));
    assertEquals(renamed, after.get(first).path("display").asText());

    JsonNode listed = scim.get("/Users", "filter", "id eq " + quote(user)).assertScim(200);
    assertEquals(ids(first), ids(groupsOf(listed.path("Resources").path(0)).keySet().toArray(String[]::new)));
  }

  @Test
  void patchOnAUsersGroupsIs400MutabilityAndChangesNothing() {
    String user = Groups.createUser(scim);
    String group = Groups.create(scim, Groups.randomDisplayName(), user);
    String otherGroup = Groups.create(scim, Groups.randomDisplayName());
    JsonNode before = scim.get("/Users/" + user).assertScim(200);

    scim.patch("/Users/" + user, patch("{\"op\":\"add\",\"path\":\"groups\",\"value\":[{\"value\":"
        + quote(otherGroup) + "}]}")).assertError(400, "mutability");
    scim.patch("/Users/" + user, patch("{\"op\":\"replace\",\"value\":{\"groups\":[]}}"))
        .assertError(400, "mutability");
    scim.patch("/Users/" + user, patch(removeMemberOfGroups(group))).assertError(400, "mutability");

    assertEquals(before, scim.get("/Users/" + user).assertScim(200));
    assertEquals(ids(user), memberIds(scim.get("/Groups/" + group).assertScim(200)));
  }

  @Test
  void putOnAUserWithEmptyGroupsKeepsItsMemberships() {
    String userName = Users.randomUserName();
    String user = scim.post("/Users", Users.oktaCreate(userName, "Ada", "Lovelace")).assertScim(201)
        .path("id").asText();
    String group = Groups.create(scim, Groups.randomDisplayName(), user);

    // Okta's user bodies carry "groups": [] whatever the memberships; groups is readOnly, so it is ignored.
    JsonNode replaced = scim.put("/Users/" + user, Users.oktaCreate(userName, "Ada", "King")).assertScim(200);

    assertEquals(ids(group), ids(groupsOf(replaced).keySet().toArray(String[]::new)));
    assertEquals(ids(user), memberIds(scim.get("/Groups/" + group).assertScim(200)));
  }

  @Test
  void deletingAUserRemovesItsMemberships() {
    String leaving = Groups.createUser(scim);
    String staying = Groups.createUser(scim);
    String id = Groups.create(scim, Groups.randomDisplayName(), leaving, staying);

    Groups.assertNoContent(scim.delete("/Users/" + leaving));

    assertEquals(ids(staying), memberIds(scim.get("/Groups/" + id).assertScim(200)));
    JsonNode found = scim.get("/Groups", "filter", "members[value eq " + quote(leaving) + "]").assertScim(200);
    assertEquals(0, found.path("totalResults").asInt(), found.toString());
  }

  // --- tenant isolation

  @Test
  void anotherTenantsTokenIs401OnGroupPaths() {
    ScimClient aOnB = other.scim().withAuthorization("Bearer " + tenant.token());
    String path = "/Groups/" + otherTenantsGroup;
    JsonNode before = other.scim().get(path).assertScim(200);
    List<ScimClient.Response> responses = List.of(
        aOnB.get("/Groups"),
        aOnB.get(path),
        aOnB.put(path, Groups.body(Groups.randomDisplayName())),
        aOnB.patch(path, patch(rename(otherTenantsGroup, Groups.randomDisplayName()))),
        aOnB.patch(path, patch(removeMember(otherTenantsUser))),
        aOnB.delete(path),
        aOnB.post("/Groups", Groups.body(Groups.randomDisplayName())),
        aOnB.post("/Groups/.search", "{\"filter\":\"displayName pr\"}"));
    for (ScimClient.Response response : responses) {
      response.assertError(401, null);
      assertEquals("Bearer", response.header("WWW-Authenticate"));
    }
    assertEquals(before, other.scim().get(path).assertScim(200));
    assertEquals(1, other.scim().get("/Groups").assertScim(200).path("totalResults").asInt());
  }

  @Test
  void anotherTenantsGroupIdUnderOwnBaseUrlIs404() {
    String path = "/Groups/" + otherTenantsGroup;
    JsonNode before = other.scim().get(path).assertScim(200);
    scim.get(path).assertError(404, null);
    scim.put(path, Groups.body(Groups.randomDisplayName())).assertError(404, null);
    scim.patch(path, patch(removeMember(otherTenantsUser))).assertError(404, null);
    scim.delete(path).assertError(404, null);
    assertEquals(before, other.scim().get(path).assertScim(200));
  }

  @Test
  void anotherTenantsUserCannotBeAddedToOwnGroup() {
    String id = Groups.create(scim, Groups.randomDisplayName());
    JsonNode before = scim.get("/Groups/" + id).assertScim(200);

    scim.patch("/Groups/" + id, patch(addMembers(otherTenantsUser))).assertError(400, "invalidValue");

    assertEquals(before, scim.get("/Groups/" + id).assertScim(200));
    assertFalse(groupsOf(other.scim().get("/Users/" + otherTenantsUser).assertScim(200)).containsKey(id));
  }

  @Test
  void groupListsNeverContainAnotherTenantsGroups() {
    String otherName = other.scim().get("/Groups/" + otherTenantsGroup).assertScim(200).path("displayName").asText();
    String own = Groups.create(scim, otherName);

    assertEquals(List.of(own), resourceIds(scim.get("/Groups", "filter", "displayName eq " + quote(otherName))
        .assertScim(200)));
    assertFalse(resourceIds(scim.get("/Groups?count=200").assertScim(200)).contains(otherTenantsGroup));
    assertEquals(0, scim.get("/Groups", "filter", "members.value eq " + quote(otherTenantsUser)).assertScim(200)
        .path("totalResults").asInt());
    JsonNode searched = scim.post("/Groups/.search", "{\"filter\":" + quote("id eq " + quote(otherTenantsGroup)
        + " or displayName eq " + quote(otherName)) + "}").assertScim(200);
    assertEquals(List.of(own), resourceIds(searched));
  }

  // --- helpers

  /** A random UUID, a user of another tenant, and a value that is no UUID at all. */
  private static List<String> notUsers() {
    return List.of(UUID.randomUUID().toString(), otherTenantsUser, "not-a-uuid");
  }

  private static void assertRefusedAndUnchanged(String id, String body) {
    JsonNode before = scim.get("/Groups/" + id).assertScim(200);
    scim.patch("/Groups/" + id, body).assertError(400, "invalidValue");
    JsonNode after = scim.get("/Groups/" + id).assertScim(200);
    assertEquals(before, after, body);
    assertEquals(version(before), version(after));
  }

  /** PATCHes expecting 204, then returns the group as a GET shows it. */
  private static JsonNode patchAndGet(String id, String... operations) {
    ScimClient.Response response = scim.patch("/Groups/" + id, patch(operations));
    Groups.assertNoContent(response);
    JsonNode group = scim.get("/Groups/" + id).assertScim(200);
    assertEquals(group.path("meta").path("version").asText(), response.header("ETag"));
    return group;
  }

  private static String removeMemberOfGroups(String groupId) {
    return "{\"op\":\"remove\",\"path\":" + quote("groups[value eq \"" + groupId + "\"]") + "}";
  }

  /** A user's groups by id. */
  private static Map<String, JsonNode> groupsOf(JsonNode user) {
    Map<String, JsonNode> groups = new HashMap<>();
    user.path("groups").forEach(group -> groups.put(group.path("value").asText(), group));
    assertEquals(user.path("groups").size(), groups.size(), () -> "each group once: " + user);
    return groups;
  }
}
