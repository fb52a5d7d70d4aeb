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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The HTTP calls the benchmark makes, over one keep-alive {@link WebClient}. Everything goes through scimhub's public
 * API: the admin API to onboard tenants, then each tenant's SCIM base URL with its own token ({@link Tenant}). The
 * methods without a tenant use the one selected with {@link #tenant(String, String)}.
 */
public final class ScimApi implements AutoCloseable {

  public static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
  public static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
  public static final String ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
  public static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
  private static final String SCIM_JSON = "application/scim+json";
  private static final long TIMEOUT_MS = 120_000;

  /** A tenant's SCIM base path and the value of its Authorization header. */
  public record Tenant(String id, String scimPath, String bearer) {

    public static Tenant of(String id, String scimBaseUrl, String token) {
      return new Tenant(id, URI.create(scimBaseUrl).getPath(), "Bearer " + token);
    }
  }

  private final WebClient client;
  private final String host;
  private final int port;
  private Tenant selected;
  private String userQuery = "";

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

  /**
   * Extra query parameters for the reads of one user ({@code GET /Users/{id}} and the lookup by userName), e.g.
   * {@code excludedAttributes=groups} to see what they cost without {@code User.groups}; empty by default.
   */
  public ScimApi userQuery(String query) {
    this.userQuery = query == null || query.isBlank() ? "" : "&" + query;
    return this;
  }

  /** Selects the tenant of the methods that take none (only the base URL's path is used). */
  public ScimApi tenant(String scimBaseUrl, String token) {
    this.selected = Tenant.of("?", scimBaseUrl, token);
    return this;
  }

  public Future<HttpResponse<Buffer>> createTenant(String adminToken, String id, String name) {
    return client.request(HttpMethod.POST, port, host, "/admin/tenants")
        .timeout(TIMEOUT_MS)
        .putHeader("Authorization", "Bearer " + adminToken)
        .putHeader("Content-Type", "application/json")
        .sendJsonObject(new JsonObject().put("id", id).put("name", name));
  }

  /** {@code GET /health}: no authentication, no database. */
  public Future<HttpResponse<Buffer>> health() {
    return client.request(HttpMethod.GET, port, host, "/health").timeout(TIMEOUT_MS).send();
  }

  public Future<HttpResponse<Buffer>> serviceProviderConfig(Tenant tenant) {
    return scim(tenant, HttpMethod.GET, "/ServiceProviderConfig").send();
  }

  public Future<HttpResponse<Buffer>> createUser(JsonObject user) {
    return createUser(selected(), user.toBuffer());
  }

  public Future<HttpResponse<Buffer>> createUser(Tenant tenant, Buffer user) {
    return scim(tenant, HttpMethod.POST, "/Users").sendBuffer(user);
  }

  /** {@code POST /Bulk}; a 200 whose operations are not all 201 fails, so that a refused create is not counted. */
  public Future<HttpResponse<Buffer>> bulk(Tenant tenant, Buffer request) {
    return scim(tenant, HttpMethod.POST, "/Bulk").sendBuffer(request).compose(response -> {
      if (response.statusCode() == 200 && response.bodyAsString().contains("\"status\":\"4")) {
        return Future.failedFuture("a bulk operation failed: " + response.bodyAsString().substring(0,
            Math.min(500, response.bodyAsString().length())));
      }
      return Future.succeededFuture(response);
    });
  }

  public Future<HttpResponse<Buffer>> getUser(Tenant tenant, String id) {
    return scim(tenant, HttpMethod.GET, "/Users/" + id + (userQuery.isEmpty() ? "" : "?" + userQuery.substring(1)))
        .send();
  }

  /** Okta's "is this user there already?": {@code GET /Users?filter=userName eq "<userName>"}. */
  public Future<HttpResponse<Buffer>> findUserByName(Tenant tenant, String userName) {
    return scim(tenant, HttpMethod.GET, "/Users?filter=" + encode("userName eq \"" + userName + "\"") + userQuery)
        .send();
  }

  /** One page of the default listing order, as an importer asks for it. */
  public Future<HttpResponse<Buffer>> listUsers(Tenant tenant, long startIndex, int count) {
    return scim(tenant, HttpMethod.GET, "/Users?startIndex=" + startIndex + "&count=" + count).send();
  }

  /** A SearchRequest body with {@code filter}, for {@link #searchUsers}. */
  public static Buffer searchBody(String filter) {
    return new JsonObject()
        .put("schemas", new JsonArray().add("urn:ietf:params:scim:api:messages:2.0:SearchRequest"))
        .put("filter", filter)
        .toBuffer();
  }

  /** {@code POST /Users/.search} with a body from {@link #searchBody}. */
  public Future<HttpResponse<Buffer>> searchUsers(Tenant tenant, Buffer body) {
    return scim(tenant, HttpMethod.POST, "/Users/.search").sendBuffer(body);
  }

  /** {@code GET /Users?filter=...} with the filter already encoded, however long. */
  public Future<HttpResponse<Buffer>> filterUsersEncoded(Tenant tenant, String encodedFilter) {
    return scim(tenant, HttpMethod.GET, "/Users?filter=" + encodedFilter).send();
  }

  /** {@code GET /api/events?after=&limit=} with a JWT that may read them (a platform admin's). */
  public Future<HttpResponse<Buffer>> events(String token, String after, int limit) {
    return client.request(HttpMethod.GET, port, host, "/api/events?limit=" + limit
            + (after == null ? "" : "&after=" + encode(after)))
        .timeout(TIMEOUT_MS)
        .putHeader("Authorization", "Bearer " + token)
        .send();
  }

  /** {@code POST /admin/webhooks}: a platform-wide endpoint (every tenant's events) for {@code types}. */
  public Future<HttpResponse<Buffer>> createWebhook(String adminToken, String url, JsonArray types) {
    return client.request(HttpMethod.POST, port, host, "/admin/webhooks")
        .timeout(TIMEOUT_MS)
        .putHeader("Authorization", "Bearer " + adminToken)
        .putHeader("Content-Type", "application/json")
        .sendJsonObject(new JsonObject().put("url", url).put("types", types));
  }

  public Future<HttpResponse<Buffer>> deleteWebhook(String adminToken, String id) {
    return client.request(HttpMethod.DELETE, port, host, "/admin/webhooks/" + id)
        .timeout(TIMEOUT_MS)
        .putHeader("Authorization", "Bearer " + adminToken)
        .send();
  }

  /** {@code PATCH /admin/tenants/{id}} with new settings (they replace the old ones). */
  public Future<HttpResponse<Buffer>> setTenantSettings(String adminToken, String id, JsonObject settings) {
    return client.request(HttpMethod.PATCH, port, host, "/admin/tenants/" + id)
        .timeout(TIMEOUT_MS)
        .putHeader("Authorization", "Bearer " + adminToken)
        .putHeader("Content-Type", "application/json")
        .sendJsonObject(new JsonObject().put("settings", settings));
  }

  public Future<HttpResponse<Buffer>> putUser(Tenant tenant, String id, Buffer user) {
    return scim(tenant, HttpMethod.PUT, "/Users/" + id).sendBuffer(user);
  }

  public Future<HttpResponse<Buffer>> patchUser(Tenant tenant, String id, Buffer patch) {
    return scim(tenant, HttpMethod.PATCH, "/Users/" + id).sendBuffer(patch);
  }

  public Future<HttpResponse<Buffer>> createGroup(String displayName) {
    return createGroup(selected(), displayName);
  }

  public Future<HttpResponse<Buffer>> createGroup(Tenant tenant, String displayName) {
    JsonObject group = new JsonObject()
        .put("schemas", new JsonArray().add(GROUP_SCHEMA))
        .put("displayName", displayName)
        .put("members", new JsonArray());
    return scim(tenant, HttpMethod.POST, "/Groups").sendBuffer(group.toBuffer());
  }

  public Future<HttpResponse<Buffer>> patchGroup(String groupId, Buffer patchBody) {
    return patchGroup(selected(), groupId, patchBody);
  }

  public Future<HttpResponse<Buffer>> patchGroup(Tenant tenant, String groupId, Buffer patchBody) {
    return scim(tenant, HttpMethod.PATCH, "/Groups/" + groupId).sendBuffer(patchBody);
  }

  /** {@code query} is appended as is ({@code excludedAttributes=members}), or null for the whole group. */
  public Future<HttpResponse<Buffer>> getGroup(String groupId, String query) {
    return scim(selected(), HttpMethod.GET, "/Groups/" + groupId + (query == null ? "" : "?" + query)).send();
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

  /** Okta's deactivation (and, with {@code true}, reactivation): a path-less replace of {@code active}. */
  public static Buffer activePatch(boolean active) {
    return new JsonObject()
        .put("schemas", new JsonArray().add(PATCH_OP))
        .put("Operations", new JsonArray().add(new JsonObject().put("op", "replace")
            .put("value", new JsonObject().put("active", active))))
        .toBuffer();
  }

  /** Query-string encoding with {@code %20} for spaces. */
  public static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private Tenant selected() {
    if (selected == null) {
      throw new IllegalStateException("no tenant selected");
    }
    return selected;
  }

  private HttpRequest<Buffer> scim(Tenant tenant, HttpMethod method, String path) {
    return client.request(method, port, host, tenant.scimPath() + path)
        .timeout(TIMEOUT_MS)
        .putHeader("Authorization", tenant.bearer())
        .putHeader("Accept", SCIM_JSON)
        .putHeader("Content-Type", SCIM_JSON);
  }

  @Override
  public void close() {
    client.close();
  }
}
