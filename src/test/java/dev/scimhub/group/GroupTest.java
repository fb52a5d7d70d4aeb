package dev.scimhub.group;

import static dev.scimhub.support.Groups.ids;
import static dev.scimhub.support.Groups.memberIds;
import static dev.scimhub.support.Groups.quote;
import static dev.scimhub.support.Groups.resourceIds;
import static dev.scimhub.support.Groups.version;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimhub.support.Groups;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.Tenants.TestTenant;
import dev.scimhub.support.TestServer;
import dev.scimhub.support.Users;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The {@code /Groups} endpoint (RFC 7644 section 3) as Okta's Push Groups and group import use it. */
class GroupTest {

  private static TestTenant tenant;
  private static ScimClient scim;

  @BeforeAll
  static void tenant() {
    tenant = TestServer.get().newTenant();
    scim = tenant.scim();
  }

  // --- create, read, replace, delete

  @Test
  void createAnswers201WithLocationEtagAndMembersEchoed() {
    String ada = Groups.createUser(scim);
    String plainUserName = Users.randomUserName();
    String plain = scim.post("/Users", Users.minimal(plainUserName)).assertScim(201).path("id").asText();
    String name = Groups.randomDisplayName();

    ScimClient.Response response = scim.post("/Groups", Groups.body(name, ada, plain));
    JsonNode group = response.assertScim(201);

    String id = group.path("id").asText();
    String location = tenant.scimBaseUrl() + "/Groups/" + id;
    assertEquals(List.of(Groups.SCHEMA), textList(group.path("schemas")));
    assertEquals(name, group.path("displayName").asText());
    assertEquals(location, response.header("Location"));
    assertEquals(location, group.path("meta").path("location").asText());
    assertEquals("Group", group.path("meta").path("resourceType").asText());
    assertEquals(group.path("meta").path("version").asText(), response.header("ETag"));
    assertTrue(group.path("meta").path("created").isTextual(), group.toString());
    assertTrue(group.path("meta").path("lastModified").isTextual(), group.toString());

    assertEquals(ids(ada, plain), memberIds(group));
    JsonNode adaMember = member(group, ada);
    assertEquals("Ada Lovelace", adaMember.path("display").asText(), "the user's displayName");
    assertEquals(tenant.scimBaseUrl() + "/Users/" + ada, adaMember.path("$ref").asText());
    assertEquals("User", adaMember.path("type").asText());
    assertEquals(plainUserName, member(group, plain).path("display").asText(), "userName without a displayName");

    ScimClient.Response fetched = scim.get("/Groups/" + id);
    assertEquals(group, fetched.assertScim(200));
    assertEquals(response.header("ETag"), fetched.header("ETag"));
  }

  @Test
  void createWithoutMembersHasNoMembers() {
    String id = Groups.create(scim, Groups.randomDisplayName());
    JsonNode group = scim.get("/Groups/" + id).assertScim(200);
    assertTrue(memberIds(group).isEmpty(), group.toString());
  }

  @Test
  void createWithoutDisplayNameIs400() {
    scim.post("/Groups", "{\"schemas\":[\"" + Groups.SCHEMA + "\"]}").assertError(400, "invalidValue");
  }

  @Test
  void createWithIdIs400Mutability() {
    scim.post("/Groups", "{\"schemas\":[\"" + Groups.SCHEMA + "\"],\"id\":\"" + UUID.randomUUID()
        + "\",\"displayName\":" + quote(Groups.randomDisplayName()) + "}").assertError(400, "mutability");
  }

  @Test
  void unknownGroupIs404() {
    scim.get("/Groups/" + UUID.randomUUID()).assertError(404, null);
    scim.get("/Groups/not-a-uuid").assertError(404, null);
    scim.put("/Groups/" + UUID.randomUUID(), Groups.body(Groups.randomDisplayName())).assertError(404, null);
    scim.patch("/Groups/" + UUID.randomUUID(), Groups.patch(
        "{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"x\"}")).assertError(404, null);
    scim.delete("/Groups/" + UUID.randomUUID()).assertError(404, null);
  }

