package dev.scimhub.ops;

import dev.scimhub.db.Migrations;
import dev.scimhub.http.Responses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code /health}: the process answers, nothing else is asked (for a liveness probe). {@code /ready}: every dependency
 * of serving answers too (for a load balancer's readiness check): 200 when all are UP, else 503, with one entry per
 * check. Neither needs credentials, so neither says more than each check's name, state and a few harmless facts:
 * never an error message, which can name hosts.
 */
public final class Health {

  /** A check that has not answered by then is DOWN; a load balancer's own timeout is a few seconds. */
  static final long CHECK_TIMEOUT_MILLIS = 2_000;

  private final HealthChecks checks;

  /** Checks the database with a query on {@code pool}, and that this process applied the migrations at start. */
  public Health(Vertx vertx, Pool pool) {
    this.checks = HealthChecks.create(vertx);
    checks.register("database", CHECK_TIMEOUT_MILLIS, promise -> pool.query("SELECT 1").execute()
        .onComplete(done -> promise.complete(done.succeeded() ? Status.OK() : Status.KO())));
    // Flyway ran before anything was served, so the answer is known once and for all.
    String schema = Migrations.version();
    checks.register("migrations", promise -> promise.complete(schema != null
        ? Status.OK(new JsonObject().put("version", schema))
        : Status.KO()));
  }

  /** Adds a check to {@code /ready}: UP while {@code up} holds, shown with {@code data} (nothing secret). */
  public void require(String id, BooleanSupplier up, Supplier<JsonObject> data) {
    checks.register(id, promise -> promise.complete(new Status().setOk(up.getAsBoolean()).setData(data.get())));
  }

  public void mount(Router router) {
    router.get("/health").handler(ctx -> Responses.json(ctx, 200, new JsonObject().put("status", "UP")));
    router.get("/ready").handler(this::ready);
  }

  private void ready(RoutingContext ctx) {
    checks.checkStatus().onComplete(done -> {
      // It fails only without any check registered, which the constructor rules out; DOWN all the same.
      CheckResult result = done.succeeded() ? done.result() : null;
      boolean up = result != null && CheckResult.isUp(result);
      JsonArray list = new JsonArray();
      if (result != null && result.getChecks() != null) {
        for (CheckResult check : result.getChecks()) {
          JsonObject entry = new JsonObject().put("id", check.getId())
              .put("status", CheckResult.isUp(check) ? "UP" : "DOWN");
          // A failed or timed-out check's data is its error; only a check's own facts are shown.
          Status status = check.getFailure() == null ? check.getStatus() : null;
          if (status != null && !status.isProcedureInError() && status.getData() != null
              && !status.getData().isEmpty()) {
            entry.put("data", status.getData());
          }
          list.add(entry);
        }
      }
      Responses.json(ctx, up ? 200 : 503, new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", list));
    });
  }
}
