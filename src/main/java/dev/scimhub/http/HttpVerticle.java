package dev.scimhub.http;

import dev.scimhub.Application;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP server instance; Main deploys one per event loop, all on the same port, and Vert.x spreads connections
 * across them. All instances share one named PostgreSQL pool.
 */
public final class HttpVerticle extends VerticleBase {

  static final String POOL_NAME = "scimhub";
  /** How long a stopping server waits for requests in flight before it closes their connections. */
  static final long SHUTDOWN_GRACE_SECONDS = 20;

  private final Application app;
  private HttpServer server;
  private Pool pool;

  public HttpVerticle(Application app) {
    this.app = app;
  }

  @Override
  public Future<?> start() {
    pool = PgBuilder.pool()
        .with(new PoolOptions().setShared(true).setName(POOL_NAME).setMaxSize(app.config().dbPoolSize()))
        .connectingTo(app.database().options())
        .using(vertx)
        .build();
    var router = Routes.build(vertx, pool, app);
    return vertx.createHttpServer(new HttpServerOptions()
            .setPort(app.config().httpPort())
            .setCompressionSupported(true)
            .setMaxInitialLineLength(16 * 1024))
        .requestHandler(router)
        .listen()
        .onSuccess(listening -> server = listening);
  }

  /** Stops accepting, lets requests in flight finish, then releases this instance's share of the pool. */
  @Override
  public Future<?> stop() {
    Future<Void> closed = server == null ? Future.succeededFuture()
        : server.shutdown(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
    return closed.eventually(() -> pool.close());
  }
}
