package dev.scimhub.event;

import dev.scimhub.http.Responses;
import dev.scimhub.scim.ScimException;
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
        .compose(c -> feed.read(blankToNull(c.queryParams().get("after")), blankToNull(tenant),
            EventTypes.parse(c.queryParams().get("types")),
            bounded(c.queryParams().get("limit"), "limit", 1, EventFeed.MAX_LIMIT, 100),
            bounded(c.queryParams().get("wait"), "wait", 0, EventFeed.MAX_WAIT_SECONDS, 0)))
        .compose(page -> Responses.jsonText(ctx, 200, "{\"data\":[" + String.join(",", page.events())
            + "],\"nextCursor\":\"" + page.nextCursor() + "\",\"hasMore\":" + page.hasMore() + "}"))
        .onFailure(ctx::fail);
  }

  private static int bounded(String value, String name, int min, int max, int fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // the error below
    }
    throw ScimException.invalidValue("'" + name + "' must be a whole number from " + min + " to " + max);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
