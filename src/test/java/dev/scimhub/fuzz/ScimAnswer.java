package dev.scimhub.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimhub.fuzz.FuzzWorld.Sent;
import java.io.IOException;

/**
 * What every answer to hostile input must be (issue 11): never a 5xx or a broken connection; a 4xx is a SCIM error
 * (RFC 7644 section 3.12) in {@code application/scim+json}, with {@code schemas} exactly the Error URN, {@code status}
 * the HTTP status as a string, and a {@code detail} that says something; a 2xx is a resource or a list response.
 */
final class ScimAnswer {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ScimAnswer() {}

  /** The SCIM body limit: a larger body is refused (413) before it is read. */
  private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

  static void check(Sent sent) {
    if (sent.failure() != null) {
      if (refusedUnread(sent)) {
        return;
      }
      throw failure(sent, "no complete answer: " + sent.failure());
    }
    int status = sent.status();
    if (meNotImplemented(sent)) {
      // RFC 7644 section 3.11: a provider without /Me answers 501; still a SCIM error (a HEAD has no body).
      if (!sent.request().method().equals("HEAD")) {
        error(sent, status);
      }
      return;
    }
    if (status >= 500) {
      throw failure(sent, "a 5xx for client input");
    }
    boolean head = sent.request().method().equals("HEAD");
    if (status >= 400) {
      if (!head) {
        error(sent, status);
      }
    } else if (status == 204) {
      if (sent.response().body().length != 0) {
        throw failure(sent, "a 204 with a body");
      }
    } else if (status >= 200 && status < 300) {
      if (!head) {
        success(sent);
      }
    } else {
      throw failure(sent, "neither a success nor an error");
    }
  }

  /** A 501 to {@code /Me}: what RFC 7644 section 3.11 asks of a provider without it, not a server failure. */
  static boolean meNotImplemented(Sent sent) {
    String path = java.net.URI.create(sent.url()).getPath();
    return sent.status() == 501 && (path.endsWith("/Me") || path.contains("/Me/"));
  }

  /**
   * Whether the server refuses the request before reading its body (a form body, 415; one beyond the limit, 413) —
   * and then closes the connection at once. A client still sending the body then gets a reset that may cost it the
   * answer: a known limit of the server (no lingering close), not a broken answer.
   */
  static boolean refusedUnread(Sent sent) {
    String type = sent.request().contentType() == null ? "" : sent.request().contentType().trim().toLowerCase(
        java.util.Locale.ROOT);
    return sent.body() != null && (sent.body().length > MAX_BODY_BYTES || type.startsWith("multipart/form-data")
        || type.startsWith("application/x-www-form-urlencoded"));
  }

  private static void error(Sent sent, int status) {
    contentType(sent);
    JsonNode body = json(sent);
    JsonNode schemas = body.path("schemas");
    if (!schemas.isArray() || schemas.size() != 1 || !FuzzSchema.ERROR.equals(schemas.path(0).asText())) {
      throw failure(sent, "an error's schemas must be [\"" + FuzzSchema.ERROR + "\"]");
    }
    if (!body.path("status").isTextual() || !body.path("status").asText().equals(String.valueOf(status))) {
      throw failure(sent, "an error's status must be the string \"" + status + "\"");
    }
    if (!body.path("detail").isTextual() || body.path("detail").asText().isBlank()) {
      throw failure(sent, "an error needs a detail");
    }
  }

  private static void success(Sent sent) {
    contentType(sent);
    JsonNode body = json(sent);
    schemas(sent, body);
    if (body.has("totalResults")) {
      if (!body.path("totalResults").canConvertToLong() || body.path("totalResults").asLong() < 0) {
        throw failure(sent, "a list response's totalResults must be a count");
      }
      JsonNode resources = body.path("Resources");
      if (!resources.isMissingNode() && !resources.isArray()) {
        throw failure(sent, "a list response's Resources must be an array");
      }
      for (JsonNode resource : resources) {
        schemas(sent, resource);
      }
      return;
    }
    boolean resourceEndpoint = sent.request().endpoint().equals("/Users") || sent.request().endpoint()
        .equals("/Groups");
    if (resourceEndpoint && !body.path("id").isTextual()) {
      throw failure(sent, "a resource needs its id");
    }
  }

  private static void schemas(Sent sent, JsonNode node) {
    JsonNode schemas = node.path("schemas");
    if (!schemas.isArray() || schemas.isEmpty()) {
      throw failure(sent, "no schemas in " + FuzzRequest.clip(node.toString(), 500));
    }
    for (JsonNode urn : schemas) {
      if (!urn.isTextual() || !urn.asText().startsWith("urn:")) {
        throw failure(sent, "schemas must be URNs");
      }
    }
  }

  private static void contentType(Sent sent) {
    String type = sent.header("Content-Type");
    if (type == null || !type.startsWith("application/scim+json")) {
      throw failure(sent, "Content-Type must be application/scim+json, was " + type);
    }
  }

  private static JsonNode json(Sent sent) {
    try {
      JsonNode node = MAPPER.readTree(sent.response().body());
      if (node == null || !node.isObject()) {
        throw failure(sent, "the body is not a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw failure(sent, "the body is not JSON: " + e.getMessage());
    }
  }

  private static AssertionError failure(Sent sent, String what) {
    return new AssertionError(what + "\n  request: " + sent.request() + "\n  sent to: "
        + FuzzRequest.clip(sent.url(), 2_000) + "\n  answer: " + sent.status() + " "
        + FuzzRequest.clip(sent.responseText(), 2_000), sent.failure());
  }
}
