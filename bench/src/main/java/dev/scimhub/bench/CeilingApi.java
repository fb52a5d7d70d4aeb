package dev.scimhub.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;

/**
 * The calls to the {@link dev.scimhub.bench.ceiling.CeilingServer}, with the same client settings as {@link ScimApi}
 * (keep-alive, TCP_NODELAY, no compression) and the same headers a SCIM client sends, so both sides of a comparison
 * get the same requests apart from the path and the authentication.
 */
public final class CeilingApi implements AutoCloseable {

  private static final String SCIM_JSON = "application/scim+json";
  private static final long TIMEOUT_MS = 120_000;

  private final WebClient client;
  private final String host;
  private final int port;

  public CeilingApi(Vertx vertx, String serverUrl, int poolSize) {
    URI uri = URI.create(serverUrl);
    this.host = uri.getHost();
    this.port = uri.getPort();
    this.client = WebClient.create(vertx,
        new WebClientOptions().setKeepAlive(true).setTcpNoDelay(true).setDecompressionSupported(false)
            .setMaxHeaderSize(64 * 1024),
        new PoolOptions().setHttp1MaxSize(poolSize));
  }

  public Future<HttpResponse<Buffer>> health() {
    return request(HttpMethod.GET, "/health").send();
  }

  public Future<HttpResponse<Buffer>> createUser(String tenant, Buffer user) {
    return request(HttpMethod.POST, "/ceiling/users?tenant=" + tenant).sendBuffer(user);
  }

  public Future<HttpResponse<Buffer>> findUserByName(String tenant, String userName) {
    return request(HttpMethod.GET, "/ceiling/users?tenant=" + tenant + "&userName=" + ScimApi.encode(userName)).send();
  }

  public Future<HttpResponse<Buffer>> getUser(String tenant, String id) {
    return request(HttpMethod.GET, "/ceiling/users/" + id + "?tenant=" + tenant).send();
  }

  public Future<HttpResponse<Buffer>> patchUser(String tenant, String id, Buffer patch) {
    return request(HttpMethod.PATCH, "/ceiling/users/" + id + "?tenant=" + tenant).sendBuffer(patch);
  }

  private HttpRequest<Buffer> request(HttpMethod method, String path) {
    // A token-sized Authorization header too, so both sides send requests of the same size (the ceiling ignores it).
    return client.request(method, port, host, path)
        .timeout(TIMEOUT_MS)
        .putHeader("Authorization", "Bearer scimhub_ceiling_does_not_check_this_000000000000000000")
        .putHeader("Accept", SCIM_JSON)
        .putHeader("Content-Type", SCIM_JSON);
  }

  @Override
  public void close() {
    client.close();
  }
}