  @Test
  void putReplacesAttributesAndMakesMembershipExactlyTheListedMembers() {
    List<String> users = Groups.createUsers(scim, 3);
    String id = scim.post("/Groups", "{\"schemas\":[\"" + Groups.SCHEMA + "\"],\"displayName\":"
        + quote(Groups.randomDisplayName()) + ",\"externalId\":\"ext-old\",\"members\":"
        + Groups.members(users.get(0), users.get(1)) + "}").assertScim(201).path("id").asText();
    JsonNode before = scim.get("/Groups/" + id).assertScim(200);
    String renamed = Groups.randomDisplayName();

    ScimClient.Response response = scim.put("/Groups/" + id,
        withId(id, Groups.body(renamed, users.get(1), users.get(2))));
    JsonNode replaced = response.assertScim(200);

    assertEquals(renamed, replaced.path("displayName").asText());
    assertTrue(replaced.path("externalId").isMissingNode(), "PUT without externalId clears it: " + replaced);
    assertEquals(ids(users.get(1), users.get(2)), memberIds(replaced));
    assertEquals(version(before) + 1, version(replaced));
    assertEquals(replaced.path("meta").path("version").asText(), response.header("ETag"));
    assertEquals(before.path("meta").path("created"), replaced.path("meta").path("created"));
    assertEquals(replaced, scim.get("/Groups/" + id).assertScim(200));
  }

  @Test
  void putWithoutMembersEmptiesTheGroup() {
    List<String> users = Groups.createUsers(scim, 2);
    String name = Groups.randomDisplayName();
    String id = Groups.create(scim, name, users.get(0), users.get(1));

    JsonNode replaced = scim.put("/Groups/" + id, Groups.body(name)).assertScim(200);

    assertTrue(memberIds(replaced).isEmpty(), replaced.toString());
    assertTrue(memberIds(scim.get("/Groups/" + id).assertScim(200)).isEmpty());
  }

  @Test
  void putWithAnotherIdInTheBodyIs400MutabilityAndChangesNothing() {
    String id = Groups.create(scim, Groups.randomDisplayName());
    JsonNode before = scim.get("/Groups/" + id).assertScim(200);
    scim.put("/Groups/" + id, withId(UUID.randomUUID().toString(), Groups.body(Groups.randomDisplayName())))
        .assertError(400, "mutability");
    assertEquals(before, scim.get("/Groups/" + id).assertScim(200));
  }

  @Test
  void deleteAnswers204ThenGroupIs404AndItsUsersRemainWithoutIt() {
    String user = Groups.createUser(scim);
    String id = Groups.create(scim, Groups.randomDisplayName(), user);
    assertEquals(List.of(id), groupIds(scim.get("/Users/" + user).assertScim(200)));

    ScimClient.Response deleted = scim.delete("/Groups/" + id);
    Groups.assertNoContent(deleted);

    scim.get("/Groups/" + id).assertError(404, null);
    scim.delete("/Groups/" + id).assertError(404, null);
    JsonNode remaining = scim.get("/Users/" + user).assertScim(200);
    assertEquals(List.of(), groupIds(remaining));
  }

  // --- displayName uniqueness

  @Test
  void displayNameIsUniquePerTenantIgnoringCase() {
    String name = Groups.randomDisplayName();
    String id = Groups.create(scim, name);

    scim.post("/Groups", Groups.body(name)).assertError(409, "uniqueness");
    scim.post("/Groups", Groups.body(name.toUpperCase())).assertError(409, "uniqueness");

    JsonNode found = scim.get("/Groups", "filter", "displayName eq " + quote(name)).assertScim(200);
    assertEquals(List.of(id), resourceIds(found));
  }

