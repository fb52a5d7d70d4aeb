package dev.scimhub.ops;

import dev.scimhub.http.Responses;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

/**
 * {@code /health}: the process answers, nothing else is asked (for a liveness probe). {@code /ready}: the database
 * answers too (for a load balancer's readiness check). Neither needs credentials nor says more than UP or DOWN.
 */
public final class Health {

  private final Pool pool;

  public Health(Pool pool) {
    this.pool = pool;
  }

  public void mount(Router router) {
    router.get("/health").handler(ctx -> Responses.json(ctx, 200, new JsonObject().put("status", "UP")));
    router.get("/ready").handler(this::ready);
  }

  private void ready(RoutingContext ctx) {
    pool.query("SELECT 1").execute()
        .compose(ok -> Responses.json(ctx, 200, new JsonObject().put("status", "UP")))
        .recover(failure -> Responses.json(ctx, 503,
            new JsonObject().put("status", "DOWN").put("detail", "database unreachable")));
  }
}
