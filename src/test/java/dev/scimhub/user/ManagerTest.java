package dev.scimhub.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimhub.support.AppEvents;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.Tenants.TestTenant;
import dev.scimhub.support.TestServer;
import dev.scimhub.support.Users;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The enterprise manager as a link (issue: managers by id, externalId or e-mail): a manager sent as an e-mail address
 * is linked to that user at once; one not there yet is kept as sent and linked when it arrives, with a user.updated
 * event; a manager's deletion clears the link; the tenant's rule decides what a value may name.
 */
class ManagerTest {

  private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

  @Test
  void aManagerByEmailIsLinkedAtOnce() {
    ScimClient scim = TestServer.get().newTenant().scim();
    String bossName = Users.randomUserName();
    String bossId = create(scim, bossName, "Bea Boss", null, null);
    String reportId = create(scim, Users.randomUserName(), "Ray Report", null, bossName.toUpperCase());

    JsonNode manager = scim.get("/Users/" + reportId).assertScim(200).path(ENTERPRISE).path("manager");
    assertEquals(bossId, manager.path("value").asText());
    assertEquals(scim.base() + "/Users/" + bossId, manager.path("$ref").asText());
    assertEquals("Bea Boss", manager.path("displayName").asText());
    // A filter on the link finds the report by the manager's id.
    assertEquals(reportId, scim.get("/Users?filter=" + ScimClient.encode(ENTERPRISE + ":manager.value eq \""
        + bossId + "\"")).assertScim(200).path("Resources").path(0).path("id").asText());
  }

  @Test
  void byExternalIdAndByIdToo() {
    ScimClient scim = TestServer.get().newTenant().scim();
    String bossId = create(scim, Users.randomUserName(), "Bea Boss", "00uBOSS", null);
    assertEquals(bossId, managerOf(scim, create(scim, Users.randomUserName(), "A", null, "00uBOSS")));
    assertEquals(bossId, managerOf(scim, create(scim, Users.randomUserName(), "B", null, bossId)));
  }

  @Test
  void aPendingManagerIsLinkedWhenTheManagerArrives() {
    TestTenant tenant = TestServer.get().newTenant();
    ScimClient scim = tenant.scim();
    String bossName = Users.randomUserName();
    String reportId = create(scim, Users.randomUserName(), "Ray Report", null, bossName);
    JsonNode pending = scim.get("/Users/" + reportId).assertScim(200).path(ENTERPRISE).path("manager");
    assertEquals(bossName, pending.path("value").asText(), "kept as sent while nobody has that name");
    assertFalse(pending.has("$ref"));
    String etagBefore = scim.get("/Users/" + reportId).header("ETag");

    String bossId = create(scim, bossName, "Bea Boss", null, null);

    JsonNode report = scim.get("/Users/" + reportId).assertScim(200);
    assertEquals(bossId, report.path(ENTERPRISE).path("manager").path("value").asText());
    assertEquals("Bea Boss", report.path(ENTERPRISE).path("manager").path("displayName").asText());
    assertTrue(!etagBefore.equals(scim.get("/Users/" + reportId).header("ETag")), "the link is a change");
    JsonNode updated = AppEvents.about(tenant.id(), "user.updated", reportId);
    assertEquals(List.of(ENTERPRISE), toList(updated.path("data").path("changed")));
  }

  @Test
  void aPendingManagerIsLinkedWhenAUserTakesThatEmailAndNotByOtherChanges() {
    ScimClient scim = TestServer.get().newTenant().scim();
    String wanted = Users.randomUserName();
    String reportId = create(scim, Users.randomUserName(), "Ray Report", null, wanted);
    String bossId = create(scim, Users.randomUserName(), "Bea Boss", null, null);
    scim.patch("/Users/" + bossId, patch("replace", "title", "\"Boss\"")).assertScim(200);
    assertEquals(wanted, managerOf(scim, reportId), "a change of no key links nobody");
    scim.patch("/Users/" + bossId, patch("add", "emails", "[{\"value\":\"" + wanted + "\",\"type\":\"other\"}]"))
        .assertScim(200);
    assertEquals(bossId, managerOf(scim, reportId), "the e-mail the report named is the boss's now");
  }

