package dev.scimhub.token;

import dev.scimhub.event.Origin;
import dev.scimhub.http.RequestBodies;
import dev.scimhub.http.RequestKeys;
import dev.scimhub.http.Responses;
import dev.scimhub.scim.Ids;
import dev.scimhub.scim.ScimException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/**
 * A tenant's tokens as named connections ("okta-prod", "entra-test"): create, list (never a value), reset (a new
 * value shown once; the old one stops now or after a grace period) and revoke. Mounted for platform admins under
 * {@code /admin/tenants/:tenant/tokens} and for the tenant's own admins under {@code /tenants/:tenant/tokens}.
 */
public final class TokenRoutes {

  private static final int MAX_LABEL = 100;

  private final TokenStore tokens;

  public TokenRoutes(TokenStore tokens) {
    this.tokens = tokens;
  }

  /** Mounts the four operations under {@code prefix}, which names the tenant as {@code :tenant}. */
  public void mount(Router router, String prefix) {
    router.post(prefix + "/tokens").handler(this::create);
    router.get(prefix + "/tokens").handler(this::list);
    router.post(prefix + "/tokens/:tokenId/reset").handler(this::reset);
    router.delete(prefix + "/tokens/:tokenId").handler(this::revoke);
  }

  private void create(RoutingContext ctx) {
    Future.succeededFuture(ctx)
        .map(c -> label(RequestBodies.object(c)))
        .compose(label -> tokens.create(ctx.pathParam("tenant"), label, origin(ctx)))
        .compose(token -> shownOnce(ctx, 201, token))
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    tokens.list(ctx.pathParam("tenant"))
        .compose(list -> {
          JsonArray items = new JsonArray();
          list.forEach(token -> items.add(token.toJson()));
          return Responses.json(ctx, 200, new JsonObject().put("tokens", items));
        })
        .onFailure(ctx::fail);
  }

  /** {@code {"graceSeconds": n}} keeps the old value working for n seconds (at most 24 h) so Okta can be updated. */
  private void reset(RoutingContext ctx) {
    Future.succeededFuture(ctx)
        .map(c -> grace(RequestBodies.object(c)))
        .compose(grace -> tokens.reset(ctx.pathParam("tenant"), tokenId(ctx), grace, origin(ctx)))
        .compose(token -> shownOnce(ctx, 200, token))
        .onFailure(ctx::fail);
  }

  private void revoke(RoutingContext ctx) {
    Future.succeededFuture(ctx)
        .map(TokenRoutes::tokenId)
        .compose(id -> tokens.revoke(ctx.pathParam("tenant"), id, origin(ctx)))
        .compose(v -> Responses.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private static Future<Void> shownOnce(RoutingContext ctx, int status, ApiToken token) {
    // The value is in this body only; nothing on the way may keep it.
    ctx.response().putHeader("Cache-Control", "no-store");
    return Responses.json(ctx, status, token.toJson());
  }

  private static String label(JsonObject body) {
    Object label = body.getValue("label");
    if (label == null) {
      return "connection";
    }
    if (!(label instanceof String text) || text.isBlank() || text.length() > MAX_LABEL) {
      throw ScimException.invalidValue("'label' must be a non-empty string of at most " + MAX_LABEL + " characters");
    }
    return text.trim();
  }

  private static int grace(JsonObject body) {
    Object grace = body.getValue("graceSeconds");
    if (grace == null) {
      return 0;
    }
    if (!(grace instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < 0
        || n.longValue() > TokenStore.MAX_GRACE_SECONDS) {
      throw ScimException.invalidValue("'graceSeconds' must be a whole number from 0 to " + TokenStore.MAX_GRACE_SECONDS
          + " (24 h)");
    }
    return n.intValue();
  }

  private static UUID tokenId(RoutingContext ctx) {
    UUID id = Ids.parse(ctx.pathParam("tokenId"));
    if (id == null) {
      throw ScimException.notFound("Token '" + ctx.pathParam("tokenId") + "' of tenant '" + ctx.pathParam("tenant")
          + "'");
    }
    return id;
  }

  /** Who acts: the admin's JWT subject, in this request. */
  private static Origin origin(RoutingContext ctx) {
    return Origin.admin(RequestKeys.requestId(ctx), RequestKeys.actor(ctx));
  }
}
