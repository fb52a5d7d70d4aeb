package dev.scimhub.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Collection;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The platform admin and tenant self-service APIs as tests use them: JWTs for either role, token operations, the
 * shape of answers and errors, and waiting for what is written in batches.
 */
public final class AdminApi {

  public static final String TOKEN_PREFIX = "scimhub_";

  private AdminApi() {}

  /** A client of the admin and self-service APIs sending {@code Authorization: Bearer <jwt>} (null: no header). */
  public static ScimClient as(String jwt) {
    return new ScimClient(TestServer.get().baseUrl(), jwt == null ? null : "Bearer " + jwt);
  }

  public static String platformAdminJwt(String sub) {
    return TestServer.get().jwt(new JsonObject().put("role", "platform-admin").put("sub", sub), 600);
  }

  public static String tenantAdminJwt(String tenant, String sub) {
    return TestServer.get().jwt(
        new JsonObject().put("role", "tenant-admin").put("tenant", tenant).put("sub", sub), 600);
  }

  /** A SCIM client of {@code tenant} presenting {@code token}. */
  public static ScimClient scim(String tenant, String token) {
    return new ScimClient(TestServer.get().baseUrl() + "/tenants/" + tenant + "/scim/v2", "Bearer " + token);
  }

  /** Creates a named connection through {@code tokensPath} and returns the answer, value included. */
  public static JsonNode createToken(ScimClient client, String tokensPath, String label) {
    JsonNode token = assertJson(client.post(tokensPath, new JsonObject().put("label", label).encode()), 201);
    assertTrue(token.path("value").asText().startsWith(TOKEN_PREFIX), token.toString());
    return token;
  }

  /** The live connections listed at {@code tokensPath}. */
  public static JsonNode listTokens(ScimClient client, String tokensPath) {
    JsonNode tokens = assertJson(client.get(tokensPath), 200).path("tokens");
    assertTrue(tokens.isArray(), "tokens array");
    return tokens;
  }

  /** The listed connection with this id, or a missing node. */
  public static JsonNode listed(JsonNode tokens, String tokenId) {
    for (JsonNode token : tokens) {
      if (token.path("id").asText().equals(tokenId)) {
        return token;
      }
    }
    return MissingNode.getInstance();
  }

  /** The number of users (or groups, with {@code "/Groups"}) a tenant's SCIM endpoint reports. */
  public static int total(ScimClient scim, String resources) {
    return scim.get(resources + "?count=0").assertScim(200).path("totalResults").asInt();
  }

  /** Asserts the status and a JSON body; returns the body. */
  public static JsonNode assertJson(ScimClient.Response response, int status) {
    assertEquals(status, response.status(), () -> describe(response));
    String contentType = response.header("Content-Type");
    assertTrue(contentType != null && contentType.startsWith("application/json"),
        () -> "Content-Type " + contentType + " of " + describe(response));
    return response.json();
  }

  /**
   * Asserts an error: the status, a JSON body with the status (a string, as SCIM errors carry it) and a detail, and
   * {@code WWW-Authenticate: Bearer} on a 401. Returns the body.
   */
  public static JsonNode assertError(ScimClient.Response response, int status) {
    assertEquals(status, response.status(), () -> describe(response));
    String contentType = response.header("Content-Type");
    // Admin paths answer application/json; self-service errors come from the SCIM failure handler.
    assertTrue(contentType != null
            && (contentType.startsWith("application/json") || contentType.startsWith("application/scim+json")),
        () -> "Content-Type " + contentType + " of " + describe(response));
    JsonNode body = response.json();
    assertEquals(String.valueOf(status), body.path("status").asText(), body.toString());
    assertTrue(body.path("detail").isTextual() && !body.path("detail").asText().isBlank(), body.toString());
    if (status == 401) {
      assertEquals("Bearer", response.header("WWW-Authenticate"), describe(response));
    }
    return body;
  }

  /** Asserts that none of {@code secrets} appears in the response. */
  public static void assertContainsNone(ScimClient.Response response, Collection<String> secrets) {
    for (String secret : secrets) {
      assertFalse(response.body().contains(secret), () -> "token value leaked by " + describe(response));
    }
  }

  /**
   * Probes every 200 ms until {@code done} accepts the answer or {@code timeout} passes; for what the server writes
   * in batches. Returns the accepted answer.
   */
  public static <T> T await(Duration timeout, String what, Supplier<T> probe, Predicate<T> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = probe.get();
    while (!done.test(last)) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(what + " within " + timeout.toSeconds() + " s; last seen: " + last);
      }
      sleep(200);
      last = probe.get();
    }
    return last;
  }

  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public static String describe(ScimClient.Response response) {
    return response.raw().request().method() + " " + response.raw().uri() + " -> " + response.status() + ": "
        + response.body();
  }
}
