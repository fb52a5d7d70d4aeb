package dev.scimhub.support;

import dev.scimhub.AppConfig;
import dev.scimhub.Application;
import dev.scimhub.auth.AdminJwtAuth;
import dev.scimhub.HttpVerticle;
import dev.scimhub.log.LogTags;
import dev.scimhub.ops.Metrics;
import dev.scimhub.scim.schema.Schemas;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The real server, started once per test JVM on the test database and a free port, with two HTTP verticles as in
 * production and metrics behind a random {@code metrics.token} (in {@link #config()}). Tests talk to it over HTTP
 * only. {@code jwtSecret} is the HS256 key it verifies admin JWTs with, for a second server process that must accept
 * them.
 */
public record TestServer(String baseUrl, AdminJwtAuth jwt, String jwtSecret, AppConfig config) {

  private static TestServer instance;

  public static synchronized TestServer get() {
    if (instance == null) {
      instance = start();
    }
    return instance;
  }

  private static TestServer start() {
    LogTags.register();
    try {
      int port = freePort();
      String secret = UUID.randomUUID() + "-" + UUID.randomUUID();
      AppConfig config = AppConfig.from(new JsonObject()
          .put("SCIMHUB_HTTP_PORT", port)
          .put("SCIMHUB_JWT_SECRET", secret)
          .put("SCIMHUB_DB_POOL_SIZE", 8)
          .put("SCIMHUB_SCIM_MAX_RESULTS", 200)
          // Tests create users as fast as they can; the rate limit is tested with a tenant's own setting.
          .put("SCIMHUB_SCIM_RATE_LIMIT_PER_SECOND", 100_000)
          .put("SCIMHUB_METRICS_TOKEN", "metrics-" + UUID.randomUUID())
          // The webhook receivers of the tests listen on loopback.
          .put("SCIMHUB_WEBHOOKS_ALLOW_PRIVATE_TARGETS", true));
      Metrics metrics = Metrics.create(config.metricsEnabled(), config.metricsToken());
      Vertx vertx = metrics.vertx(2 + Application.BACKGROUND_VERTICLES);
      Application app = new Application(vertx, config, TestDatabase.get(), Schemas.load(config.maxResults()), secret,
          metrics);
      for (var verticle : app.background()) {
        vertx.deployVerticle(verticle).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      }
      vertx.deployVerticle(() -> new HttpVerticle(app), new DeploymentOptions().setInstances(2))
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      return new TestServer("http://localhost:" + port, new AdminJwtAuth(vertx, secret), secret, config);
    } catch (Exception e) {
      throw new IllegalStateException("test server did not start", e);
    }
  }

  public String platformAdminJwt() {
    return jwt.mint(new JsonObject().put("role", AdminJwtAuth.PLATFORM_ADMIN).put("sub", "test"), 600);
  }

  public String jwt(JsonObject claims, int ttlSeconds) {
    return jwt.mint(claims, ttlSeconds);
  }

  /** A client for the admin API with a platform-admin JWT. */
  public ScimClient admin() {
    return new ScimClient(baseUrl, "Bearer " + platformAdminJwt());
  }

  /** Creates a tenant with a random id through the admin API. */
  public Tenants.TestTenant newTenant() {
    return Tenants.create(this);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