  @Test
  void renameToAnotherGroupsDisplayNameIs409AndChangesNothing() {
    String taken = Groups.randomDisplayName();
    Groups.create(scim, taken);
    String name = Groups.randomDisplayName();
    String id = Groups.create(scim, name);
    JsonNode before = scim.get("/Groups/" + id).assertScim(200);

    scim.put("/Groups/" + id, Groups.body(taken.toLowerCase())).assertError(409, "uniqueness");
    scim.patch("/Groups/" + id, Groups.patch(Groups.rename(id, taken.toUpperCase()))).assertError(409, "uniqueness");
    scim.patch("/Groups/" + id, Groups.patch("{\"op\":\"replace\",\"path\":\"displayName\",\"value\":"
        + quote(taken) + "}")).assertError(409, "uniqueness");

    assertEquals(before, scim.get("/Groups/" + id).assertScim(200));
  }

  @Test
  void renameToOwnNameInAnotherCaseIsAllowed() {
    String name = Groups.randomDisplayName();
    String id = Groups.create(scim, name);
    JsonNode renamed = scim.put("/Groups/" + id, Groups.body(name.toUpperCase())).assertScim(200);
    assertEquals(name.toUpperCase(), renamed.path("displayName").asText());
  }

  @Test
  void sameDisplayNameInAnotherTenantIsFine() {
    String name = Groups.randomDisplayName();
    String here = Groups.create(scim, name);
    ScimClient other = TestServer.get().newTenant().scim();

    String there = Groups.create(other, name);

    assertNotEquals(here, there);
    assertEquals(List.of(here), resourceIds(scim.get("/Groups", "filter", "displayName eq " + quote(name))
        .assertScim(200)));
    assertEquals(List.of(there), resourceIds(other.get("/Groups", "filter", "displayName eq " + quote(name))
        .assertScim(200)));
  }

  // --- filters

  @Test
  void externalIdIsStoredAndFilterable() {
    String externalId = "00g" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    String id = scim.post("/Groups", "{\"schemas\":[\"" + Groups.SCHEMA + "\"],\"displayName\":"
        + quote(Groups.randomDisplayName()) + ",\"externalId\":" + quote(externalId) + "}")
        .assertScim(201).path("id").asText();

    assertEquals(externalId, scim.get("/Groups/" + id).assertScim(200).path("externalId").asText());
    JsonNode found = scim.get("/Groups", "filter", "externalId eq " + quote(externalId)).assertScim(200);
    assertEquals(List.of(id), resourceIds(found));
    assertEquals(1, found.path("totalResults").asInt());
    // externalId is caseExact (RFC 7643 section 3.1).
    JsonNode otherCase = scim.get("/Groups", "filter", "externalId eq " + quote(externalId.toUpperCase()))
        .assertScim(200);
    assertEquals(0, otherCase.path("totalResults").asInt(), otherCase.toString());
  }

  @Test
  void filterByDisplayNameIgnoresCase() {
    String name = Groups.randomDisplayName();
    String id = Groups.create(scim, name);
    for (String asked : List.of(name, name.toUpperCase(), name.toLowerCase())) {
      JsonNode found = scim.get("/Groups", "filter", "displayName eq " + quote(asked)).assertScim(200);
      assertEquals(List.of(id), resourceIds(found), asked);
      assertEquals(1, found.path("totalResults").asInt());
      assertEquals(ids(), memberIds(found.path("Resources").path(0)));
    }
  }

  @Test
  void filterByMemberValueFindsTheGroupsOfAUser() {
    String user = Groups.createUser(scim);
    String other = Groups.createUser(scim);
    String first = Groups.create(scim, Groups.randomDisplayName(), user, other);
    String second = Groups.create(scim, Groups.randomDisplayName(), user);
    Groups.create(scim, Groups.randomDisplayName(), other);

    for (String filter : List.of("members[value eq \"" + user + "\"]", "members.value eq \"" + user + "\"")) {
      JsonNode found = scim.get("/Groups", "filter", filter).assertScim(200);
      assertEquals(Set.of(first, second), new HashSet<>(resourceIds(found)), filter);
      assertEquals(2, found.path("totalResults").asInt(), filter);
    }
    JsonNode none = scim.get("/Groups", "filter", "members.value eq \"" + UUID.randomUUID() + "\"").assertScim(200);
    assertEquals(0, none.path("totalResults").asInt());
  }

  // --- listing and paging

