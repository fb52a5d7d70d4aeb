package dev.scimhub.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A blocking HTTP client for black-box tests, in the style of SCIMple's compliance tests: plain requests against the
 * running server, so a test reads as the sequence of calls an identity provider makes.
 */
public final class ScimClient {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String base;
  private final String authorization;

  public ScimClient(String base, String authorization) {
    this.base = base;
    this.authorization = authorization;
  }

  /** The same endpoint with another {@code Authorization} header (null sends none). */
  public ScimClient withAuthorization(String authorization) {
    return new ScimClient(base, authorization);
  }

  public String base() {
    return base;
  }

  /** A response with its body as text; {@link #json()} parses it. */
  public record Response(int status, HttpResponse<String> raw) {
    public String body() {
      return raw.body();
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    public JsonNode json() {
      try {
        return MAPPER.readTree(raw.body());
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + raw.body(), e);
      }
    }

    public ObjectNode object() {
      return (ObjectNode) json();
    }

    /** Asserts the status only; returns this response. */
    public Response assertStatus(int expectedStatus) {
      assertEquals(expectedStatus, status, () -> "status of " + raw.request().method() + " " + raw.uri() + ": "
          + raw.body());
      return this;
    }

    /** Asserts the status, the SCIM content type and a {@code schemas} member; returns the body. */
    public JsonNode assertScim(int expectedStatus) {
      assertEquals(expectedStatus, status, () -> "status of " + raw.request().method() + " " + raw.uri() + ": "
          + raw.body());
      String contentType = header("Content-Type");
      assertNotNull(contentType, "Content-Type");
      assertTrue(contentType.startsWith("application/scim+json"), "Content-Type was " + contentType);
      JsonNode json = json();
      assertTrue(json.path("schemas").isArray() && json.path("schemas").size() > 0, "schemas in " + raw.body());
      return json;
    }

    /** Asserts a SCIM error with this status and scimType (null: none expected); returns the body. */
    public JsonNode assertError(int expectedStatus, String scimType) {
      JsonNode json = assertScim(expectedStatus);
      assertEquals("urn:ietf:params:scim:api:messages:2.0:Error", json.path("schemas").path(0).asText());
      assertEquals(String.valueOf(expectedStatus), json.path("status").asText());
      assertTrue(json.path("detail").isTextual() && !json.path("detail").asText().isBlank(), "detail");
      if (scimType != null) {
        assertEquals(scimType, json.path("scimType").asText(), raw.body());
      } else {
        assertTrue(json.path("scimType").isMissingNode(), "no scimType expected: " + raw.body());
      }
      return json;
    }
  }

  public Response get(String path) {
    return send("GET", path, null, null);
  }

  /** GET with one query parameter, encoded the way a browser or IdP would. */
  public Response get(String path, String param, String value) {
    return get(path + (path.contains("?") ? "&" : "?") + param + "=" + encode(value));
  }

  public Response post(String path, String json) {
    return send("POST", path, json, null);
  }

  public Response put(String path, String json) {
    return send("PUT", path, json, null);
  }

  public Response patch(String path, String json) {
    return send("PATCH", path, json, null);
  }

  public Response delete(String path) {
    return send("DELETE", path, null, null);
  }

  /** Any request; {@code headers} are name/value pairs. */
  public Response send(String method, String path, String body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path))
        .timeout(Duration.ofSeconds(60))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    boolean typed = false;
    for (int i = 0; headers != null && i + 1 < headers.length; i += 2) {
      typed |= headers[i].equalsIgnoreCase("Content-Type");
    }
    if (body != null && !typed) {
      request.header("Content-Type", "application/scim+json");
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (headers != null) {
      for (int i = 0; i + 1 < headers.length; i += 2) {
        request.header(headers[i], headers[i + 1]);
      }
    }
    try {
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response);
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
