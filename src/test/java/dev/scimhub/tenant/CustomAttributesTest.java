package dev.scimhub.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimhub.support.AdminApi;
import dev.scimhub.support.AppEvents;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.ServerProcess;
import dev.scimhub.support.Tenants.TestTenant;
import dev.scimhub.support.TestServer;
import dev.scimhub.support.Users;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Custom attributes per tenant over HTTP: a tenant's extension schema (and attributes it adds to the core schema, as
 * Okta's profile editor does) is advertised in its own discovery documents only, stored, returned, filtered and
 * sorted in SQL, patched, and validated with RFC errors; another tenant knows nothing of it; a definition made on
 * one node is seen by another within a second; platform-wide defaults come from config.
 */
class CustomAttributesTest {

  private static final String ACME = "urn:ietf:params:scim:schemas:extension:acme:2.0:User";
  private static final String CORE = "urn:ietf:params:scim:schemas:core:2.0:User";
  private static final String COST_BAND = """
      {"name":"Acme","description":"Acme's own","attributes":[
        {"name":"costBand","type":"string","canonicalValues":["A1","B3","C2"]},
        {"name":"seats","type":"integer"},
        {"name":"badge","type":"complex","subAttributes":[{"name":"number"},{"name":"issued","type":"dateTime"}]}]}""";

  private TestTenant tenant;
  private ScimClient scim;
  private ScimClient admin;

  @BeforeEach
  void tenant() {
    tenant = TestServer.get().newTenant();
    scim = tenant.scim();
    admin = TestServer.get().admin();
  }

  @Test
  void aCustomAttributeIsAdvertisedStoredFilteredSortedAndPatched() {
    define(ACME, COST_BAND).assertStatus(201);

    JsonNode schemas = scim.get("/Schemas").assertScim(200);
    JsonNode acme = find(schemas.path("Resources"), ACME);
    assertEquals("costBand", acme.path("attributes").path(0).path("name").asText());
    assertEquals(scim.base() + "/Schemas/" + ACME, acme.path("meta").path("location").asText());
    assertEquals(ACME, scim.get("/Schemas/" + ACME).assertScim(200).path("id").asText());
    assertTrue(scim.get("/ResourceTypes/User").assertScim(200).path("schemaExtensions").toString().contains(ACME));

    String b3 = create("ada", "{\"costBand\":\"B3\",\"seats\":3,\"badge\":{\"number\":\"7\","
        + "\"issued\":\"2026-01-02T03:04:05Z\"}}");
    String a1 = create("bob", "{\"costBand\":\"a1\"}");
    create("cy", null);
    JsonNode user = scim.get("/Users/" + b3).assertScim(200);
    assertEquals(3, user.path(ACME).path("seats").asInt());
    assertEquals("7", user.path(ACME).path("badge").path("number").asText());
    assertTrue(user.path("schemas").toString().contains(ACME));

    assertEquals(List.of(b3), ids(scim.get("/Users?filter=" + ScimClient.encode(ACME + ":costBand eq \"B3\""))));
    assertEquals(List.of(b3), ids(scim.get("/Users?filter=" + ScimClient.encode(ACME + ":seats gt 2"))));
    assertEquals(List.of(b3), ids(scim.get("/Users?filter=" + ScimClient.encode(ACME + ":badge.number eq \"7\""))));
    assertEquals(List.of(a1, b3), ids(scim.get("/Users?filter=" + ScimClient.encode(ACME + ":costBand pr")
        + "&sortBy=" + ScimClient.encode(ACME + ":costBand"))));

    scim.patch("/Users/" + a1, patch("replace", ACME + ":costBand", "\"C2\"")).assertScim(200);
    assertEquals("C2", scim.get("/Users/" + a1).assertScim(200).path(ACME).path("costBand").asText());
    assertEquals(List.of(a1), ids(scim.get("/Users?filter=" + ScimClient.encode(ACME + ":costBand eq \"c2\""))));
  }

  @Test
  void badValuesAreScimErrors() {
    define(ACME, COST_BAND).assertStatus(201);
    scim.post("/Users", user("x", "{\"seats\":\"many\"}")).assertError(400, "invalidValue");
    scim.post("/Users", user("x", "{\"costBand\":\"Z9\"}")).assertError(400, "invalidValue");
    scim.post("/Users", user("x", "{\"badge\":{\"issued\":\"yesterday\"}}")).assertError(400, "invalidValue");
    String id = create("ok", "{\"costBand\":\"A1\"}");
    scim.patch("/Users/" + id, patch("replace", ACME + ":costBand", "\"nope\"")).assertError(400, "invalidValue");
    scim.patch("/Users/" + id, patch("replace", ACME + ":nosuch", "\"x\"")).assertError(400, "invalidPath");
  }

