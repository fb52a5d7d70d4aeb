package dev.scimhub.event;

import dev.scimhub.http.RequestBodies;
import dev.scimhub.http.QueryParams;
import dev.scimhub.http.Responses;
import dev.scimhub.scim.ScimException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * Webhook endpoints in the admin API (behind the platform admin's JWT, checked by the route table):
 * {@code /webhooks} for platform-wide endpoints (every tenant's events) and {@code /tenants/:tenant/webhooks} for one
 * tenant's — create (the secret shown once), list, get, patch ({@code url}, {@code types}, {@code enabled}), delete,
 * rotate the secret with a grace period, list deliveries with their attempts, replay.
 */
public final class WebhookRoutes {

  private final WebhookStore store;

  public WebhookRoutes(WebhookStore store) {
    this.store = store;
  }

  /** On the {@code /admin} sub-router. */
  public void mount(Router router) {
    mount(router, "/webhooks", ctx -> WebhookStore.PLATFORM);
    mount(router, "/tenants/:tenant/webhooks", ctx -> ctx.pathParam("tenant"));
  }

  private void mount(Router router, String prefix, Function<RoutingContext, String> scope) {
    router.post(prefix).handler(ctx -> answer(ctx, 201,
        body(ctx).compose(body -> store.create(scope.apply(ctx), body))));
    router.get(prefix).handler(ctx -> answer(ctx, 200,
        store.list(scope.apply(ctx)).map(list -> new JsonObject().put("webhooks", list))));
    router.get(prefix + "/:id").handler(ctx -> answer(ctx, 200, store.find(scope.apply(ctx), ctx.pathParam("id"))));
    router.patch(prefix + "/:id").handler(ctx -> answer(ctx, 200,
        body(ctx).compose(body -> store.update(scope.apply(ctx), ctx.pathParam("id"), body))));
    router.delete(prefix + "/:id").handler(ctx -> store.delete(scope.apply(ctx), ctx.pathParam("id"))
        .compose(v -> Responses.noContent(ctx)).onFailure(ctx::fail));
    router.post(prefix + "/:id/rotate-secret").handler(ctx -> answer(ctx, 200, body(ctx).compose(body ->
        store.rotate(scope.apply(ctx), ctx.pathParam("id"), grace(body)))));
    router.get(prefix + "/:id/deliveries").handler(ctx -> answer(ctx, 200, Future.succeededFuture(ctx)
        .compose(c -> store.deliveries(scope.apply(c), c.pathParam("id"),
            QueryParams.text(c.queryParams().get("status")),
            QueryParams.wholeNumber(c.queryParams().get("before"), "before", 1, Long.MAX_VALUE, Long.MAX_VALUE),
            (int) QueryParams.wholeNumber(c.queryParams().get("limit"), "limit", 1, 500, 100)))));
    router.post(prefix + "/:id/replay").handler(ctx -> answer(ctx, 202, body(ctx).compose(body ->
        store.replay(scope.apply(ctx), ctx.pathParam("id"), body).map(n -> new JsonObject().put("queued", n)))));
  }

  private static void answer(RoutingContext ctx, int status, Future<JsonObject> result) {
    result.compose(json -> Responses.json(ctx, status, json)).onFailure(ctx::fail);
  }

  private static Future<JsonObject> body(RoutingContext ctx) {
    return Future.succeededFuture(ctx).map(c -> c.body().length() == 0 ? new JsonObject() : RequestBodies.object(c));
  }

  private static int grace(JsonObject body) {
    Object grace = body.getValue("graceSeconds", 0);
    if (!(grace instanceof Integer seconds)) {
      throw ScimException.invalidValue("'graceSeconds' must be a whole number of seconds");
    }
    return seconds;
  }


}
