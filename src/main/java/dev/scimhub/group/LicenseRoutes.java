package dev.scimhub.group;

import dev.scimhub.event.Origin;
import dev.scimhub.http.RequestKeys;
import dev.scimhub.http.Responses;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A tenant's license groups over JSON: the platform admin ({@code /admin/tenants/:tenant/licenses}) and the tenant's
 * own admin ({@code /tenants/:tenant/licenses}) list and set links; the vendor's app
 * ({@code /api/tenants/:tenant/…}) reads them and a user's licenses. {@code :group} is a group's id or displayName.
 */
public final class LicenseRoutes {

  private final Licenses licenses;

  public LicenseRoutes(Licenses licenses) {
    this.licenses = licenses;
  }

  /** The links, to read and to set, under {@code prefix} (which names the tenant as {@code :tenant}). */
  public void mount(Router router, String prefix) {
    router.get(prefix + "/licenses").handler(this::list);
    router.put(prefix + "/licenses/:license/groups/:group").handler(this::link);
    router.delete(prefix + "/licenses/:license/groups/:group").handler(this::unlink);
  }

  /** What the app reads: the links, and the licenses of one user (the state API's view of licenses). */
  public void mountReads(Router router, String prefix) {
    router.get(prefix + "/licenses").handler(this::list);
    router.get(prefix + "/users/:id/licenses").handler(this::ofUser);
  }

  private void list(RoutingContext ctx) {
    licenses.links(ctx.pathParam("tenant"))
        .compose(links -> Responses.json(ctx, 200, new JsonObject().put("licenses", links)))
        .onFailure(ctx::fail);
  }

  private void ofUser(RoutingContext ctx) {
    licenses.ofUser(ctx.pathParam("tenant"), ctx.pathParam("id"))
        .compose(held -> Responses.json(ctx, 200, new JsonObject().put("user", ctx.pathParam("id"))
            .put("licenses", held)))
        .onFailure(ctx::fail);
  }

  private void link(RoutingContext ctx) {
    licenses.link(ctx.pathParam("tenant"), ctx.pathParam("license"), ctx.pathParam("group"), origin(ctx))
        .compose(link -> Responses.json(ctx, 200, link))
        .onFailure(ctx::fail);
  }

  private void unlink(RoutingContext ctx) {
    licenses.unlink(ctx.pathParam("tenant"), ctx.pathParam("license"), ctx.pathParam("group"), origin(ctx))
        .compose(done -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private static Origin origin(RoutingContext ctx) {
    return Origin.admin(RequestKeys.requestId(ctx), RequestKeys.actor(ctx));
  }
}
