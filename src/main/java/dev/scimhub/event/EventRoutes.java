package dev.scimhub.event;

import dev.scimhub.http.QueryParams;
import dev.scimhub.http.Responses;
import dev.scimhub.scim.ScimJson;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;

/**
 * The events API for the vendor's app (behind a JWT of role {@code app} or {@code platform-admin}, checked by the
 * route table): {@code GET /api/events} across tenants ({@code tenant=} narrows it) and
 * {@code GET /api/tenants/{tenant}/events}, both with {@code after} (a cursor), {@code types}, {@code limit} (≤
 * {@value EventFeed#MAX_LIMIT}) and {@code wait} (seconds, ≤ {@value EventFeed#MAX_WAIT_SECONDS}: a long poll).
 * Answers {@code {"data": [...], "nextCursor": "...", "hasMore": bool}}. Beside it, the state API
 * ({@link StateStore}): {@code /api/tenants/{tenant}/users}, {@code /groups} and {@code /groups/{id}/members}, with
 * {@code cursor}, {@code updatedSince} and {@code limit}, each page with the {@code eventCursor} it is consistent
 * with.
 */
public final class EventRoutes {

  private final EventFeed feed;
  private final StateStore state;

  public EventRoutes(EventFeed feed, StateStore state) {
    this.feed = feed;
    this.state = state;
  }

  /** On the {@code /api} sub-router. */
  public void mount(Router router) {
    router.get("/events").handler(ctx -> read(ctx, ctx.queryParams().get("tenant")));
    router.get("/tenants/:tenant/events").handler(ctx -> read(ctx, ctx.pathParam("tenant")));
    mountState(router, "/tenants/:tenant");
  }

  /**
   * The state API alone under {@code prefix} (which names {@code :tenant}): a tenant's directory as it is, to rebuild
   * from before following the events. The console reads it as the tenant's admin, under
   * {@code /tenants/{tenant}/directory}.
   */
  public void mountState(Router router, String prefix) {
    router.get(prefix + "/users").handler(ctx -> state(ctx, Future.succeededFuture(ctx)
        .compose(c -> state.users(c.pathParam("tenant"), cursor(c), since(c), limit(c)))));
    router.get(prefix + "/groups").handler(ctx -> state(ctx, Future.succeededFuture(ctx)
        .compose(c -> state.groups(c.pathParam("tenant"), cursor(c), since(c), limit(c)))));
    router.get(prefix + "/groups/:id/members").handler(ctx -> state(ctx, Future.succeededFuture(ctx)
        .compose(c -> state.members(c.pathParam("tenant"), c.pathParam("id"), cursor(c), limit(c)))));
  }

  private static void state(RoutingContext ctx, Future<StateStore.Page> page) {
    page.compose(p -> Responses.jsonText(ctx, 200, ScimJson.string(StateStore.json(p))))
        .onFailure(ctx::fail);
  }

  private static String cursor(RoutingContext ctx) {
    return QueryParams.text(ctx.queryParams().get("cursor"));
  }

  private static int limit(RoutingContext ctx) {
    return (int) QueryParams.wholeNumber(ctx.queryParams().get("limit"), "limit", 1, StateStore.MAX_LIMIT, 100);
  }

  private static OffsetDateTime since(RoutingContext ctx) {
    return QueryParams.time(ctx.queryParams().get("updatedSince"), "updatedSince");
  }

  private void read(RoutingContext ctx, String tenant) {
    Future.succeededFuture(ctx)
        .compose(c -> feed.read(QueryParams.text(c.queryParams().get("after")), QueryParams.text(tenant),
            EventTypes.parse(c.queryParams().get("types")),
            (int) QueryParams.wholeNumber(c.queryParams().get("limit"), "limit", 1, EventFeed.MAX_LIMIT, 100),
            (int) QueryParams.wholeNumber(c.queryParams().get("wait"), "wait", 0, EventFeed.MAX_WAIT_SECONDS, 0)))
        .compose(page -> Responses.jsonText(ctx, 200, "{\"data\":[" + String.join(",", page.events())
            + "],\"nextCursor\":\"" + page.nextCursor() + "\",\"hasMore\":" + page.hasMore() + "}"))
        .onFailure(ctx::fail);
  }


}
