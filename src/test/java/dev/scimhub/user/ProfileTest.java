package dev.scimhub.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimhub.support.AppEvents;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.Tenants.TestTenant;
import dev.scimhub.support.TestServer;
import dev.scimhub.support.Users;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The app's profile beside the SCIM resource: Engagedly's mapping (First Name, Last Name, Email, Job Title,
 * Department, Business Unit → division, Manager → "Manager ID (Email)", Location → City, Employee ID →
 * employeeNumber) as a tenant's {@code settings.profileMapping}, producing the expected {@code profile} in the
 * events and in the state API, whichever attribute names the IdP used.
 */
class ProfileTest {

  private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
  private static final String ENGAGEDLY = """
      {"firstName":"name.givenName","lastName":"name.familyName",
       "email":["emails[primary eq true].value","emails.value","userName"],
       "jobTitle":"title",
       "department":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
       "businessUnit":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:division",
       "managerEmail":"manager:emails[primary eq true].value",
       "location":"addresses[type eq \\"work\\"].locality",
       "employeeId":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber"}""";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void engagedlysMappingGivesTheExpectedProfileInTheEventAndTheStateApi() throws Exception {
    TestTenant tenant = TestServer.get().newTenant();
    TestServer.get().admin().patch("/admin/tenants/" + tenant.id(),
        "{\"settings\":{\"profileMapping\":" + ENGAGEDLY + "}}").assertStatus(200);
    ScimClient scim = tenant.scim();
    String boss = Users.randomUserName();
    scim.post("/Users", "{\"userName\":\"" + boss + "\",\"emails\":[{\"value\":\"" + boss + "\",\"primary\":true}]}")
        .assertScim(201);
    // Lower-case attribute names, as some IdPs send them; the manager by e-mail.
    String ada = scim.post("/Users", """
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","%1$s"],
         "userName":"ada@acme.example","name":{"givenname":"Ada","familyName":"Lovelace"},
         "emails":[{"value":"ada.home@example.com","type":"home"},
                   {"value":"ada@acme.example","type":"work","primary":true}],
         "title":"Analyst","addresses":[{"type":"work","locality":"London"},{"type":"home","locality":"Kent"}],
         "%1$s":{"department":"Engineering","division":"Engines","employeeNumber":"1815",
                 "manager":{"value":"%2$s"}}}""".formatted(ENTERPRISE, boss)).assertScim(201).path("id").asText();

    JsonNode expected = JSON.readTree("""
        {"firstName":"Ada","lastName":"Lovelace","email":"ada@acme.example","jobTitle":"Analyst",
         "department":"Engineering","businessUnit":"Engines","managerEmail":"%s","location":"London",
         "employeeId":"1815"}""".formatted(boss));
    JsonNode created = AppEvents.about(tenant.id(), "user.created", ada);
    assertEquals(expected, created.path("data").path("profile"));
    assertEquals(ada, created.path("data").path("object").path("id").asText());

    scim.patch("/Users/" + ada, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
        + "\"Operations\":[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"Lead\"}]}").assertScim(200);
    JsonNode updated = AppEvents.about(tenant.id(), "user.updated", ada);
    assertEquals("Lead", updated.path("data").path("profile").path("jobTitle").asText());
    assertEquals(List.of("title"), List.of(updated.path("data").path("changed").path(0).asText()));

    JsonNode state = AppEvents.app().get("/api/tenants/" + tenant.id() + "/users?limit=10").assertStatus(200).json();
    JsonNode listed = null;
    for (JsonNode user : state.path("data")) {
      if (user.path("id").asText().equals(ada)) {
        listed = user;
      }
    }
    assertEquals(((com.fasterxml.jackson.databind.node.ObjectNode) expected.deepCopy()).put("jobTitle", "Lead"),
        listed.path("profile"));
  }

  @Test
  void noMappingNoProfileAndABadMappingIsRefused() {
    TestTenant tenant = TestServer.get().newTenant();
    String id = tenant.scim().post("/Users", Users.minimal(Users.randomUserName())).assertScim(201).path("id")
        .asText();
    assertTrue(AppEvents.about(tenant.id(), "user.created", id).path("data").path("profile").isMissingNode());
    TestServer.get().admin().patch("/admin/tenants/" + tenant.id(),
        "{\"settings\":{\"profileMapping\":{\"jobTitle\":\"title[[\"}}}").assertStatus(400);
    TestServer.get().admin().patch("/admin/tenants/" + tenant.id(),
        "{\"settings\":{\"profileMapping\":{\"job title\":\"title\"}}}").assertStatus(400);
  }


}