  @Test
  void oktaTestApiCredentialsListingIsAListResponse() {
    Groups.create(scim, Groups.randomDisplayName(), Groups.createUser(scim));

    JsonNode list = scim.get("/Groups?startIndex=1&count=100").assertScim(200);

    assertListResponse(list, 1);
    assertTrue(list.path("totalResults").asInt() >= 1, list.toString());
    for (JsonNode group : list.path("Resources")) {
      assertEquals("Group", group.path("meta").path("resourceType").asText());
      assertTrue(group.path("displayName").isTextual(), group.toString());
      assertTrue(group.path("members").isArray(), group.toString());
    }
  }

  @Test
  void oktaTestApiCredentialsListingOfATenantWithoutGroupsIsEmpty() {
    ScimClient empty = TestServer.get().newTenant().scim();
    JsonNode list = empty.get("/Groups?startIndex=1&count=100").assertScim(200);
    assertListResponse(list, 1);
    assertEquals(0, list.path("totalResults").asInt());
    assertEquals(0, list.path("Resources").size());
  }

  @Test
  void groupImportPagesThroughEveryGroupOnce() {
    String prefix = "import-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL) + "-";
    Set<String> created = new HashSet<>();
    for (int i = 0; i < 7; i++) {
      created.add(Groups.create(scim, prefix + i, Groups.createUser(scim)));
    }

    List<String> seen = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();
    for (int start = 1; ; start += 3) {
      JsonNode page = scim.get("/Groups?startIndex=" + start + "&count=3&filter="
          + ScimClient.encode("displayName sw " + quote(prefix))).assertScim(200);
      assertListResponse(page, start);
      assertEquals(7, page.path("totalResults").asInt(), page.toString());
      pageSizes.add(page.path("Resources").size());
      seen.addAll(resourceIds(page));
      if (start + 3 > page.path("totalResults").asInt()) {
        break;
      }
    }

    assertEquals(List.of(3, 3, 1), pageSizes);
    assertEquals(created, new HashSet<>(seen));
    assertEquals(seen.size(), new HashSet<>(seen).size(), "each group once: " + seen);
  }

  @Test
  void unfilteredPagingOverTheWholeTenantReturnsEachGroupOnce() {
    Set<String> created = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      created.add(Groups.create(scim, Groups.randomDisplayName()));
    }

    List<String> seen = new ArrayList<>();
    int total = -1;
    for (int start = 1; total < 0 || start <= total; start += 4) {
      JsonNode page = scim.get("/Groups?startIndex=" + start + "&count=4").assertScim(200);
      assertListResponse(page, start);
      total = page.path("totalResults").asInt();
      seen.addAll(resourceIds(page));
    }

