package dev.scimhub.scim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimhub.support.AppEvents;
import dev.scimhub.support.Groups;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.Tenants.TestTenant;
import dev.scimhub.support.TestServer;
import dev.scimhub.support.Users;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /Bulk} (RFC 7644 section 3.7) over HTTP: bulkId references across operations (forward ones too), one
 * result per operation in order, failOnErrors, the announced limits enforced with 413, and each operation doing what
 * the same request alone does: its SCIM errors, its events, its tenant.
 */
class BulkTest {

  private static final String BULK = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";

  @Test
  void twoUsersAndAGroupOfThemByBulkId() {
    TestTenant tenant = TestServer.get().newTenant();
    ScimClient scim = tenant.scim();
    String alice = Users.randomUserName();
    String bob = Users.randomUserName();
    // The group comes first and names users created after it: it waits for them.
    JsonNode response = scim.post("/Bulk", bulk(null,
        post("/Groups", "g", "{\"displayName\":\"Bulk team\",\"members\":[{\"value\":\"bulkId:alice\"},"
            + "{\"value\":\"bulkId:bob\"}]}"),
        post("/Users", "alice", Users.minimal(alice)),
        post("/Users", "bob", Users.minimal(bob)))).assertScim(200);

    assertEquals("urn:ietf:params:scim:api:messages:2.0:BulkResponse", response.path("schemas").path(0).asText());
    JsonNode operations = response.path("Operations");
    assertEquals(3, operations.size());
    assertEquals(List.of("g", "alice", "bob"), field(operations, "bulkId"));
    assertEquals(List.of("201", "201", "201"), field(operations, "status"));
    for (JsonNode operation : operations) {
      assertEquals("W/\"1\"", operation.path("version").asText());
      assertEquals(200, new ScimClient(operation.path("location").asText(), "Bearer " + tenant.token()).get("")
          .status(), operation.toString());
    }
    String groupId = last(operations.path(0).path("location").asText());
    Set<String> members = Groups.memberIds(scim.get("/Groups/" + groupId).assertScim(200));
    assertEquals(Set.of(last(operations.path(1).path("location").asText()),
        last(operations.path(2).path("location").asText())), members);
    // Created in one batch, listed in the order they were sent.
    assertEquals(List.of(alice, bob), field(scim.get("/Users").assertScim(200).path("Resources"), "userName"));

    // The events of the request: what the three requests alone would have recorded, with one request id.
    List<JsonNode> events = events(tenant.id(), 5);
    assertEquals(List.of("user.created", "user.created", "group.created", "group.member_added",
        "group.member_added"), events.stream().map(e -> e.path("type").asText()).toList());
    assertEquals(1, events.stream().map(e -> e.path("context").path("requestId").asText()).distinct().count());
  }

  @Test
  void aThousandCreatesInOneRequestAllLandOnceEach() {
    TestTenant tenant = TestServer.get().newTenant();
    String[] operations = new String[1000];
    for (int i = 0; i < operations.length; i++) {
      operations[i] = post("/Users", "u" + i, Users.oktaCreate(Users.randomUserName(), "Given" + i, "Family" + i));
    }
    JsonNode response = tenant.scim().post("/Bulk", bulk(null, operations)).assertScim(200);
    assertEquals(1000, response.path("Operations").size());
    Set<String> ids = new HashSet<>();
    response.path("Operations").forEach(op -> {
      assertEquals("201", op.path("status").asText(), op.toString());
      ids.add(last(op.path("location").asText()));
    });
    assertEquals(1000, ids.size());
    assertEquals(1000, tenant.scim().get("/Users?count=0").assertScim(200).path("totalResults").asInt());
    assertEquals(1000, events(tenant.id(), 1000).size());
  }

  @Test
  void aTakenUserNameFailsOnlyItsOwnOperation() {
    ScimClient scim = TestServer.get().newTenant().scim();
    String taken = Users.randomUserName();
    scim.post("/Users", Users.minimal(taken)).assertScim(201);
    String[] operations = new String[7];
    for (int i = 0; i < operations.length; i++) {
      operations[i] = post("/Users", "u" + i, Users.minimal(i == 4 ? taken.toUpperCase() : Users.randomUserName()));
    }
    JsonNode results = scim.post("/Bulk", bulk(null, operations)).assertScim(200).path("Operations");
    assertEquals(List.of("201", "201", "201", "201", "409", "201", "201"), field(results, "status"));
    assertEquals("uniqueness", results.path(4).path("response").path("scimType").asText());
    assertEquals(7, scim.get("/Users?count=0").assertScim(200).path("totalResults").asInt());
  }

  @Test
  void failOnErrorsStopsAfterThatManyErrors() {
    ScimClient scim = TestServer.get().newTenant().scim();
    String name = Users.randomUserName();
    String later = Users.randomUserName();
    JsonNode results = scim.post("/Bulk", bulk(1,
        post("/Users", "a", Users.minimal(name)),
        post("/Users", "b", Users.minimal(name)),
        post("/Users", "c", Users.minimal(later)))).assertScim(200).path("Operations");
    assertEquals(List.of("201", "409"), field(results, "status"));
    assertEquals(0, scim.get("/Users?filter=" + ScimClient.encode("userName eq \"" + later + "\""))
        .assertScim(200).path("totalResults").asInt(), "nothing after the error limit is tried");
  }

