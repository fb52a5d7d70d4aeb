package dev.scimhub.scim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimhub.support.Groups;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.Tenants.TestTenant;
import dev.scimhub.support.TestServer;
import dev.scimhub.support.Users;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What independent SCIM clients check beyond the main flows: conditional GET (RFC 7644 section 3.14), a
 * {@code Location} on every single resource returned, {@code /Me} (section 3.11), and reads as compact as writes.
 */
class ProtocolDetailsTest {

  private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

  private static ScimClient scim;

  @BeforeAll
  static void tenant() {
    TestTenant tenant = TestServer.get().newTenant();
    scim = tenant.scim();
  }

  @Test
  void getWithTheCurrentVersionInIfNoneMatchIs304() {
    String id = scim.post("/Users", Users.minimal(Users.randomUserName())).assertScim(201).path("id").asText();
    ScimClient.Response first = scim.get("/Users/" + id);
    String etag = first.header("ETag");
    ScimClient.Response same = scim.send("GET", "/Users/" + id, null, "If-None-Match", etag);
    assertEquals(304, same.status());
    assertEquals(etag, same.header("ETag"));
    assertTrue(same.body().isEmpty(), same.body());
    scim.send("GET", "/Users/" + id, null, "If-None-Match", "*").assertStatus(304);

    scim.patch("/Users/" + id, "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[{\"op\":\"replace\","
        + "\"path\":\"displayName\",\"value\":\"Changed\"}]}").assertScim(200);
    JsonNode changed = scim.send("GET", "/Users/" + id, null, "If-None-Match", etag).assertScim(200);
    assertEquals("Changed", changed.path("displayName").asText());

    String group = scim.post("/Groups", Groups.body(Groups.randomDisplayName())).assertScim(201).path("id").asText();
    String groupTag = scim.get("/Groups/" + group).header("ETag");
    scim.send("GET", "/Groups/" + group, null, "If-None-Match", groupTag).assertStatus(304);
    scim.send("GET", "/Groups/" + group, null, "If-None-Match", "W/\"999\"").assertScim(200);
    scim.send("GET", "/Users/no-such-user", null, "If-None-Match", "*").assertError(404, null);
  }

  @Test
  void everySingleResourceComesWithItsLocation() {
    String userName = Users.randomUserName();
    ScimClient.Response created = scim.post("/Users", Users.minimal(userName));
    String id = created.assertScim(201).path("id").asText();
    String location = scim.base() + "/Users/" + id;
    assertEquals(location, created.header("Location"));
    assertEquals(location, scim.get("/Users/" + id).header("Location"));
    assertEquals(location, scim.put("/Users/" + id, Users.minimal(userName)).header("Location"));
    assertEquals(location, scim.patch("/Users/" + id, "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[{\"op\":"
        + "\"replace\",\"path\":\"active\",\"value\":false}]}").header("Location"));
    assertEquals(null, scim.get("/Users").header("Location"), "a list is not one resource");

    String group = scim.post("/Groups", Groups.body(Groups.randomDisplayName())).assertScim(201).path("id").asText();
    assertEquals(scim.base() + "/Groups/" + group, scim.get("/Groups/" + group).header("Location"));
  }

  @Test
  void meIsNotImplemented() {
    JsonNode error = scim.get("/Me").assertError(501, null);
    assertEquals("501", error.path("status").asText());
    scim.send("PATCH", "/Me", "{}").assertError(501, null);
    scim.withAuthorization("Bearer nope").get("/Me").assertStatus(401);
  }

  @Test
  void aReadIsAsCompactAsTheWriteThatStoredIt() {
    String id = scim.post("/Users", Users.oktaCreate(Users.randomUserName(), "Ada", "Lovelace"))
        .assertScim(201).path("id").asText();
    String created = scim.get("/Users/" + id).body();
    assertFalse(created.contains("\": ") || created.contains(", \""), created);
    JsonNode read = scim.get("/Users/" + id).json();
    assertEquals("Ada", read.path("name").path("givenName").asText());
    assertEquals("work", read.path("emails").path(0).path("type").asText());
  }
}
