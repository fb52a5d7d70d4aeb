package dev.scimhub.token;

import dev.scimhub.auth.AdminJwtAuth;
import dev.scimhub.http.RequestBodies;
import dev.scimhub.http.Responses;
import dev.scimhub.scim.Ids;
import dev.scimhub.scim.ScimException;
import dev.scimhub.tenant.AuditLog;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * A tenant's tokens as named connections ("okta-prod", "entra-test"): create, list (never a value), reset (a new
 * value shown once; the old one stops now or after a grace period) and revoke. Mounted for platform admins under
 * {@code /admin/tenants/:tenant/tokens} and for the tenant's own admins under {@code /tenants/:tenant/tokens}.
 * Every change is audited and takes effect on every node at once.
 */
public final class TokenRoutes {

  private static final String TENANT_EXISTS = "SELECT 1 FROM tenant WHERE id = $1";
  private static final int MAX_LABEL = 100;

  private final Pool pool;
  private final TokenStore tokens;
  private final TokenCache cache;

  public TokenRoutes(Pool pool, TokenCache cache) {
    this.pool = pool;
    this.tokens = new TokenStore(pool);
    this.cache = cache;
  }

  /** Mounts the four operations under {@code prefix}, which names the tenant as {@code :tenant}. */
  public void mount(Router router, String prefix) {
    router.post(prefix + "/tokens").handler(this::create);
    router.get(prefix + "/tokens").handler(this::list);
    router.post(prefix + "/tokens/:tokenId/reset").handler(this::reset);
    router.delete(prefix + "/tokens/:tokenId").handler(this::revoke);
  }

  private void create(RoutingContext ctx) {
    String tenant = ctx.pathParam("tenant");
    Future.succeededFuture(ctx)
        .map(c -> label(RequestBodies.object(c)))
        .compose(label -> requireTenant(tenant).compose(v -> pool.withTransaction(conn ->
            TokenStore.issue(conn, tenant, label).compose(token -> AuditLog.record(conn, tenant,
                AdminJwtAuth.actor(ctx), "token.created", event(token)).map(token)))))
        .compose(token -> shownOnce(ctx, 201, token))
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    String tenant = ctx.pathParam("tenant");
    requireTenant(tenant)
        .compose(v -> tokens.list(tenant))
        .compose(list -> {
          JsonArray items = new JsonArray();
          list.forEach(token -> items.add(token.toJson()));
          return Responses.json(ctx, 200, new JsonObject().put("tokens", items));
        })
        .onFailure(ctx::fail);
  }

  /** {@code {"graceSeconds": n}} keeps the old value working for n seconds (at most 24 h) so Okta can be updated. */
  private void reset(RoutingContext ctx) {
    String tenant = ctx.pathParam("tenant");
    Future.succeededFuture(ctx)
        .map(c -> grace(RequestBodies.object(c)))
        .compose(grace -> {
          UUID id = tokenId(ctx);
          return pool.withTransaction(conn -> TokenStore.reset(conn, tenant, id, grace).compose(token -> token == null
              ? Future.failedFuture(notFound(ctx))
              : AuditLog.record(conn, tenant, AdminJwtAuth.actor(ctx), "token.reset",
                  event(token).put("graceSeconds", grace)).map(token)));
        })
        .compose(token -> {
          cache.forgetTenant(tenant);
          return shownOnce(ctx, 200, token);
        })
        .onFailure(ctx::fail);
  }

  /** Revoking stops the value at once; the tenant's users and groups are untouched. */
  private void revoke(RoutingContext ctx) {
    String tenant = ctx.pathParam("tenant");
    Future.succeededFuture(ctx)
        .map(TokenRoutes::tokenId)
        .compose(id -> pool.withTransaction(conn -> TokenStore.revoke(conn, tenant, id).compose(found -> !found
            ? Future.failedFuture(notFound(ctx))
            : AuditLog.record(conn, tenant, AdminJwtAuth.actor(ctx), "token.revoked",
                new JsonObject().put("tokenId", id.toString())))))
        .compose(v -> {
          cache.forgetTenant(tenant);
          return Responses.noContent(ctx);
        })
        .onFailure(ctx::fail);
  }

  private Future<Void> requireTenant(String tenant) {
    return pool.preparedQuery(TENANT_EXISTS).execute(Tuple.of(tenant))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(ScimException.notFound("Tenant '" + tenant + "'"))
            : Future.succeededFuture());
  }

  private static Future<Void> shownOnce(RoutingContext ctx, int status, ApiToken token) {
    // The value is in this body only; nothing on the way may keep it.
    ctx.response().putHeader("Cache-Control", "no-store");
    return Responses.json(ctx, status, token.toJson());
  }

  private static JsonObject event(ApiToken token) {
    return new JsonObject().put("tokenId", token.id().toString()).put("label", token.label())
        .put("prefix", token.prefix());
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
      throw notFound(ctx);
    }
    return id;
  }

  private static ScimException notFound(RoutingContext ctx) {
    return ScimException.notFound("Token '" + ctx.pathParam("tokenId") + "' of tenant '" + ctx.pathParam("tenant") + "'");
  }
}
