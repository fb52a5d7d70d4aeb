package dev.scimhub.group;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimhub.support.AdminApi;
import dev.scimhub.support.AppEvents;
import dev.scimhub.support.Groups;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.Tenants.TestTenant;
import dev.scimhub.support.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * License groups over HTTP: groups linked to a license key (by id or displayName), and the license.granted /
 * license.revoked events their membership changes record — once per user and license, however many linked groups
 * give it — read back from the events API; the app reads a user's licenses; the tenant's own admin sets links too.
 */
class LicenseGroupsTest {

  private TestTenant tenant;
  private ScimClient scim;
  private ScimClient admin;
  private ScimClient app;
  private int seen;

  @BeforeEach
  void tenant() {
    tenant = TestServer.get().newTenant();
    scim = tenant.scim();
    admin = TestServer.get().admin();
    app = AppEvents.app();
  }

  @Test
  void aUserInTwoLinkedGroupsKeepsTheLicenseUntilRemovedFromBoth() {
    String user = Groups.createUser(scim);
    String sales = Groups.create(scim, "Sales");
    String support = Groups.create(scim, "Support");
    link("pro", "Sales").assertStatus(200);          // by displayName
    link("pro", support).assertStatus(200);          // by id
    link("pro", support).assertStatus(200);          // again: nothing changes

    scim.patch("/Groups/" + sales, Groups.patch(Groups.addMembers(user))).assertStatus(204);
    assertEquals(List.of("license.granted pro " + user), newEvents(1));
    scim.patch("/Groups/" + support, Groups.patch(Groups.addMembers(user))).assertStatus(204);
    scim.patch("/Groups/" + sales, Groups.patch(Groups.removeMember(user))).assertStatus(204);
    assertEquals(List.of("pro"), licensesOf(user), "still held through Support");
    scim.patch("/Groups/" + support, Groups.patch(Groups.removeMember(user))).assertStatus(204);
    assertEquals(List.of("license.revoked pro " + user), newEvents(1), "granted once, revoked once");
    assertEquals(List.of(), licensesOf(user));
  }

  @Test
  void linkingGrantsToTheMembersAndUnlinkingOrDeletingRevokes() {
    String ada = Groups.createUser(scim);
    String alan = Groups.createUser(scim);
    String engineering = Groups.create(scim, "Engineering", ada, alan);
    String admins = Groups.create(scim, "Admins", alan);

    link("enterprise", engineering).assertStatus(200);
    assertEquals(List.of("license.granted enterprise " + sorted(ada, alan).get(0),
        "license.granted enterprise " + sorted(ada, alan).get(1)), newEvents(2));
    link("enterprise", "admins").assertStatus(200);  // displayName is case-insensitive; alan holds it already
    admin.delete("/admin/tenants/" + tenant.id() + "/licenses/enterprise/groups/" + engineering).assertStatus(204);
    assertEquals(List.of("license.revoked enterprise " + ada), newEvents(1), "alan still holds it through Admins");
    scim.delete("/Groups/" + admins).assertStatus(204);
    assertEquals(List.of("license.revoked enterprise " + alan), newEvents(1));

    JsonNode links = admin.get("/admin/tenants/" + tenant.id() + "/licenses").assertStatus(200).json();
    assertEquals(0, links.path("licenses").size(), links.toString());
  }

  @Test
  void theAppAndTheTenantsAdminSeeTheLinks() {
    String user = Groups.createUser(scim);
    String group = Groups.create(scim, "Pro users", user);
    ScimClient own = AdminApi.as(AdminApi.tenantAdminJwt(tenant.id(), "it-admin@" + tenant.id()));
    own.put("/tenants/" + tenant.id() + "/licenses/pro/groups/" + segment("Pro users"), "")
        .assertStatus(200);
    JsonNode links = app.get("/api/tenants/" + tenant.id() + "/licenses").assertStatus(200).json();
    assertEquals("pro", links.path("licenses").path(0).path("license").asText());
    assertEquals(group, links.path("licenses").path(0).path("groups").path(0).path("id").asText());
    assertEquals(List.of("pro"), licensesOf(user));

    TestTenant other = TestServer.get().newTenant();
    AdminApi.as(AdminApi.tenantAdminJwt(other.id(), "x")).get("/tenants/" + tenant.id() + "/licenses")
        .assertStatus(403);
    app.get("/api/tenants/" + other.id() + "/users/" + user + "/licenses").assertStatus(404);
  }

  @Test
  void badLinksAreRefused() {
    Groups.create(scim, "Sales");
    link("pro plan", "Sales").assertStatus(400);
    link("pro", "No such group").assertStatus(404);
    admin.delete("/admin/tenants/" + tenant.id() + "/licenses/pro/groups/Sales").assertStatus(404);
    app.get("/api/tenants/" + tenant.id() + "/users/not-an-id/licenses").assertStatus(404);
  }

  private ScimClient.Response link(String license, String group) {
    return admin.put("/admin/tenants/" + tenant.id() + "/licenses/" + segment(license) + "/groups/" + segment(group),
        "");
  }

  /** A path segment, percent-encoded (a space as %20: '+' means a plus in a path). */
  private static String segment(String text) {
    return ScimClient.encode(text).replace("+", "%20");
  }

  private List<String> licensesOf(String user) {
    List<String> held = new ArrayList<>();
    app.get("/api/tenants/" + tenant.id() + "/users/" + user + "/licenses").assertStatus(200).json()
        .path("licenses").forEach(l -> held.add(l.path("license").asText()));
    return held;
  }

  /** The license events recorded since the last call: exactly {@code n} of them, as "type license user". */
  private List<String> newEvents(int n) {
    List<String> events = new ArrayList<>();
    AppEvents.settled(tenant.id(), "license.*", seen + n).forEach(e -> events.add(e.path("type").asText() + " "
        + e.path("data").path("object").path("license").asText() + " "
        + e.path("data").path("object").path("user").path("value").asText()));
    List<String> fresh = events.subList(Math.min(seen, events.size()), events.size());
    seen = events.size();
    return List.copyOf(fresh);
  }

  private static List<String> sorted(String a, String b) {
    return a.compareTo(b) < 0 ? List.of(a, b) : List.of(b, a);
  }
}
