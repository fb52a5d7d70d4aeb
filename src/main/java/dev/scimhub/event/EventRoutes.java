package dev.scimhub.event;

import dev.scimhub.http.QueryParams;
import dev.scimhub.http.Responses;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The events API for the vendor's app (behind a JWT of role {@code app} or {@code platform-admin}, checked by the
 * route table): {@code GET /api/events} across tenants ({@code tenant=} narrows it) and
 * {@code GET /api/tenants/{tenant}/events}, both with {@code after} (a cursor), {@code types}, {@code limit} (≤
 * {@value EventFeed#MAX_LIMIT}) and {@code wait} (seconds, ≤ {@value EventFeed#MAX_WAIT_SECONDS}: a long poll).
 * Answers {@code {"data": [...], "nextCursor": "...", "hasMore": bool}}.
 */
public final class EventRoutes {

  private final EventFeed feed;

  public EventRoutes(EventFeed feed) {
    this.feed = feed;
  }

  /** On the {@code /api} sub-router. */
  public void mount(Router router) {
    router.get("/events").handler(ctx -> read(ctx, ctx.queryParams().get("tenant")));
    router.get("/tenants/:tenant/events").handler(ctx -> read(ctx, ctx.pathParam("tenant")));
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
