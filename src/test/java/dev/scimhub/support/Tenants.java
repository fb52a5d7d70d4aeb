package dev.scimhub.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.ThreadLocalRandom;

/** Random tenants, so that test classes never share data and never need cleaning up. */
public final class Tenants {

  /** A tenant as a test uses it: its SCIM base URL and a client holding its first token. */
  public record TestTenant(String id, String token, String scimBaseUrl, ScimClient scim) {}

  private Tenants() {}

  public static String randomId() {
    return "t-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
  }

  static TestTenant create(TestServer server) {
    String id = randomId();
    ScimClient.Response response = server.admin()
        .post("/admin/tenants", "{\"id\":\"" + id + "\",\"name\":\"Tenant " + id + "\"}");
    assertEquals(201, response.status(), response.body());
    JsonNode json = response.json();
    String token = json.path("token").path("value").asText();
    String base = json.path("scimBaseUrl").asText();
    return new TestTenant(id, token, base, new ScimClient(base, "Bearer " + token));
  }
}
