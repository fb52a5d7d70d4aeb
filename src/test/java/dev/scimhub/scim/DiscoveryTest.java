package dev.scimhub.scim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.Tenants.TestTenant;
import dev.scimhub.support.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The discovery endpoints (RFC 7644 section 4, RFC 7643 sections 5-7). */
class DiscoveryTest {

  private static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
  private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
  private static final String LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

  private static TestTenant tenant;
  private static ScimClient scim;

  @BeforeAll
  static void tenant() {
    tenant = TestServer.get().newTenant();
    scim = tenant.scim();
  }

  @Test
  void serviceProviderConfigAdvertisesWhatIsSupported() {
    JsonNode config = scim.get("/ServiceProviderConfig").assertScim(200);
    assertEquals("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig", config.path("schemas").path(0).asText());
    assertTrue(config.path("patch").path("supported").asBoolean());
    assertTrue(config.path("filter").path("supported").asBoolean());
    assertEquals(200, config.path("filter").path("maxResults").asInt(), "as TestServer configures it");
    assertTrue(config.path("sort").path("supported").asBoolean());
    assertTrue(config.path("etag").path("supported").asBoolean());
    assertTrue(config.path("bulk").path("supported").asBoolean());
    assertEquals(1000, config.path("bulk").path("maxOperations").asInt());
    assertEquals(TestServer.get().config().maxBodyBytes(), config.path("bulk").path("maxPayloadSize").asLong());
    assertTrue(config.path("changePassword").path("supported").isBoolean());
    JsonNode schemes = config.path("authenticationSchemes");
    assertTrue(schemes.isArray() && schemes.size() > 0, config.toString());
    assertTrue(schemes.path(0).path("type").isTextual() && schemes.path(0).path("name").isTextual());
    assertLocation(config, "/ServiceProviderConfig");
    assertEquals("ServiceProviderConfig", config.path("meta").path("resourceType").asText());
  }

  @Test
  void resourceTypesListsUserWithTheEnterpriseExtension() {
    JsonNode list = scim.get("/ResourceTypes").assertScim(200);
    assertListResponse(list);
    JsonNode user = find(list, "User");
    assertEquals("/Users", user.path("endpoint").asText());
    assertEquals(USER, user.path("schema").asText());
    assertEquals(ENTERPRISE, user.path("schemaExtensions").path(0).path("schema").asText());
    assertFalse(user.path("schemaExtensions").path(0).path("required").asBoolean(true));
    assertLocation(user, "/ResourceTypes/User");
  }

  @Test
  void resourceTypeUserByName() {
    JsonNode user = scim.get("/ResourceTypes/User").assertScim(200);
    assertEquals("urn:ietf:params:scim:schemas:core:2.0:ResourceType", user.path("schemas").path(0).asText());
    assertEquals("User", user.path("id").asText());
    assertEquals("User", user.path("name").asText());
    assertEquals(USER, user.path("schema").asText());
    assertLocation(user, "/ResourceTypes/User");
  }

  @Test
  void schemasListsCoreUserAndEnterprise() {
    JsonNode list = scim.get("/Schemas").assertScim(200);
    assertListResponse(list);
    List<String> ids = new ArrayList<>();
    list.path("Resources").forEach(schema -> ids.add(schema.path("id").asText()));
    assertTrue(ids.contains(USER) && ids.contains(ENTERPRISE), ids.toString());
    JsonNode core = find(list, USER);
    assertTrue(core.path("attributes").isArray() && core.path("attributes").size() > 0);
    assertLocation(core, "/Schemas/" + USER);
  }

  @Test
  void schemaByUrnReturnsIt() {
    for (String urn : List.of(USER, ENTERPRISE)) {
      JsonNode schema = scim.get("/Schemas/" + urn).assertScim(200);
      assertEquals("urn:ietf:params:scim:schemas:core:2.0:Schema", schema.path("schemas").path(0).asText());
      assertEquals(urn, schema.path("id").asText());
      assertTrue(schema.path("attributes").size() > 0);
      assertLocation(schema, "/Schemas/" + urn);
    }
  }

  @Test
  void coreUserSchemaDescribesUserNameAndPassword() {
    JsonNode schema = scim.get("/Schemas/" + USER).assertScim(200);
    JsonNode userName = attribute(schema, "userName");
    assertTrue(userName.path("required").asBoolean());
    assertEquals("server", userName.path("uniqueness").asText());
    JsonNode password = attribute(schema, "password");
    assertEquals("writeOnly", password.path("mutability").asText());
    assertEquals("never", password.path("returned").asText());
  }

  @Test
  void oktasScim11GroupExtensionIsNotAdvertisedOverScim2() {
    String okta = "urn:okta:custom:group:1.0";
    JsonNode list = scim.get("/Schemas").assertScim(200);
    list.path("Resources").forEach(schema -> assertNotEquals(okta, schema.path("id").asText()));
    assertEquals(list.path("Resources").size(), list.path("totalResults").asInt());
    scim.get("/Schemas/" + okta).assertError(404, null);
    JsonNode group = find(scim.get("/ResourceTypes").assertScim(200), "Group");
    assertFalse(group.toString().contains(okta), group.toString());
    assertFalse(scim.get("/ResourceTypes/Group").assertScim(200).toString().contains(okta));
  }

  @Test
  void unknownSchemaOrResourceTypeIs404() {
    scim.get("/Schemas/urn:example:no:such:schema").assertError(404, null);
    scim.get("/ResourceTypes/Widget").assertError(404, null);
  }

  private static void assertListResponse(JsonNode list) {
    assertEquals(LIST_RESPONSE, list.path("schemas").path(0).asText());
    int resources = list.path("Resources").size();
    assertTrue(resources > 0, list.toString());
    assertEquals(resources, list.path("totalResults").asInt());
  }

  /** meta.location is absolute under the caller's tenant base URL (RFC 7643 section 3.1). */
  private static void assertLocation(JsonNode document, String relative) {
    assertEquals(tenant.scimBaseUrl() + relative, document.path("meta").path("location").asText(),
        document.toString());
  }

  private static JsonNode find(JsonNode list, String id) {
    for (JsonNode resource : list.path("Resources")) {
      if (id.equals(resource.path("id").asText())) {
        return resource;
      }
    }
    throw new AssertionError("no " + id + " in " + list);
  }

  private static JsonNode attribute(JsonNode schema, String name) {
    for (JsonNode attribute : schema.path("attributes")) {
      if (name.equals(attribute.path("name").asText())) {
        return attribute;
      }
    }
    throw new AssertionError("no attribute " + name + " in " + schema.path("id"));
  }
}