  @Test
  void inOneBulkTheReportOfAManagerCreatedJustBeforeIsLinked() {
    ScimClient scim = TestServer.get().newTenant().scim();
    String boss = Users.randomUserName();
    JsonNode results = scim.post("/Bulk", "{\"Operations\":["
        + "{\"method\":\"POST\",\"path\":\"/Users\",\"bulkId\":\"b\",\"data\":" + body(boss, "Bea", null, null) + "},"
        + "{\"method\":\"POST\",\"path\":\"/Users\",\"bulkId\":\"r\",\"data\":"
        + body(Users.randomUserName(), "Ray", null, boss) + "}]}").assertScim(200).path("Operations");
    String bossId = results.path(0).path("location").asText().replaceAll(".*/", "");
    String reportId = results.path(1).path("location").asText().replaceAll(".*/", "");
    assertEquals(bossId, managerOf(scim, reportId));
  }

  @Test
  void aManagersDeletionClearsTheLink() {
    TestTenant tenant = TestServer.get().newTenant();
    ScimClient scim = tenant.scim();
    String bossName = Users.randomUserName();
    String bossId = create(scim, bossName, "Bea Boss", null, null);
    String reportId = create(scim, Users.randomUserName(), "Ray Report", null, bossName);
    scim.delete("/Users/" + bossId).assertStatus(204);
    JsonNode report = scim.get("/Users/" + reportId).assertScim(200);
    assertTrue(report.path(ENTERPRISE).path("manager").isMissingNode(), report.toString());
    // The report had no user.updated before: its manager was linked when it was created.
    assertEquals(List.of(ENTERPRISE), toList(AppEvents.about(tenant.id(), "user.updated", reportId).path("data")
        .path("changed")));
  }

  @Test
  void resendingALinkedManagerChangesNothing() {
    ScimClient scim = TestServer.get().newTenant().scim();
    String bossName = Users.randomUserName();
    String bossId = create(scim, bossName, "Bea Boss", null, null);
    String reportName = Users.randomUserName();
    String reportId = create(scim, reportName, "Ray Report", null, bossName);
    String etag = scim.get("/Users/" + reportId).header("ETag");
    scim.put("/Users/" + reportId, body(reportName, "Ray Report", null, bossId)).assertScim(200);
    assertEquals(etag, scim.get("/Users/" + reportId).header("ETag"), "the same manager by id: nothing to write");
  }

  @Test
  void theTenantsRuleDecidesWhatAValueMayName() {
    TestTenant tenant = TestServer.get().newTenant();
    ScimClient scim = tenant.scim();
    TestServer.get().admin().patch("/admin/tenants/" + tenant.id(),
        "{\"settings\":{\"managerResolution\":\"externalId\"}}").assertStatus(200);
    String bossName = Users.randomUserName();
    create(scim, bossName, "Bea Boss", "00uBOSS", null);
    String byName = create(scim, Users.randomUserName(), "A", null, bossName);
    assertEquals(bossName, managerOf(scim, byName), "under 'externalId' an e-mail is not looked up");
    TestServer.get().admin().patch("/admin/tenants/" + tenant.id(),
        "{\"settings\":{\"managerResolution\":\"sometimes\"}}").assertStatus(400);
  }

  private static String create(ScimClient scim, String userName, String displayName, String externalId,
      String manager) {
    return scim.post("/Users", body(userName, displayName, externalId, manager)).assertScim(201).path("id").asText();
  }

  private static String body(String userName, String displayName, String externalId, String manager) {
    JsonObject user = new JsonObject()
        .put("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE))
        .put("userName", userName).put("displayName", displayName)
        .put("emails", List.of(new JsonObject().put("value", userName).put("primary", true)));
    if (externalId != null) {
      user.put("externalId", externalId);
    }
    if (manager != null) {
      user.put(ENTERPRISE, new JsonObject().put("manager", new JsonObject().put("value", manager)));
    }
    return user.encode();
  }

  private static String patch(String op, String path, String value) {
    return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"" + op
        + "\",\"path\":\"" + path + "\",\"value\":" + value + "}]}";
  }

  private static String managerOf(ScimClient scim, String id) {
    return scim.get("/Users/" + id).assertScim(200).path(ENTERPRISE).path("manager").path("value").asText();
  }


  private static List<String> toList(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