  @Test
  void replacePatchAndDeleteGoThroughTheServices() {
    TestTenant tenant = TestServer.get().newTenant();
    ScimClient scim = tenant.scim();
    String id = scim.post("/Users", Users.minimal(Users.randomUserName())).assertScim(201).path("id").asText();
    String other = TestServer.get().newTenant().scim().post("/Users", Users.minimal(Users.randomUserName()))
        .assertScim(201).path("id").asText();
    JsonNode results = scim.post("/Bulk", bulk(null,
        op("PATCH", "/Users/" + id, null, "W/\"1\"", """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations":[{"op":"replace","path":"title","value":"Bulk title"}]}"""),
        op("PATCH", "/Users/" + id, null, "W/\"1\"", """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations":[{"op":"replace","path":"title","value":"stale"}]}"""),
        post("/Users", "new", Users.minimal(Users.randomUserName())),
        op("PUT", "/Users/bulkId:new", null, null, "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
            + "\"userName\":\"renamed-" + Users.randomUserName() + "\","
            + "\"active\":false}"),
        op("DELETE", "/Users/" + other, null, null, "42"),
        op("GET", "/Users/" + id, null, null, null),
        op("DELETE", "/Users/bulkId:nobody", null, null, null),
        op("POST", "/Users", "new", null, Users.minimal(Users.randomUserName())),
        op("POST", "/Widgets", "w", null, "{}"))).assertScim(200).path("Operations");
    assertEquals(List.of("200", "412", "201", "200", "404", "400", "400", "400", "400"), field(results, "status"));
    assertEquals("W/\"2\"", results.path(0).path("version").asText());
    assertEquals("Bulk title", scim.get("/Users/" + id).assertScim(200).path("title").asText());
    JsonNode renamed = scim.get("/Users/" + last(results.path(2).path("location").asText())).assertScim(200);
    assertTrue(renamed.path("userName").asText().startsWith("renamed-"));
    assertEquals(false, renamed.path("active").asBoolean());
    assertEquals(List.of("invalidValue", "invalidValue", "invalidValue", "invalidValue"),
        List.of(5, 6, 7, 8).stream().map(i -> results.path(i).path("response").path("scimType").asText()).toList());
  }

  @Test
  void groupsThatReferToEachOtherInACircleAreAConflict() {
    ScimClient scim = TestServer.get().newTenant().scim();
    JsonNode results = scim.post("/Bulk", bulk(null,
        post("/Groups", "a", "{\"displayName\":\"A\",\"members\":[{\"value\":\"bulkId:b\"}]}"),
        post("/Groups", "b", "{\"displayName\":\"B\",\"members\":[{\"value\":\"bulkId:a\"}]}"),
        post("/Groups", "c", "{\"displayName\":\"C\"}"))).assertScim(200).path("Operations");
    assertEquals(List.of("409", "409", "201"), field(results, "status"));
  }

  @Test
  void theAnnouncedLimitsAreEnforced() {
    ScimClient scim = TestServer.get().newTenant().scim();
    String[] tooMany = new String[1001];
    for (int i = 0; i < tooMany.length; i++) {
      tooMany[i] = op("DELETE", "/Users/x" + i, null, null, null);
    }
    scim.post("/Bulk", bulk(null, tooMany)).assertError(413, null);
    long max = TestServer.get().config().maxBodyBytes();
    String big = "{\"schemas\":[\"" + BULK + "\"],\"Operations\":[" + post("/Users", "x",
        "{\"userName\":\"big\",\"title\":\"" + "x".repeat((int) max) + "\"}") + "]}";
    scim.post("/Bulk", big).assertError(413, null);
    scim.post("/Bulk", "{\"schemas\":[\"" + BULK + "\"],\"Operations\":[]}").assertError(400, "invalidSyntax");
    scim.post("/Bulk", "{\"schemas\":[\"" + BULK + "\"],\"failOnErrors\":0,\"Operations\":["
        + op("DELETE", "/Users/x", null, null, null) + "]}").assertError(400, "invalidValue");
    scim.post("/Bulk", "not json").assertError(400, "invalidSyntax");
  }

  private static List<JsonNode> events(String tenant, int n) {
    List<JsonNode> events = AppEvents.settled(tenant, "user.*,group.*", n);
    assertEquals(n, events.size(), "events of tenant " + tenant);
    return events;
  }

  private static List<String> field(JsonNode operations, String name) {
    List<String> values = new ArrayList<>();
    operations.forEach(op -> values.add(op.path(name).asText()));
    return values;
  }

  private static String last(String location) {
    return location.substring(location.lastIndexOf('/') + 1);
  }

  private static String bulk(Integer failOnErrors, String... operations) {
    StringJoiner joined = new StringJoiner(",");
    for (String operation : operations) {
      joined.add(operation);
    }
    return "{\"schemas\":[\"" + BULK + "\"]" + (failOnErrors == null ? "" : ",\"failOnErrors\":" + failOnErrors)
        + ",\"Operations\":[" + joined + "]}";
  }

  private static String post(String path, String bulkId, String data) {
    return op("POST", path, bulkId, null, data);
  }

  private static String op(String method, String path, String bulkId, String version, String data) {
    JsonObject op = new JsonObject().put("method", method).put("path", path);
    if (bulkId != null) {
      op.put("bulkId", bulkId);
    }
    if (version != null) {
      op.put("version", version);
    }
    String text = op.encode();
    return data == null ? text : text.substring(0, text.length() - 1) + ",\"data\":" + data + "}";
  }
}
