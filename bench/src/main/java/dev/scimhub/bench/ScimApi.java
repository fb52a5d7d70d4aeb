package dev.scimhub.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.util.List;

/**
 * The HTTP calls the benchmark makes, over one keep-alive {@link WebClient}. Everything goes through scimhub's public
 * API: the admin API to onboard a tenant, then the tenant's SCIM base URL with its token.
 */
public final class ScimApi implements AutoCloseable {

  public static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
  public static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
  public static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
  private static final String SCIM_JSON = "application/scim+json";
  private static final long TIMEOUT_MS = 120_000;

  private final WebClient client;
  private final String host;
  private final int port;
  private String scimPath;
  private String bearer;

  /** {@code serverUrl} is {@code http://host:port}; {@code poolSize} bounds the connections to it. */
  public ScimApi(Vertx vertx, String serverUrl, int poolSize) {
    URI uri = URI.create(serverUrl);
    this.host = uri.getHost();
    this.port = uri.getPort();
    this.client = WebClient.create(vertx,
        new WebClientOptions().setKeepAlive(true).setTcpNoDelay(true).setDecompressionSupported(false)
            .setMaxHeaderSize(64 * 1024),
        new PoolOptions().setHttp1MaxSize(poolSize));
  }

  /** Switches to a tenant's SCIM base URL (only its path is used: the host is always {@code serverUrl}). */
  public ScimApi tenant(String scimBaseUrl, String token) {
    this.scimPath = URI.create(scimBaseUrl).getPath();
    this.bearer = "Bearer " + token;
    return this;
  }

  public Future<HttpResponse<Buffer>> createTenant(String adminToken, String id, String name) {
    return client.request(HttpMethod.POST, port, host, "/admin/tenants")
        .timeout(TIMEOUT_MS)
        .putHeader("Authorization", "Bearer " + adminToken)
        .putHeader("Content-Type", "application/json")
        .sendJsonObject(new JsonObject().put("id", id).put("name", name));
  }

  public Future<HttpResponse<Buffer>> createUser(JsonObject user) {
    return scim(HttpMethod.POST, "/Users").sendBuffer(user.toBuffer());
  }

  public Future<HttpResponse<Buffer>> createGroup(String displayName) {
    JsonObject group = new JsonObject()
        .put("schemas", new JsonArray().add(GROUP_SCHEMA))
        .put("displayName", displayName)
        .put("members", new JsonArray());
    return scim(HttpMethod.POST, "/Groups").sendBuffer(group.toBuffer());
  }

  public Future<HttpResponse<Buffer>> patchGroup(String groupId, Buffer patchBody) {
    return scim(HttpMethod.PATCH, "/Groups/" + groupId).sendBuffer(patchBody);
  }

  /** {@code query} is appended as is ({@code excludedAttributes=members}), or null for the whole group. */
  public Future<HttpResponse<Buffer>> getGroup(String groupId, String query) {
    return scim(HttpMethod.GET, "/Groups/" + groupId + (query == null ? "" : "?" + query)).send();
  }

  /** A PatchOp with one operation on {@code members}: {@code add} or {@code remove} of these user ids. */
  public static Buffer membersPatch(String op, List<String> userIds) {
    JsonArray value = new JsonArray();
    userIds.forEach(id -> value.add(new JsonObject().put("value", id)));
    return new JsonObject()
        .put("schemas", new JsonArray().add(PATCH_OP))
        .put("Operations", new JsonArray().add(new JsonObject().put("op", op).put("path", "members").put("value", value)))
        .toBuffer();
  }

  private HttpRequest<Buffer> scim(HttpMethod method, String path) {
    if (scimPath == null) {
      throw new IllegalStateException("no tenant selected");
    }
    return client.request(method, port, host, scimPath + path)
        .timeout(TIMEOUT_MS)
        .putHeader("Authorization", bearer)
        .putHeader("Accept", SCIM_JSON)
        .putHeader("Content-Type", SCIM_JSON);
  }

  @Override
  public void close() {
    client.close();
  }
}
