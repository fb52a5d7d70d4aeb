package dev.scimhub.http;

import dev.scimhub.log.LogTags;
import io.vertx.ext.web.RoutingContext;

/**
 * What the handlers of one request hand on to each other on its routing context, under names every feature shares:
 * the request id, and the tenant a credential admitted. Both are also log tags, so every log line of the request
 * names them.
 */
public final class RequestKeys {

  public static final String REQUEST_ID = "requestId";
  public static final String TENANT = "tenant";

  private RequestKeys() {}

  public static String requestId(RoutingContext ctx) {
    return ctx.get(REQUEST_ID);
  }

  /** The tenant whose credential admitted the request; null before authentication. */
  public static String tenant(RoutingContext ctx) {
    return ctx.get(TENANT);
  }

  /** Records the tenant that authentication admitted, for the handlers after it and for the log. */
  public static void admitTenant(RoutingContext ctx, String tenant) {
    ctx.put(TENANT, tenant);
    LogTags.put(TENANT, tenant);
  }
}
