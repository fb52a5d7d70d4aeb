package dev.scimhub.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimhub.support.AdminApi;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.Tenants;
import dev.scimhub.support.TestServer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code /openapi.json} against the real routes: every documented operation exists and answers with a status it
 * documents (a real request, authorized as the document says), and on every documented path each undocumented method
 * answers 405 — the document and the route table cannot drift apart unnoticed.
 */
class OpenApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

  @Test
  void everyDocumentedOperationAnswersAsDocumentedAndNothingElseIsServed() throws Exception {
    TestServer server = TestServer.get();
    ScimClient anonymous = new ScimClient(server.baseUrl(), null);
    ScimClient.Response served = anonymous.get("/openapi.json");
    assertEquals(200, served.status());
    JsonNode doc = JSON.readTree(served.body());
    assertEquals("3.1.0", doc.path("openapi").asText());

    Tenants.TestTenant tenant = server.newTenant();
    String tokenId = server.admin().get("/admin/tenants/" + tenant.id() + "/tokens").json()
        .path("tokens").path(0).path("id").asText();
    assertEquals(tokenId, UUID.fromString(tokenId).toString(), "the tenant's first token");
    ScimClient admin = server.admin();
    ScimClient self = AdminApi.as(AdminApi.tenantAdminJwt(tenant.id(), "openapi-test"));

    List<String> checked = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> path = paths.next();
      // A throwaway tenant for the operations that change or remove one, so the others keep theirs.
      String target = path.getKey().startsWith("/admin/tenants/{tenant}") && !path.getKey().contains("/tokens")
          && !path.getKey().endsWith("/audit") ? server.newTenant().id() : tenant.id();
      String concrete = path.getKey().replace("{tenant}", target).replace("{tokenId}", tokenId)
          .replace("{id}", UUID.randomUUID().toString()).replace("{license}", "pro")
          .replace("{group}", UUID.randomUUID().toString())
          .replace("{urn}", "urn:ietf:params:scim:schemas:extension:openapi:2.0:User");
      // Every method of a path is tried with the credential its documented operations take.
      String security = path.getValue().findValues("security").toString();
      // The app's operations are open to a platform admin as well.
      ScimClient client = security.contains("tenantAdmin") ? self
          : security.contains("platformAdmin") || security.contains("\"app\"") ? admin : anonymous;
      for (String method : METHODS) {
        JsonNode operation = path.getValue().path(method.toLowerCase());
        String query = method.equals("DELETE") && path.getKey().equals("/admin/tenants/{tenant}")
            ? "?confirm=" + target : "";
        String body = method.equals("POST") && path.getKey().equals("/admin/tenants")
            ? "{\"id\":\"" + Tenants.randomId() + "\",\"name\":\"OpenAPI\"}"
            : Set.of("POST", "PUT", "PATCH").contains(method) ? "{}" : null;
        ScimClient.Response response = client.send(method, concrete + query, body,
            body == null ? new String[0] : new String[] {"Content-Type", "application/json"});
        if (operation.isMissingNode()) {
          assertEquals(405, response.status(), method + " " + path.getKey() + " is not documented but answered "
              + response.status() + ": " + response.body());
        } else {
          assertTrue(operation.path("responses").has(String.valueOf(response.status())), method + " "
              + path.getKey() + " answered " + response.status() + ", not a documented status: " + response.body());
          assertTrue(response.status() != 404 || !response.body().contains("No such endpoint"),
              method + " " + path.getKey() + " has no route");
          checked.add(method + " " + path.getKey());
        }
      }
    }
    assertEquals(75, checked.size(), "operations checked: " + checked);
  }
}