    assertEquals(total, seen.size());
    assertEquals(seen.size(), new HashSet<>(seen).size(), "each group once: " + seen);
    assertTrue(seen.containsAll(created), "every group listed");
  }

  @Test
  void sortByDisplayNameIgnoresCaseInBothOrders() {
    String prefix = "sort-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL) + "-";
    String banana = Groups.create(scim, prefix + "banana");
    String apple = Groups.create(scim, (prefix + "APPLE").toUpperCase());
    String cherry = Groups.create(scim, prefix + "Cherry");
    String filter = "&filter=" + ScimClient.encode("displayName sw " + quote(prefix));

    JsonNode ascending = scim.get("/Groups?sortBy=displayName" + filter).assertScim(200);
    assertEquals(List.of(apple, banana, cherry), resourceIds(ascending));
    JsonNode descending = scim.get("/Groups?sortBy=displayName&sortOrder=descending" + filter).assertScim(200);
    assertEquals(List.of(cherry, banana, apple), resourceIds(descending));
  }

  // --- attributes and excludedAttributes

  @Test
  void attributesDisplayNameReturnsOnlyItWithIdAndSchemas() {
    String name = Groups.randomDisplayName();
    String id = Groups.create(scim, name, Groups.createUser(scim));

    JsonNode group = scim.get("/Groups/" + id + "?attributes=displayName").assertScim(200);

    assertEquals(Set.of("schemas", "id", "displayName"), fieldNames(group));
    assertEquals(name, group.path("displayName").asText());
  }

  @Test
  void excludedAttributesMembersLeavesMembersOutOfGetListAndPatch() {
    String user = Groups.createUser(scim);
    String added = Groups.createUser(scim);
    String name = Groups.randomDisplayName();
    String id = Groups.create(scim, name, user);

    JsonNode fetched = scim.get("/Groups/" + id + "?excludedAttributes=members").assertScim(200);
    assertFalse(fetched.has("members"), fetched.toString());
    assertEquals(name, fetched.path("displayName").asText());
    assertEquals("Group", fetched.path("meta").path("resourceType").asText());

    JsonNode list = scim.get("/Groups?excludedAttributes=members&filter="
        + ScimClient.encode("displayName eq " + quote(name))).assertScim(200);
    assertEquals(List.of(id), resourceIds(list));
    assertFalse(list.path("Resources").path(0).has("members"), list.toString());

    ScimClient.Response patched = scim.patch("/Groups/" + id + "?excludedAttributes=members",
        Groups.patch(Groups.addMembers(added)));
    JsonNode body = patched.assertScim(200);
    assertFalse(body.has("members"), body.toString());
    assertEquals(body.path("meta").path("version").asText(), patched.header("ETag"));
    assertEquals(ids(user, added), memberIds(scim.get("/Groups/" + id).assertScim(200)));
  }

  @Test
  void excludedAttributesMembersDisplayLeavesOutOnlyTheDisplay() {
    // RFC 7644 section 3.4.2.5 with the sub-attribute notation of section 3.10.
    String user = Groups.createUser(scim);
    String name = Groups.randomDisplayName();
    String id = Groups.create(scim, name, user);

    JsonNode fetched = scim.get("/Groups/" + id + "?excludedAttributes=members.display").assertScim(200);
    JsonNode listed = scim.get("/Groups?excludedAttributes=members.display&filter="
        + ScimClient.encode("displayName eq " + quote(name))).assertScim(200).path("Resources").path(0);

    for (JsonNode group : List.of(fetched, listed)) {
      assertEquals(ids(user), memberIds(group));
      assertEquals(Set.of("value", "$ref", "type"), fieldNames(group.path("members").path(0)), group.toString());
      assertEquals(name, group.path("displayName").asText());
    }
  }

  @Test
  void attributesMembersValueReturnsOnlyTheMemberValues() {
    String user = Groups.createUser(scim);
    String name = Groups.randomDisplayName();
    String id = Groups.create(scim, name, user);

    JsonNode fetched = scim.get("/Groups/" + id + "?attributes=members.value").assertScim(200);
    JsonNode listed = scim.get("/Groups?attributes=members.value&filter="
        + ScimClient.encode("displayName eq " + quote(name))).assertScim(200).path("Resources").path(0);

    for (JsonNode group : List.of(fetched, listed)) {
      assertEquals(Set.of("schemas", "id", "members"), fieldNames(group), group.toString());
      assertEquals(Set.of("value"), fieldNames(group.path("members").path(0)), group.toString());
      assertEquals(user, group.path("members").path(0).path("value").asText());
    }
  }

  @Test
  void searchEndpointTakesTheQueryInTheBody() {
    String name = Groups.randomDisplayName();
    String user = Groups.createUser(scim);
    String id = Groups.create(scim, name, user);

    JsonNode found = scim.post("/Groups/.search", """
        {"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
         "filter":%s,"startIndex":1,"count":10}
        """.formatted(quote("displayName eq " + quote(name)))).assertScim(200);
    assertListResponse(found, 1);
    assertEquals(List.of(id), resourceIds(found));
    assertEquals(ids(user), memberIds(found.path("Resources").path(0)));

    JsonNode withoutMembers = scim.post("/Groups/.search", """
        {"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
         "filter":%s,"excludedAttributes":["members"]}
        """.formatted(quote("members[value eq " + quote(user) + "]"))).assertScim(200);
    assertEquals(List.of(id), resourceIds(withoutMembers));
    assertFalse(withoutMembers.path("Resources").path(0).has("members"), withoutMembers.toString());
  }

  // --- ETags

  @Test
  void staleIfMatchIs412AndChangesNothing() {
    String id = Groups.create(scim, Groups.randomDisplayName());
    JsonNode before = scim.get("/Groups/" + id).assertScim(200);
    String stale = "W/\"" + (version(before) + 7) + "\"";

    scim.send("PUT", "/Groups/" + id, Groups.body(Groups.randomDisplayName()), "If-Match", stale)
        .assertError(412, null);
    scim.send("PATCH", "/Groups/" + id, Groups.patch(Groups.rename(id, Groups.randomDisplayName())),
        "If-Match", stale).assertError(412, null);
    scim.send("DELETE", "/Groups/" + id, null, "If-Match", stale).assertError(412, null);
    assertEquals(before, scim.get("/Groups/" + id).assertScim(200));

    String current = before.path("meta").path("version").asText();
    Groups.assertNoContent(scim.send("PATCH", "/Groups/" + id,
        Groups.patch(Groups.rename(id, Groups.randomDisplayName())), "If-Match", current));
    scim.send("DELETE", "/Groups/" + id, null, "If-Match", current).assertError(412, null);
  }

  // --- discovery

  @Test
  void discoveryListsTheGroupResourceTypeAndSchema() {
    JsonNode types = scim.get("/ResourceTypes").assertScim(200);
    JsonNode group = find(types, "Group");
    assertEquals("/Groups", group.path("endpoint").asText());
    assertEquals(Groups.SCHEMA, group.path("schema").asText());
    assertEquals(group, scim.get("/ResourceTypes/Group").assertScim(200));

    JsonNode schemas = scim.get("/Schemas").assertScim(200);
    JsonNode schema = find(schemas, Groups.SCHEMA);
    assertEquals(schema, scim.get("/Schemas/" + Groups.SCHEMA).assertScim(200));
    JsonNode displayName = attribute(schema, "displayName");
    assertTrue(displayName.path("required").asBoolean(), displayName.toString());
    JsonNode members = attribute(schema, "members");
    assertTrue(members.path("multiValued").asBoolean(), members.toString());
    assertEquals("complex", members.path("type").asText());
  }

  // --- helpers

  private static void assertListResponse(JsonNode list, int startIndex) {
    assertEquals(Groups.LIST_RESPONSE, list.path("schemas").path(0).asText());
    assertEquals(startIndex, list.path("startIndex").asInt(), list.toString());
    assertTrue(list.path("Resources").isArray(), list.toString());
    assertEquals(list.path("Resources").size(), list.path("itemsPerPage").asInt(), list.toString());
    assertTrue(list.path("totalResults").asInt() >= list.path("Resources").size(), list.toString());
  }

  /** A body with {@code "id"} as its first member, as Okta's PUT sends it. */
  private static String withId(String id, String body) {
    return "{\"id\":" + quote(id) + "," + body.substring(1);
  }

  private static JsonNode member(JsonNode group, String userId) {
    for (JsonNode member : group.path("members")) {
      if (userId.equals(member.path("value").asText())) {
        return member;
      }
    }
    throw new AssertionError("no member " + userId + " in " + group);
  }

  private static List<String> groupIds(JsonNode user) {
    return textList(user.path("groups"), "value");
  }

  private static List<String> textList(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }

  private static List<String> textList(JsonNode array, String field) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.path(field).asText()));
    return texts;
  }

  private static Set<String> fieldNames(JsonNode object) {
    Set<String> names = new HashSet<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static JsonNode find(JsonNode list, String id) {
    for (JsonNode resource : list.path("Resources")) {
      if (id.equals(resource.path("id").asText())) {
        return resource;
      }
    }
    throw new AssertionError("no " + id + " in " + list);
  }

  private static JsonNode attribute(JsonNode schema, String name) {
    for (JsonNode attribute : schema.path("attributes")) {
      if (name.equals(attribute.path("name").asText())) {
        return attribute;
      }
    }
    throw new AssertionError("no attribute " + name + " in " + schema.path("id"));
  }
}
