package dev.scimhub.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimhub.support.AppEvents;
import dev.scimhub.support.Groups;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.ServerProcess;
import dev.scimhub.support.Tenants.TestTenant;
import dev.scimhub.support.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Okta's entitlement management for SCIM 2.0 apps (its "SCIM 2.0 server with entitlements" guide): the tenant's
 * licenses are resource type {@code License} with Okta's Entitlement schema at {@code /Licenses}, the app's roles
 * {@code Role} at {@code /Roles}; Okta assigns them through a user's {@code entitlements} (type License) and
 * {@code roles}. A license held directly is one more source beside license groups: license.granted and
 * license.revoked follow what the user holds from either.
 */
class OktaEntitlementsTest {

  private static final String PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

  @Test
  void licensesOfLicenseGroupsAreListedAndADirectAssignmentIsOneMoreSource() {
    TestTenant tenant = TestServer.get().newTenant();
    ScimClient scim = tenant.scim();
    String user = Groups.createUser(scim);
    String sales = Groups.create(scim, "Sales");
    TestServer.get().admin().put("/admin/tenants/" + tenant.id() + "/licenses/pro/groups/" + sales, "")
        .assertStatus(200);

    JsonNode types = scim.get("/ResourceTypes").assertScim(200).path("Resources");
    JsonNode license = byId(types, "License");
    assertEquals("/Licenses", license.path("endpoint").asText());
    assertEquals("urn:okta:scim:schemas:core:1.0:Entitlement", license.path("schema").asText());
    assertTrue(byId(types, "Role").isMissingNode(), "no roles declared, no Role type");
    JsonNode listed = scim.get("/Licenses").assertScim(200);
    assertEquals(1, listed.path("totalResults").asInt());
    JsonNode pro = listed.path("Resources").path(0);
    assertEquals("pro", pro.path("id").asText());
    assertEquals("License", pro.path("type").asText());
    assertEquals("urn:okta:scim:schemas:core:1.0:Entitlement", pro.path("schemas").path(0).asText());
    assertEquals("pro", scim.get("/Licenses/pro").assertScim(200).path("id").asText());
    scim.get("/Licenses/nope").assertError(404, null);
    scim.get("/Roles").assertError(404, null);

    // Okta assigns the license to the user directly, then the user also joins the linked group.
    scim.patch("/Users/" + user, patch("add", "entitlements", "[{\"value\":\"pro\",\"type\":\"License\"}]"))
        .assertScim(200);
    assertEquals(List.of("license.granted pro"), licenseEvents(tenant.id(), 1));
    scim.patch("/Groups/" + sales, Groups.patch(Groups.addMembers(user))).assertStatus(204);
    scim.patch("/Users/" + user, patch("remove", "entitlements[value eq \"pro\"]", null)).assertScim(200);
    assertEquals(List.of("license.granted pro"), licenseEvents(tenant.id(), 1), "still held through Sales");
    scim.patch("/Groups/" + sales, Groups.patch(Groups.removeMember(user))).assertStatus(204);
    assertEquals(List.of("license.granted pro", "license.revoked pro"), licenseEvents(tenant.id(), 2));
  }

  @Test
  void declaredLicensesAndRolesAreDiscoveredAndAssigned() throws Exception {
    String declared = """
        {"licenses":[{"id":"basic","displayName":"Basic","description":"The basic plan"},
                     {"id":"pro","displayName":"Pro"}],
         "roles":[{"id":"admin","displayName":"Administrator"},{"id":"viewer","displayName":"Viewer"}]}""";
    try (ServerProcess node = ServerProcess.start(Duration.ofSeconds(60),
        Map.of("SCIMHUB_SCIM_ENTITLEMENTS", declared))) {
      TestTenant tenant = TestServer.get().newTenant();
      ScimClient scim = node.scim(tenant.id(), tenant.token());
      JsonNode types = scim.get("/ResourceTypes").assertScim(200).path("Resources");
      assertEquals("urn:okta:scim:schemas:core:1.0:Role", byId(types, "Role").path("schema").asText());
      JsonNode schemas = scim.get("/Schemas").assertScim(200).path("Resources");
      assertTrue(!byId(schemas, "urn:okta:scim:schemas:core:1.0:Entitlement").isMissingNode());
      assertTrue(!byId(schemas, "urn:okta:scim:schemas:core:1.0:Role").isMissingNode());
      assertEquals(List.of("basic", "pro"), ids(scim.get("/Licenses").assertScim(200)));
      assertEquals("The basic plan", scim.get("/Licenses/basic").assertScim(200).path("description").asText());
      assertEquals(List.of("admin", "viewer"), ids(scim.get("/Roles").assertScim(200)));
      assertEquals("Administrator", scim.get("/Roles/admin").assertScim(200).path("displayName").asText());
      assertEquals(List.of("viewer"), ids(scim.get("/Roles?startIndex=2&count=1").assertScim(200)));

      String user = scim.post("/Users", """
          {"userName":"ada@%s.example","entitlements":[{"value":"basic","type":"License"}],
           "roles":[{"value":"viewer"}]}""".formatted(tenant.id())).assertScim(201).path("id").asText();
      assertEquals(List.of("license.granted basic"), licenseEvents(tenant.id(), 1));
      scim.patch("/Users/" + user, patch("add", "roles", "[{\"value\":\"admin\"}]")).assertScim(200);
      assertEquals(2, scim.get("/Users/" + user).assertScim(200).path("roles").size());
      scim.patch("/Users/" + user, patch("add", "roles", "[{\"value\":\"owner\"}]")).assertError(400,
          "invalidValue");
      scim.patch("/Users/" + user, patch("add", "entitlements", "[{\"value\":\"gold\",\"type\":\"License\"}]"))
          .assertError(400, "invalidValue");
      // Other entitlement types are the app's own business: not checked against the licenses.
      scim.patch("/Users/" + user, patch("add", "entitlements", "[{\"value\":\"x\",\"type\":\"Badge\"}]"))
          .assertScim(200);
    }
  }

  private static String patch(String op, String path, String value) {
    return "{\"schemas\":[\"" + PATCH + "\"],\"Operations\":[{\"op\":\"" + op + "\",\"path\":" + Groups.quote(path)
        + (value == null ? "" : ",\"value\":" + value) + "}]}";
  }

  /** The tenant's license events, as "type license", once there are at least {@code n} (and a moment after). */
  private static List<String> licenseEvents(String tenant, int n) {
    List<String> events = new ArrayList<>();
    AppEvents.settled(tenant, "license.*", n).forEach(e -> events.add(e.path("type").asText() + " "
        + e.path("data").path("object").path("license").asText()));
    return events;
  }

  private static JsonNode byId(JsonNode resources, String id) {
    for (JsonNode resource : resources) {
      if (resource.path("id").asText().equals(id)) {
        return resource;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  private static List<String> ids(JsonNode list) {
    List<String> ids = new ArrayList<>();
    list.path("Resources").forEach(r -> ids.add(r.path("id").asText()));
    return ids;
  }
}