  @Test
  void uniqueAndImmutableAttributesAreKept() {
    define(ACME, """
        {"attributes":[{"name":"badgeCode","uniqueness":"server"},{"name":"hiredOn","type":"dateTime",
          "mutability":"immutable"}]}""").assertStatus(201);
    String ada = create("ada", "{\"badgeCode\":\"B-17\"}");
    scim.post("/Users", user("bob", "{\"badgeCode\":\"b-17\"}")).assertError(409, "uniqueness");
    String bob = create("bob", "{\"badgeCode\":\"B-18\"}");
    scim.patch("/Users/" + bob, patch("replace", ACME + ":badgeCode", "\"B-17\"")).assertError(409, "uniqueness");
    scim.patch("/Users/" + ada, patch("replace", ACME + ":badgeCode", "\"B-17\"")).assertScim(200);
    // Bulk creates go through the same check.
    JsonNode bulk = scim.post("/Bulk", "{\"Operations\":[{\"method\":\"POST\",\"path\":\"/Users\",\"bulkId\":\"c\","
        + "\"data\":" + user("cy", "{\"badgeCode\":\"B-18\"}") + "}]}").assertScim(200);
    assertEquals("409", bulk.path("Operations").path(0).path("status").asText());

    scim.patch("/Users/" + bob, patch("add", ACME + ":hiredOn", "\"2026-01-05T00:00:00Z\"")).assertScim(200);
    scim.patch("/Users/" + bob, patch("replace", ACME + ":hiredOn", "\"2026-02-05T00:00:00Z\""))
        .assertError(400, "mutability");
    assertEquals("2026-01-05T00:00:00Z", scim.get("/Users/" + bob).assertScim(200).path(ACME).path("hiredOn")
        .asText());
  }

  @Test
  void anotherTenantKnowsNothingOfIt() {
    define(ACME, COST_BAND).assertStatus(201);
    TestTenant other = TestServer.get().newTenant();
    JsonNode schemas = other.scim().get("/Schemas").assertScim(200);
    assertTrue(find(schemas.path("Resources"), ACME).isMissingNode(), schemas.toString());
    other.scim().get("/Schemas/" + ACME).assertError(404, null);
    assertFalse(other.scim().get("/ResourceTypes/User").assertScim(200).toString().contains(ACME));
    // Undefined there: ignored as before (tolerant), not stored.
    String id = other.scim().post("/Users", user("x", "{\"costBand\":\"B3\"}")).assertScim(201).path("id").asText();
    assertTrue(other.scim().get("/Users/" + id).assertScim(200).path(ACME).isMissingNode());
  }

  @Test
  void oktaStyleAttributesInTheCoreNamespaceRequiredAndHidden() {
    define(CORE, """
        {"attributes":[{"name":"costCenter","required":true},{"name":"pin","returned":"never"}]}""")
        .assertStatus(201);
    scim.post("/Users", Users.minimal(Users.randomUserName())).assertError(400, "invalidValue");
    String id = scim.post("/Users", "{\"userName\":\"" + Users.randomUserName() + "\",\"costCenter\":\"CC-7\","
        + "\"pin\":\"1234\"}").assertScim(201).path("id").asText();
    JsonNode user = scim.get("/Users/" + id).assertScim(200);
    assertEquals("CC-7", user.path("costCenter").asText());
    assertTrue(user.path("pin").isMissingNode(), "returned never: " + user);
    assertEquals(List.of(id), ids(scim.get("/Users?filter=" + ScimClient.encode("costCenter eq \"cc-7\""))));
    JsonNode core = find(scim.get("/Schemas").assertScim(200).path("Resources"), CORE);
    assertTrue(core.path("attributes").toString().contains("\"costCenter\""));
    assertTrue(core.path("attributes").toString().contains("\"userName\""), "the platform's attributes stay");
  }

