package dev.scimhub.activity;

import dev.scimhub.http.QueryParams;
import dev.scimhub.http.Responses;
import dev.scimhub.scim.ScimException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * A tenant's request log and connection health over HTTP, for the platform admin ({@code /admin/tenants/{id}/...})
 * and the tenant's own admin ({@code /tenants/{id}/...}): the caller's credential is checked by the router it is
 * mounted on.
 */
public final class ActivityRoutes {

  private static final Set<String> OUTCOMES = Set.of("applied", "no-op", "rejected", "read");
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

  private final RequestLogStore store;
  private final RequestLogWriter writer;

  ActivityRoutes(RequestLogStore store, RequestLogWriter writer) {
    this.store = store;
    this.writer = writer;
  }

  /** Mounts under {@code prefix} (which names {@code :tenant}). */
  public void mount(Router router, String prefix) {
    router.get(prefix + "/requests").handler(this::search);
    router.get(prefix + "/requests/:id").handler(this::one);
    router.get(prefix + "/health").handler(this::health);
  }

  private void search(RoutingContext ctx) {
    Future.succeededFuture(ctx)
        .map(ActivityRoutes::searchOf)
        .compose(search -> store.search(ctx.pathParam("tenant"), search))
        .compose(page -> Responses.json(ctx, 200, page.put("droppedOnThisNode", writer.dropped())))
        .onFailure(ctx::fail);
  }

  private void one(RoutingContext ctx) {
    store.one(ctx.pathParam("tenant"), ctx.pathParam("id"))
        .compose(found -> found == null
            ? Future.failedFuture(ScimException.notFound("request " + ctx.pathParam("id")))
            : Responses.json(ctx, 200, found))
        .onFailure(ctx::fail);
  }

  private void health(RoutingContext ctx) {
    store.health(ctx.pathParam("tenant"))
        .compose(health -> Responses.json(ctx, 200, health.put("requestLog", new JsonObject()
            .put("droppedOnThisNode", writer.dropped()).put("waitingOnThisNode", writer.buffered()))))
        .onFailure(ctx::fail);
  }

  private static RequestLogStore.Search searchOf(RoutingContext ctx) {
    String status = QueryParams.text(ctx.request().getParam("status"));
    Integer exact = null;
    Integer statusClass = null;
    if (status != null) {
      if (status.matches("[1-5]xx")) {
        statusClass = status.charAt(0) - '0';
      } else {
        exact = (int) QueryParams.wholeNumber(status, "status", 100, 599, 0);
      }
    }
    String method = QueryParams.text(ctx.request().getParam("method"));
    if (method != null && !METHODS.contains(method.toUpperCase(java.util.Locale.ROOT))) {
      throw ScimException.invalidValue("'method' must be one of " + METHODS);
    }
    String outcome = QueryParams.text(ctx.request().getParam("outcome"));
    if (outcome != null && !OUTCOMES.contains(outcome)) {
      throw ScimException.invalidValue("'outcome' must be one of " + OUTCOMES);
    }
    return new RequestLogStore.Search(QueryParams.time(ctx.request().getParam("from"), "from"),
        QueryParams.time(ctx.request().getParam("to"), "to"), exact, statusClass,
        method == null ? null : method.toUpperCase(java.util.Locale.ROOT),
        QueryParams.text(ctx.request().getParam("resourceId")), QueryParams.text(ctx.request().getParam("userName")),
        QueryParams.text(ctx.request().getParam("requestId")), outcome,
        QueryParams.text(ctx.request().getParam("identityProvider")),
        QueryParams.text(ctx.request().getParam("tokenId")),
        (int) QueryParams.wholeNumber(ctx.request().getParam("limit"), "limit", 1, RequestLogStore.MAX_LIMIT, 50),
        QueryParams.text(ctx.request().getParam("cursor")));
  }

}
