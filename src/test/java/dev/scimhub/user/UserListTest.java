package dev.scimhub.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.TestServer;
import dev.scimhub.support.Users;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Listing and searching Users over HTTP (RFC 7644 section 3.4.2 and 3.4.3) against six known users in their own
 * tenant. Users are named by the part of their userName before the '@', lower-cased: alice, bob, ... frank.
 */
class UserListTest {

  private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
  private static final String LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
  private static final String SEARCH_REQUEST = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> ALL = List.of("alice", "bob", "carol", "dave", "erin", "frank");

  /** Created before {@link #LATER}, with a pause between, so a timestamp can fall between the two groups. */
  private static final List<String> EARLIER = List.of("""
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
       "userName":"alice@example.com","externalId":"ext-Alice","password":"s3cret-Alice",
       "name":{"givenName":"Alice","familyName":"Anders"},"title":"Engineer","active":true,
       "emails":[{"value":"alice@example.com","type":"work","primary":true},{"value":"Alice.Home@Mail.test","type":"home"}],
       "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Engineering","employeeNumber":"1001"}}
      """, """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
       "userName":"bob@example.com","externalId":"ext-bob",
       "name":{"givenName":"Bob","familyName":"Brown"},"title":"Engineering Manager","active":true,
       "emails":[{"value":"bob@example.com","type":"work","primary":true}],
       "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Engineering","employeeNumber":"1002"}}
      """, """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
       "userName":"carol@example.com","externalId":"EXT-CAROL",
       "name":{"givenName":"Carol","familyName":"Clark"},"title":"Designer","active":false,
       "emails":[{"value":"carol@corp.test","type":"work","primary":true},{"value":"carol@home.test","type":"home"}],
       "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Design","employeeNumber":"2001"}}
      """);

  private static final List<String> LATER = List.of("""
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
       "userName":"Dave@Example.com",
       "name":{"givenName":"Dave","familyName":"Davis"},"active":true,
       "emails":[{"value":"aaa-dave@home.test","type":"home"},{"value":"zz-dave@work.test","type":"work","primary":true}],
       "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Sales","employeeNumber":"3001"}}
      """, """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
       "userName":"erin@example.com","externalId":"ext-erin",
       "name":{"givenName":"Erin","familyName":"Evans"},"title":"Sales Engineer","active":false,
       "emails":[{"value":"erin@example.com","type":"other"}]}
      """, """
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],
       "userName":"frank@example.com","externalId":"ext-frank","password":"s3cret-Frank",
       "name":{"givenName":"Frank"},"active":true}
      """);

  private static ScimClient scim;
  private static final Map<String, String> ids = new HashMap<>();
  /** Halfway between the server's creation times of the last earlier and the first later user. */
  private static Instant betweenCreations;

  @BeforeAll
  static void knownUsers() throws InterruptedException {
    scim = TestServer.get().newTenant().scim();
    Instant lastEarlier = null;
    for (String body : EARLIER) {
      lastEarlier = create(body);
    }
    Thread.sleep(100);
    Instant firstLater = null;
    for (String body : LATER) {
      Instant created = create(body);
      firstLater = firstLater == null ? created : firstLater;
    }
    betweenCreations = lastEarlier.plus(Duration.between(lastEarlier, firstLater).dividedBy(2));
  }

  // ---- filters

