package dev.scimhub.activity;

import dev.scimhub.http.RequestFacts;
import java.time.OffsetDateTime;

/**
 * One SCIM request as it ended, raw: what the request's handlers saw, taken on its event loop at the cost of a few
 * references. Everything that costs (redaction, reading names out of bodies) is done later by the writer.
 *
 * @param requestBody the body as read (null when none was read, a refused request's)
 * @param responseBody the answer's body (null for none)
 */
record RequestRecord(String tenant, OffsetDateTime at, String requestId, String method, String path, String query,
    int status, double durationMs, String clientAddress, String userAgent, RequestFacts facts, byte[] requestBody,
    byte[] responseBody) {

  /** The connection a request counts under: its token (a suspended tenant's too), or none where no token was known. */
  String tokenKey() {
    return facts.tokenId() == null ? "" : facts.tokenId();
  }

  boolean write() {
    return !read(method, path);
  }

  static boolean read(String method, String path) {
    return "GET".equals(method) || "HEAD".equals(method) || ("POST".equals(method) && path.endsWith("/.search"));
  }
}
