package dev.scimhub.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.Tenants.TestTenant;
import dev.scimhub.support.TestServer;
import dev.scimhub.support.Users;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UserLifecycleTest {

  private static ScimClient scim;
  private static TestTenant tenant;

  @BeforeAll
  static void tenant() {
    tenant = TestServer.get().newTenant();
    scim = tenant.scim();
  }

  @Test
  void createReturns201WithLocationMetaAndEtag() {
    String userName = Users.randomUserName();
    ScimClient.Response created = scim.post("/Users", Users.oktaCreate(userName, "Ada", "Lovelace"));
    JsonNode user = created.assertScim(201);
    String id = user.path("id").asText();
    assertEquals(tenant.scimBaseUrl() + "/Users/" + id, created.header("Location"));
    assertEquals(created.header("Location"), user.path("meta").path("location").asText());
    assertEquals("User", user.path("meta").path("resourceType").asText());
    assertTrue(user.path("meta").path("created").isTextual());
    assertTrue(user.path("meta").path("lastModified").isTextual());
    assertEquals(created.header("ETag"), user.path("meta").path("version").asText());
    assertEquals(userName, user.path("userName").asText());
    assertEquals("Ada", user.path("name").path("givenName").asText());
    assertTrue(user.path("active").asBoolean());
    assertTrue(user.path("password").isMissingNode(), "password is never returned");

    JsonNode fetched = scim.get("/Users/" + id).assertScim(200);
    assertEquals(user, fetched);
  }

  /** Reads keep stored values as raw text (ScimJson.parseStoredVerbatim); what comes out must be what went in. */
  @Test
  void readsReturnExactlyWhatTheCreateReturnedWhateverTheValues() {
    String userName = Users.randomUserName();
    String body = """
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User",
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
         "userName":"%s","displayName":"Zo\u00eb \\\\ \\"Q\\" O'Brien, \\u00e9\\u4e2d 🚀",
         "name":{"givenName":"Line1\\nLine2\\tTab","familyName":"{not, json}: [x]"},
         "emails":[{"value":"%s","type":"work","primary":true},{"value":"b@example.com","type":"home"}],
         "addresses":[{"type":"work","formatted":"1 Main St\\r\\nSpringfield","country":"US","primary":false}],
         "phoneNumbers":[],
         "active":false,
         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":
           {"employeeNumber":"007","manager":{"value":"m-1","displayName":"M, \\"the\\" boss"}}}
        """.formatted(userName, userName);
    JsonNode created = scim.post("/Users", body).assertScim(201);
    String id = created.path("id").asText();
    JsonNode fetched = scim.get("/Users/" + id).assertScim(200);
    JsonNode listed = scim.get("/Users?filter=" + java.net.URLEncoder.encode("id eq \"" + id + "\"",
        java.nio.charset.StandardCharsets.UTF_8)).assertScim(200).path("Resources").path(0);
    JsonNode projected = scim.get("/Users/" + id + "?excludedAttributes=nickName").assertScim(200);
    for (JsonNode read : new JsonNode[] {fetched, listed, projected}) {
      assertEquals(created, read);
      assertEquals(fieldNames(created), fieldNames(read), "schema order");
    }
    assertEquals("Zoë \\ \"Q\" O'Brien, é中 🚀", fetched.path("displayName").asText());
    assertEquals("Line1\nLine2\tTab", fetched.path("name").path("givenName").asText());
  }

  private static java.util.List<String> fieldNames(JsonNode node) {
    java.util.List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void deleteIs204ThenUserIsGone() {
    String id = scim.post("/Users", Users.minimal(Users.randomUserName())).assertScim(201).path("id").asText();
    ScimClient.Response deleted = scim.delete("/Users/" + id);
    assertEquals(204, deleted.status());
    assertEquals("", deleted.body());
    scim.get("/Users/" + id).assertError(404, null);
    scim.delete("/Users/" + id).assertError(404, null);
  }

  @Test
  void putReplacesChangesUserNameAndIgnoresReadOnly() {
    JsonNode user = scim.post("/Users", Users.oktaCreate(Users.randomUserName(), "Grace", "Hopper")).assertScim(201);
    String id = user.path("id").asText();
    String renamed = Users.randomUserName();
    String body = """
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"%s","userName":"%s",
         "name":{"givenName":"Grace","familyName":"Hopper"},"active":true,
         "meta":{"resourceType":"Nonsense","created":"2001-01-01T00:00:00Z"},"groups":[{"value":"x"}]}
        """.formatted(id, renamed);
    JsonNode replaced = scim.put("/Users/" + id, body).assertScim(200);
    assertEquals(renamed, replaced.path("userName").asText());
    assertEquals(user.path("meta").path("created"), replaced.path("meta").path("created"));
    assertEquals("User", replaced.path("meta").path("resourceType").asText());
    assertTrue(replaced.path("emails").isMissingNode(), "PUT replaces: attributes left out are removed");
    assertTrue(replaced.path("groups").isMissingNode(), "groups is readOnly");
    assertNotEquals(user.path("meta").path("version"), replaced.path("meta").path("version"));
    assertEquals(replaced, scim.get("/Users/" + id).assertScim(200));
  }

  @Test
  void ifMatchWithStaleVersionIs412AndChangesNothing() {
    JsonNode user = scim.post("/Users", Users.minimal(Users.randomUserName())).assertScim(201);
    String id = user.path("id").asText();
    String etag = user.path("meta").path("version").asText();
    String deactivate = """
        {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
         "Operations":[{"op":"replace","value":{"active":false}}]}""";
    ScimClient.Response ok = scim.send("PATCH", "/Users/" + id, deactivate, "If-Match", etag);
    String newEtag = ok.assertScim(200).path("meta").path("version").asText();
    assertNotEquals(etag, newEtag);

    scim.send("PATCH", "/Users/" + id, deactivate.replace("false", "true"), "If-Match", etag).assertError(412, null);
    scim.send("PUT", "/Users/" + id, Users.minimal("other@example.com"), "If-Match", etag).assertError(412, null);
    scim.send("DELETE", "/Users/" + id, null, "If-Match", etag).assertError(412, null);
    JsonNode unchanged = scim.get("/Users/" + id).assertScim(200);
    assertFalse(unchanged.path("active").asBoolean());
    assertEquals(newEtag, unchanged.path("meta").path("version").asText());

    assertEquals(204, scim.send("DELETE", "/Users/" + id, null, "If-Match", newEtag).status());
  }

  @Test
  void userNameIsUniqueCaseInsensitivelyWithinATenant() {
    String userName = Users.randomUserName();
    scim.post("/Users", Users.minimal(userName)).assertScim(201);
    scim.post("/Users", Users.minimal(userName.toUpperCase())).assertError(409, "uniqueness");

    String other = scim.post("/Users", Users.minimal(Users.randomUserName())).assertScim(201).path("id").asText();
    scim.put("/Users/" + other, Users.minimal(userName)).assertError(409, "uniqueness");
  }

  @Test
  void sameUserNameInTwoTenantsIsFine() {
    String userName = Users.randomUserName();
    scim.post("/Users", Users.minimal(userName)).assertScim(201);
    TestTenant other = TestServer.get().newTenant();
    other.scim().post("/Users", Users.minimal(userName)).assertScim(201);
  }
}
