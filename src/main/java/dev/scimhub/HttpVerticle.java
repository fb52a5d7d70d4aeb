package dev.scimhub;

import dev.scimhub.http.RequestSanity;
import dev.scimhub.http.ScimFailureHandler;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP server instance; Main deploys one per event loop, all on the same port, and Vert.x spreads connections
 * across them. All instances share the process's one PostgreSQL pool.
 */
public final class HttpVerticle extends VerticleBase {

  /** How long a stopping server waits for requests in flight before it closes their connections. */
  static final long SHUTDOWN_GRACE_SECONDS = 20;

  private final Application app;
  private HttpServer server;

  public HttpVerticle(Application app) {
    this.app = app;
  }

  @Override
  public Future<?> start() {
    var router = Routes.build(vertx, app);
    return vertx.createHttpServer(new HttpServerOptions()
            .setPort(app.config().httpPort())
            .setCompressionSupported(true)
            .setMaxInitialLineLength(16 * 1024)
            .setIdleTimeout(app.config().idleTimeoutSeconds())
            .setIdleTimeoutUnit(TimeUnit.SECONDS)
            // Without prior-knowledge HTTP/2 detection a connection is set up (and guarded) when it opens, not after
            // its first bytes: IdPs speak HTTP/1.1 here, and HTTP/2 arrives over TLS at a proxy if at all.
            .setHttp2ClearTextEnabled(false))
        .connectionHandler(app.connections()::connected)
        .invalidRequestHandler(ScimFailureHandler::invalidRequest)
        .requestHandler(new RequestSanity(router))
        .listen()
        .onSuccess(listening -> {
          server = listening;
          app.httpServing(1);
        });
  }

  /** Stops accepting and lets requests in flight finish; the pool is closed by the process after every instance. */
  @Override
  public Future<?> stop() {
    if (server != null) {
      // Not ready from now on: a load balancer stops sending while the requests in flight finish.
      app.httpServing(-1);
    }
    return server == null ? Future.succeededFuture() : server.shutdown(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
  }
}