  static Stream<Arguments> operators() {
    return Stream.of(
        matches("userName eq \"ALICE@example.com\"", "alice"),
        matches("userName ne \"alice@example.com\"", "bob", "carol", "dave", "erin", "frank"),
        matches("title co \"ENGINEER\"", "alice", "bob", "erin"),
        matches("name.familyName sw \"b\"", "bob"),
        matches("emails.value ew \"@HOME.test\"", "carol", "dave"),
        matches("name.familyName gt \"c\"", "carol", "dave", "erin"),
        matches("name.familyName ge \"davis\"", "dave", "erin"),
        matches("userName lt \"c\"", "alice", "bob"),
        matches("userName le \"BOB@example.com\"", "alice", "bob"),
        matches("title pr", "alice", "bob", "carol", "erin"),
        matches("emails pr", "alice", "bob", "carol", "dave", "erin"),
        matches("externalId pr", "alice", "bob", "carol", "erin", "frank"),
        matches("name.familyName pr", "alice", "bob", "carol", "dave", "erin"),
        matches("active eq true", "alice", "bob", "dave", "frank"),
        matches("active eq false", "carol", "erin"),
        matches("active ne true", "carol", "erin"),
        // A user without the attribute is "not equal" to any value.
        matches("title ne \"designer\"", "alice", "bob", "dave", "erin", "frank"),
        matches("emails.value ne \"bob@example.com\"", "alice", "carol", "dave", "erin", "frank"),
        matches(ENTERPRISE + ":department eq \"engineering\"", "alice", "bob"),
        matches(ENTERPRISE + ":employeeNumber sw \"1\"", "alice", "bob"),
        matches(ENTERPRISE + ":department pr", "alice", "bob", "carol", "dave"),
        matches("userName eq \"nobody@example.com\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("operators")
  void eachOperatorReturnsExactlyTheMatchingUsers(String filter, List<String> expected) {
    assertFilterMatches(filter, expected);
  }

  static Stream<Arguments> logicalCombinations() {
    return Stream.of(
        matches("title co \"engineer\" and active eq true", "alice", "bob"),
        matches("userName eq \"alice@example.com\" or userName eq \"frank@example.com\"", "alice", "frank"),
        matches("not (active eq true)", "carol", "erin"),
        matches("not (title pr)", "dave", "frank"),
        matches("not (userName sw \"a\") and not (userName sw \"b\")", "carol", "dave", "erin", "frank"),
        // "and" binds tighter than "or"; parentheses change that.
        matches("title co \"engineer\" or title eq \"designer\" and active eq false", "alice", "bob", "carol", "erin"),
        matches("(title co \"engineer\" or title eq \"designer\") and active eq false", "carol", "erin"),
        // Users without a title must still come out of "not": an absent value is not a match.
        matches("not (title co \"engineer\" or active eq false)", "dave", "frank"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logicalCombinations")
  void andOrNotAndGroupingCombineFilters(String filter, List<String> expected) {
    assertFilterMatches(filter, expected);
  }

  static Stream<Arguments> valuePaths() {
    return Stream.of(
        matches("emails[type eq \"work\" and value co \"corp\"]", "carol"),
        matches("emails[type eq \"home\"]", "alice", "carol", "dave"),
        matches("emails[TYPE eq \"Home\"]", "alice", "carol", "dave"),
        matches("emails[primary eq true and value sw \"zz\"]", "dave"),
        matches("emails[type eq \"work\"] and not (emails[type eq \"home\"])", "bob"),
        matches("name[givenName eq \"frank\"]", "frank"),
        // In a value path both conditions hold for one email; as two filters, for any two emails.
        matches("emails[type eq \"work\" and value ew \"home.test\"]"),
        matches("emails.type eq \"work\" and emails.value ew \"home.test\"", "carol", "dave"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valuePaths")
  void valuePathsTestEachValueOnItsOwn(String filter, List<String> expected) {
    assertFilterMatches(filter, expected);
  }

  static Stream<Arguments> caseSensitivity() {
    return Stream.of(
        matches("emails.value eq \"alice.home@mail.test\"", "alice"),
        matches("emails.value eq \"CAROL@CORP.TEST\"", "carol"),
        matches("emails.value co \"ALICE.HOME\"", "alice"),
        matches("userName eq \"dave@example.com\"", "dave"),
        matches("externalId eq \"EXT-CAROL\"", "carol"),
        matches("externalId eq \"ext-carol\""),
        matches("externalId eq \"ext-alice\""),
        matches("externalId sw \"ext-\"", "alice", "bob", "erin", "frank"),
        matches("USERNAME eq \"bob@example.com\"", "bob"),
        matches("userName Eq \"erin@example.com\"", "erin"),
        matches("Name.FamilyName eq \"BROWN\"", "bob"),
        matches("EMAILS.VALUE eq \"bob@example.com\"", "bob"),
        matches("ACTIVE eq false", "carol", "erin"),
        matches(ENTERPRISE + ":DEPARTMENT eq \"design\"", "carol"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("caseSensitivity")
  void valuesCompareByCaseExactAndAttributeNamesIgnoreCase(String filter, List<String> expected) {
    assertFilterMatches(filter, expected);
  }

  @Test
  void idEqualsFindsThatUserAndANonUuidFindsNone() {
    assertFilterMatches("id eq \"" + ids.get("alice") + "\"", List.of("alice"));
    assertFilterMatches("id ne \"" + ids.get("alice") + "\"", List.of("bob", "carol", "dave", "erin", "frank"));
    assertFilterMatches("id eq \"alice\"", List.of());
  }

  @Test
  void metaCreatedAndLastModifiedCompareWithATimestampBetweenCreations() {
    String between = "\"" + betweenCreations + "\"";
    assertFilterMatches("meta.created gt " + between, List.of("dave", "erin", "frank"));
    assertFilterMatches("meta.created ge " + between, List.of("dave", "erin", "frank"));
    assertFilterMatches("meta.created lt " + between, List.of("alice", "bob", "carol"));
    assertFilterMatches("meta.created le " + between, List.of("alice", "bob", "carol"));
    assertFilterMatches("meta.lastModified gt " + between, List.of("dave", "erin", "frank"));
    assertFilterMatches("meta.created gt " + between + " and active eq true", List.of("dave", "frank"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "password eq \"s3cret-Alice\"",
      "groups.value eq \"x\"",
      "active gt true",
      "name eq \"Alice\"",
      "meta.created gt \"not-a-date\"",
      "urn:example:unknown:2.0:User:department eq \"x\"",
      "foo eq \"x\"",
      "userName eq null",
      "userName xx \"a\"",
      "userName eq \"a\" and"})
  void invalidFilterIs400InvalidFilter(String filter) {
    list("filter", filter).assertError(400, "invalidFilter");
    search("{\"schemas\":[\"" + SEARCH_REQUEST + "\"],\"filter\":" + quoted(filter) + "}")
        .assertError(400, "invalidFilter");
  }

  // ---- paging

  @Test
  void listingWithoutParametersStartsAtOneAndReturnsEveryUser() {
    JsonNode page = page();
    assertEquals(6, page.path("totalResults").asInt());
    assertEquals(1, page.path("startIndex").asInt());
    assertEquals(6, page.path("itemsPerPage").asInt());
    assertEquals(ALL, keys(page));
  }

  @Test
  void oktaImportPageListsEveryUser() {
    JsonNode page = scim.get("/Users?startIndex=1&count=100").assertScim(200);
    assertListResponse(page);
    assertEquals(6, page.path("totalResults").asInt());
    assertEquals(ALL, keys(page));
  }

  @Test
  void oktaUserNameLookupFindsTheOneUserOrAnEmptyList() {
    JsonNode found = scim.get("/Users", "filter", "userName eq \"bob@example.com\"").assertScim(200);
    assertListResponse(found);
    assertEquals(1, found.path("totalResults").asInt());
    assertEquals(ids.get("bob"), found.path("Resources").path(0).path("id").asText());
    assertEquals("bob@example.com", found.path("Resources").path(0).path("userName").asText());

    JsonNode withPaging = scim.get("/Users?startIndex=1&count=100", "filter", "userName eq \"BOB@example.com\"")
        .assertScim(200);
    assertEquals(found, withPaging);

    JsonNode none = scim.get("/Users", "filter", "userName eq \"nobody@example.com\"").assertScim(200);
    assertListResponse(none);
    assertEquals(0, none.path("totalResults").asInt());
    assertEquals(0, none.path("itemsPerPage").asInt());
    // Okta reads an absent user from an empty "Resources" array.
    assertTrue(none.path("Resources").isArray() && none.path("Resources").isEmpty(), none.toString());
  }

  @Test
  void countZeroReturnsOnlyTheTotal() {
    JsonNode all = page("count", "0");
    assertEquals(6, all.path("totalResults").asInt());
    assertEquals(0, all.path("itemsPerPage").asInt());
    assertTrue(all.path("Resources").isMissingNode() || all.path("Resources").isEmpty(), all.toString());

    JsonNode inactive = page("count", "0", "filter", "active eq false");
    assertEquals(2, inactive.path("totalResults").asInt());
    assertEquals(0, inactive.path("itemsPerPage").asInt());
  }

  @Test
  void negativeCountIsTreatedAsZero() {
    JsonNode page = page("count", "-5");
    assertEquals(6, page.path("totalResults").asInt());
    assertEquals(0, page.path("itemsPerPage").asInt());
  }

  @Test
  void itemsPerPageIsTheNumberOfResourcesOnThePage() {
    JsonNode first = page("count", "4");
    assertEquals(6, first.path("totalResults").asInt());
    assertEquals(4, first.path("itemsPerPage").asInt());
    assertEquals(ALL.subList(0, 4), keys(first));

    JsonNode last = page("startIndex", "5", "count", "4");
    assertEquals(6, last.path("totalResults").asInt());
    assertEquals(5, last.path("startIndex").asInt());
    assertEquals(2, last.path("itemsPerPage").asInt());
    assertEquals(ALL.subList(4, 6), keys(last));
  }

  @Test
  void startIndexBeyondTheEndReturnsNoResourcesButTheTotal() {
    JsonNode page = page("startIndex", "50");
    assertEquals(6, page.path("totalResults").asInt());
    assertEquals(50, page.path("startIndex").asInt());
    assertEquals(0, page.path("itemsPerPage").asInt());
  }

  @ParameterizedTest(name = "startIndex={0}")
  @ValueSource(strings = {"0", "-3"})
  void startIndexBelowOneIsTreatedAsOne(String startIndex) {
    JsonNode page = page("startIndex", startIndex, "count", "2");
    assertEquals(1, page.path("startIndex").asInt());
    assertEquals(ALL.subList(0, 2), keys(page));
  }

  static Stream<Arguments> orders() {
    return Stream.of(
        Arguments.of(List.of()),
        Arguments.of(List.of("sortBy", "name.familyName")),
        Arguments.of(List.of("sortBy", "title", "sortOrder", "descending")),
        Arguments.of(List.of("sortBy", "active", "filter", "userName pr")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("orders")
  void walkingPagesOfTwoReturnsEveryUserOnceInAStableOrder(List<String> params) {
    List<String> whole = keys(page(params.toArray(String[]::new)));
    List<String> walked = new ArrayList<>();
    int total = Integer.MAX_VALUE;
    for (int startIndex = 1; startIndex <= total; startIndex += 2) {
      List<String> pageParams = new ArrayList<>(params);
      pageParams.addAll(List.of("startIndex", String.valueOf(startIndex), "count", "2"));
      JsonNode page = page(pageParams.toArray(String[]::new));
      total = page.path("totalResults").asInt();
      assertTrue(page.path("itemsPerPage").asInt() <= 2);
      walked.addAll(keys(page));
    }
    assertEquals(6, total);
    assertEquals(whole, walked);
    assertEquals(Set.copyOf(ALL), Set.copyOf(walked));
  }

  @Test
  void countDefaultsToOneHundredAndIsCappedAtTheServerMaximum() {
    // The server under test runs with SCIMHUB_SCIM_MAX_RESULTS=200.
    ScimClient many = TestServer.get().newTenant().scim();
    for (int i = 0; i < 201; i++) {
      many.post("/Users", Users.minimal("user" + i + "@example.com")).assertScim(201);
    }
    JsonNode byDefault = many.get("/Users").assertScim(200);
    assertEquals(201, byDefault.path("totalResults").asInt());
    assertEquals(100, byDefault.path("itemsPerPage").asInt());

    JsonNode capped = many.get("/Users?count=1000").assertScim(200);
    assertEquals(201, capped.path("totalResults").asInt());
    assertEquals(200, capped.path("itemsPerPage").asInt());
    assertEquals(200, capped.path("Resources").size());

    JsonNode searched = many.post("/Users/.search", "{\"schemas\":[\"" + SEARCH_REQUEST + "\"],\"count\":1000}")
        .assertScim(200);
    assertEquals(200, searched.path("itemsPerPage").asInt());

    JsonNode rest = many.get("/Users?startIndex=201&count=1000").assertScim(200);
    assertEquals(1, rest.path("itemsPerPage").asInt());
    assertEquals("user200@example.com", rest.path("Resources").path(0).path("userName").asText());
  }

  // ---- sorting

  static Stream<Arguments> sorts() {
    return Stream.of(
        sorted("userName", null, "alice", "bob", "carol", "dave", "erin", "frank"),
        sorted("userName", "ascending", "alice", "bob", "carol", "dave", "erin", "frank"),
        sorted("userName", "descending", "frank", "erin", "dave", "carol", "bob", "alice"),
        sorted("USERNAME", "descending", "frank", "erin", "dave", "carol", "bob", "alice"),
        // Users without the value come last ascending and first descending (RFC 7644 section 3.4.2.3).
        sorted("name.familyName", null, "alice", "bob", "carol", "dave", "erin", "frank"),
        sorted("name.familyName", "descending", "frank", "erin", "dave", "carol", "bob", "alice"),
        sorted("title", null, "carol", "alice", "bob", "erin", "dave", "frank"),
        // By the primary email: dave's is zz-dave@work.test, his second.
        sorted("emails.value", null, "alice", "bob", "carol", "erin", "dave", "frank"),
        sorted("emails.value", "descending", "frank", "dave", "erin", "carol", "bob", "alice"),
        sorted(ENTERPRISE + ":department", null, "carol", "alice", "bob", "dave", "erin", "frank"),
        sorted("active", null, "carol", "erin", "alice", "bob", "dave", "frank"),
        sorted("meta.created", "descending", "frank", "erin", "dave", "carol", "bob", "alice"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("sorts")
  void sortByOrdersUsersCaseInsensitivelyWithTiesInCreationOrder(String sortBy, String sortOrder,
      List<String> expected) {
    JsonNode page = sortOrder == null ? page("sortBy", sortBy) : page("sortBy", sortBy, "sortOrder", sortOrder);
    assertEquals(expected, keys(page));
  }

  @Test
  void sortByMultiValuedAttributeUsesTheFirstValueWhenNoneIsPrimary() {
    // RFC 7644 section 3.4.2.3: "the primary attribute, if any, or else the first value in the list".
    ScimClient own = TestServer.get().newTenant().scim();
    own.post("/Users", """
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"first@example.com",
         "emails":[{"value":"m@x.test"},{"value":"a@x.test","primary":false}]}""").assertScim(201);
    own.post("/Users", """
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"second@example.com",
         "emails":[{"value":"b@x.test"}]}""").assertScim(201);
    JsonNode page = own.get("/Users?sortBy=emails.value").assertScim(200);
    assertEquals(List.of("second", "first"), keys(page));
  }

  @Test
  void unsortableOrMalformedParametersAre400InvalidValue() {
    list("sortBy", "name").assertError(400, "invalidValue");
    list("sortBy", "foo").assertError(400, "invalidValue");
    list("sortBy", "userName", "sortOrder", "sideways").assertError(400, "invalidValue");
    list("count", "ten").assertError(400, "invalidValue");
    list("startIndex", "first").assertError(400, "invalidValue");
  }

  // ---- attributes and excludedAttributes

  @Test
  void attributesReturnOnlyThoseNamedPlusIdAndSchemas() {
    JsonNode page = page("attributes", "userName");
    assertEquals(6, page.path("Resources").size());
    for (JsonNode user : page.path("Resources")) {
      assertEquals(Set.of("schemas", "id", "userName"), fieldNames(user));
    }
  }

  @Test
  void attributesSelectASubAttribute() {
    JsonNode alice = only(page("filter", "userName eq \"alice@example.com\"", "attributes", "name.givenName"));
    assertEquals(Set.of("schemas", "id", "name"), fieldNames(alice));
    assertEquals(Set.of("givenName"), fieldNames(alice.path("name")));
    assertEquals("Alice", alice.path("name").path("givenName").asText());
  }

  @Test
  void attributesSelectAnEnterpriseAttributeByItsUrn() {
    JsonNode alice = only(page("filter", "userName eq \"alice@example.com\"",
        "attributes", ENTERPRISE + ":department"));
    assertEquals(Set.of("schemas", "id", ENTERPRISE), fieldNames(alice));
    assertEquals(Set.of("department"), fieldNames(alice.path(ENTERPRISE)));
    assertEquals("Engineering", alice.path(ENTERPRISE).path("department").asText());

    JsonNode whole = only(page("filter", "userName eq \"alice@example.com\"", "attributes", ENTERPRISE));
    assertEquals(Set.of("department", "employeeNumber"), fieldNames(whole.path(ENTERPRISE)));
  }

  @Test
  void attributeNamesInAttributesIgnoreCase() {
    JsonNode alice = only(page("filter", "userName eq \"alice@example.com\"",
        "attributes", "USERNAME,Name.FamilyName"));
    assertEquals(Set.of("schemas", "id", "userName", "name"), fieldNames(alice));
    assertEquals(Set.of("familyName"), fieldNames(alice.path("name")));
  }

  @Test
  void excludedAttributesLeaveThoseOutButNeverIdOrSchemas() {
    JsonNode alice = only(page("filter", "userName eq \"alice@example.com\"",
        "excludedAttributes", "emails,name.givenName,id,schemas," + ENTERPRISE + ":employeeNumber"));
    assertTrue(alice.path("id").isTextual());
    assertTrue(alice.path("schemas").isArray());
    assertFalse(alice.has("emails"));
    assertEquals(Set.of("familyName"), fieldNames(alice.path("name")));
    assertEquals(Set.of("department"), fieldNames(alice.path(ENTERPRISE)));
    assertEquals("alice@example.com", alice.path("userName").asText());
    assertTrue(alice.path("meta").isObject());
  }

  @Test
  void passwordIsNeverReturnedEvenWhenAskedFor() {
    for (JsonNode user : page().path("Resources")) {
      assertFalse(user.has("password"), user.toString());
    }
    JsonNode frank = only(page("filter", "userName eq \"frank@example.com\"", "attributes", "password,userName"));
    assertEquals(Set.of("schemas", "id", "userName"), fieldNames(frank));
  }

  // ---- POST /Users/.search

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "{}",
      "{\"filter\":\"emails[type eq \\\"home\\\"]\"}",
      "{\"filter\":\"active eq true\",\"sortBy\":\"userName\",\"sortOrder\":\"descending\",\"startIndex\":2,"
          + "\"count\":2}",
      "{\"filter\":\"title co \\\"engineer\\\"\",\"attributes\":[\"userName\",\"name.givenName\","
          + "\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department\"]}",
      "{\"excludedAttributes\":[\"emails\",\"name\"],\"sortBy\":\"emails.value\"}",
      "{\"filter\":\"not (active eq true)\",\"count\":0}",
      "{\"startIndex\":50}"})
  void searchWithPostAnswersLikeGet(String parameters) {
    ObjectNode body = parse(parameters);
    JsonNode viaGet = page(queryParams(body));
    body.putArray("schemas").add(SEARCH_REQUEST);
    JsonNode viaPost = search(body.toString()).assertScim(200);
    assertEquals(viaGet, viaPost);
  }

  @Test
  void searchRequestMemberNamesIgnoreCase() {
    JsonNode viaGet = page("filter", "active eq true", "sortBy", "userName", "startIndex", "2", "count", "2");
    JsonNode viaPost = search("{\"SCHEMAS\":[\"" + SEARCH_REQUEST + "\"],\"Filter\":\"active eq true\","
        + "\"SortBy\":\"userName\",\"StartIndex\":2,\"COUNT\":2}").assertScim(200);
    assertEquals(viaGet, viaPost);
  }

  @Test
  void searchNamingAnotherSchemaIs400InvalidSyntax() {
    search("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"filter\":\"userName pr\"}")
        .assertError(400, "invalidSyntax");
  }

  // ---- helpers

  private static Instant create(String body) {
    JsonNode user = scim.post("/Users", body).assertScim(201);
    ids.put(key(user.path("userName").asText()), user.path("id").asText());
    return Instant.parse(user.path("meta").path("created").asText());
  }

  private static Arguments matches(String filter, String... users) {
    return Arguments.of(filter, List.of(users));
  }

  private static Arguments sorted(String sortBy, String sortOrder, String... users) {
    return Arguments.of(sortBy, sortOrder, List.of(users));
  }

  /** The filter returns exactly these users (in any order), and totalResults counts them. */
  private static void assertFilterMatches(String filter, List<String> expected) {
    JsonNode page = page("filter", filter);
    List<String> actual = keys(page);
    assertEquals(expected.stream().sorted().toList(), actual.stream().sorted().toList(), filter);
    assertEquals(expected.size(), page.path("totalResults").asInt(), filter);
  }

  /** GET /Users with name/value pairs as query parameters. */
  private static ScimClient.Response list(String... params) {
    StringJoiner query = new StringJoiner("&", "/Users?", "");
    for (int i = 0; i + 1 < params.length; i += 2) {
      query.add(params[i] + "=" + ScimClient.encode(params[i + 1]));
    }
    return scim.get(query.toString());
  }

  /** A successful listing, checked for the ListResponse shape every page must have. */
  private static JsonNode page(String... params) {
    JsonNode page = list(params).assertScim(200);
    assertListResponse(page);
    return page;
  }

  private static void assertListResponse(JsonNode page) {
    assertEquals(LIST_RESPONSE, page.path("schemas").path(0).asText(), page.toString());
    assertTrue(page.path("totalResults").isIntegralNumber(), "totalResults is an integer: " + page);
    assertTrue(page.path("startIndex").isIntegralNumber(), "startIndex is an integer: " + page);
    assertTrue(page.path("itemsPerPage").isIntegralNumber(), "itemsPerPage is an integer: " + page);
    assertEquals(page.path("Resources").size(), page.path("itemsPerPage").asInt(), "itemsPerPage: " + page);
  }

  private static ScimClient.Response search(String body) {
    return scim.post("/Users/.search", body);
  }

  /** The users of a page in order, by the part of the userName before '@', lower-cased. */
  private static List<String> keys(JsonNode page) {
    List<String> keys = new ArrayList<>();
    page.path("Resources").forEach(user -> keys.add(key(user.path("userName").asText())));
    return keys;
  }

  private static String key(String userName) {
    return userName.substring(0, userName.indexOf('@')).toLowerCase();
  }

  private static JsonNode only(JsonNode page) {
    assertEquals(1, page.path("Resources").size(), page.toString());
    return page.path("Resources").path(0);
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new HashSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** The query parameters equivalent to a SearchRequest body: lists become comma-separated. */
  private static String[] queryParams(ObjectNode body) {
    List<String> params = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode value = field.getValue();
      List<String> items = new ArrayList<>();
      value.forEach(item -> items.add(item.asText()));
      params.add(field.getKey());
      params.add(value.isArray() ? String.join(",", items) : value.asText());
    }
    return params.toArray(String[]::new);
  }

  private static ObjectNode parse(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String quoted(String text) {
    return JSON.getNodeFactory().textNode(text).toString();
  }
}
