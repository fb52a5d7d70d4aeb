package dev.scimhub.http;

import dev.scimhub.log.LogTags;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * What the handlers of one request hand on to each other on its routing context, under names every feature shares:
 * the request id, the tenant a credential admitted, and who is acting. The first two are also log tags, so every log
 * line of the request names them.
 */
public final class RequestKeys {

  public static final String REQUEST_ID = "requestId";
  public static final String TENANT = "tenant";
  private static final String PRINCIPAL = "principal";

  private RequestKeys() {}

  public static String requestId(RoutingContext ctx) {
    return ctx.get(REQUEST_ID);
  }

  /** The tenant whose credential admitted the request; null before authentication. */
  public static String tenant(RoutingContext ctx) {
    return ctx.get(TENANT);
  }

  /**
   * The claims of whoever the request was admitted as: the verified JWT's, or those a console session stands in for
   * ({@link #admitPrincipal}); null before authentication.
   */
  public static JsonObject principal(RoutingContext ctx) {
    JsonObject session = ctx.get(PRINCIPAL);
    if (session != null) {
      return session;
    }
    return ctx.user() == null ? null : ctx.user().principal();
  }

  /** Admits the request as {@code claims} (role, sub, tenant), as a verified JWT with them would be. */
  public static void admitPrincipal(RoutingContext ctx, JsonObject claims) {
    ctx.put(PRINCIPAL, claims);
  }

  /** Who is acting, for the audit trail: the {@code sub} of the verified JWT or session, or {@code unknown}. */
  public static String actor(RoutingContext ctx) {
    JsonObject claims = principal(ctx);
    String sub = claims == null ? null : claims.getString("sub");
    return sub == null || sub.isBlank() ? "unknown" : sub;
  }

  /** Records the tenant that authentication admitted, for the handlers after it and for the log. */
  public static void admitTenant(RoutingContext ctx, String tenant) {
    ctx.put(TENANT, tenant);
    LogTags.put(TENANT, tenant);
  }
}