  @Test
  void definitionsAreCheckedAndTheTenantsAdminManagesThem() {
    define(ACME, "{\"attributes\":[{\"name\":\"1bad\"}]}").assertStatus(400);
    define(ACME, "{\"attributes\":[{\"name\":\"x\",\"type\":\"float\"}]}").assertStatus(400);
    define(ACME, "{\"attributes\":[]}").assertStatus(400);
    define(CORE, "{\"attributes\":[{\"name\":\"userName\"}]}").assertStatus(400);
    define("not-a-urn", "{\"attributes\":[{\"name\":\"x\"}]}").assertStatus(400);
    define("urn:ietf:params:scim:api:messages:2.0:PatchOp", "{\"attributes\":[{\"name\":\"x\"}]}").assertStatus(400);
    // SCIM 1.1's names of the core schemas, a URN that would end a SQL literal, uniqueness among groups: refused.
    define("urn:scim:schemas:core:1.0", "{\"attributes\":[{\"name\":\"x\"}]}").assertStatus(400);
    define("urn:acme:it's", "{\"attributes\":[{\"name\":\"x\"}]}").assertStatus(400);
    define("urn:acme:groups", "{\"resourceType\":\"Group\",\"attributes\":[{\"name\":\"x\","
        + "\"uniqueness\":\"server\"}]}").assertStatus(400);
    scim.get("/Users").assertScim(200);

    ScimClient own = AdminApi.as(AdminApi.tenantAdminJwt(tenant.id(), "it@" + tenant.id()));
    own.put("/tenants/" + tenant.id() + "/schemas/" + ACME, COST_BAND).assertStatus(201);
    own.put("/tenants/" + tenant.id() + "/schemas/" + ACME, COST_BAND).assertStatus(200);
    assertEquals(ACME, own.get("/tenants/" + tenant.id() + "/schemas").assertStatus(200).json().path("schemas")
        .path(0).path("id").asText());
    AdminApi.as(AdminApi.tenantAdminJwt(TestServer.get().newTenant().id(), "x"))
        .put("/tenants/" + tenant.id() + "/schemas/" + ACME, COST_BAND).assertStatus(403);
    assertTrue(admin.get("/admin/tenants/" + tenant.id() + "/audit").assertStatus(200).body()
        .contains("schema.created"));

    own.delete("/tenants/" + tenant.id() + "/schemas/" + ACME).assertStatus(204);
    own.delete("/tenants/" + tenant.id() + "/schemas/" + ACME).assertStatus(404);
    assertTrue(find(scim.get("/Schemas").assertScim(200).path("Resources"), ACME).isMissingNode());
  }

  @Test
  void anotherNodeSeesADefinitionWithinASecondAndDefaultsComeFromConfig() throws Exception {
    String defaults = "[{\"id\":\"urn:ietf:params:scim:schemas:extension:vendor:2.0:User\","
        + "\"attributes\":[{\"name\":\"plan\"}]}]";
    try (ServerProcess node2 = ServerProcess.start(Duration.ofSeconds(60),
        Map.of("SCIMHUB_SCIM_DEFAULT_SCHEMAS", defaults,
            // The platform's profile mapping, also from config: node 2's events carry it.
            "SCIMHUB_PROFILE_MAPPING", "{\"plan\":\"urn:ietf:params:scim:schemas:extension:vendor:2.0:User:plan\","
                + "\"login\":\"userName\"}"))) {
      ScimClient viaNode2 = node2.scim(tenant.id(), tenant.token());
      JsonNode before = viaNode2.get("/Schemas").assertScim(200);
      assertTrue(find(before.path("Resources"), ACME).isMissingNode());
      assertFalse(find(before.path("Resources"), "urn:ietf:params:scim:schemas:extension:vendor:2.0:User")
          .isMissingNode(), "node 2's platform-wide default");
      assertTrue(find(scim.get("/Schemas").assertScim(200).path("Resources"),
          "urn:ietf:params:scim:schemas:extension:vendor:2.0:User").isMissingNode(), "node 1 has no defaults");

      String name = Users.randomUserName();
      String id = viaNode2.post("/Users", "{\"userName\":\"" + name + "\",\"urn:ietf:params:scim:schemas:extension:"
          + "vendor:2.0:User\":{\"plan\":\"gold\"}}").assertScim(201).path("id").asText();
      assertEquals("gold", viaNode2.get("/Users/" + id).assertScim(200)
          .path("urn:ietf:params:scim:schemas:extension:vendor:2.0:User").path("plan").asText());
      JsonNode profile = AppEvents.about(tenant.id(), "user.created", id).path("data").path("profile");
      assertEquals("gold", profile.path("plan").asText());
      assertEquals(name, profile.path("login").asText());

      define(ACME, COST_BAND).assertStatus(201);
      long start = System.nanoTime();
      while (find(viaNode2.get("/Schemas").assertScim(200).path("Resources"), ACME).isMissingNode()) {
        assertTrue(System.nanoTime() - start < 1_000_000_000L, "node 2 still does not know the schema after 1 s");
        Thread.sleep(20);
      }
    }
  }


  private ScimClient.Response define(String urn, String body) {
    return admin.put("/admin/tenants/" + tenant.id() + "/schemas/" + urn, body);
  }

  private String create(String name, String acme) {
    return scim.post("/Users", user(name, acme)).assertScim(201).path("id").asText();
  }

  private static String user(String name, String acme) {
    JsonObject user = new JsonObject().put("schemas", List.of(CORE, ACME))
        .put("userName", name + "-" + Users.randomUserName());
    if (acme != null) {
      user.put(ACME, new JsonObject(acme));
    }
    return user.encode();
  }

  private static String patch(String op, String path, String value) {
    return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"" + op
        + "\",\"path\":\"" + path + "\",\"value\":" + value + "}]}";
  }

  private static JsonNode find(JsonNode resources, String id) {
    for (JsonNode resource : resources) {
      if (resource.path("id").asText().equals(id)) {
        return resource;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  private static List<String> ids(ScimClient.Response response) {
    List<String> ids = new ArrayList<>();
    response.assertScim(200).path("Resources").forEach(r -> ids.add(r.path("id").asText()));
    return ids;
  }
}
