package dev.scimhub.tenant;

import dev.scimhub.event.Origin;
import dev.scimhub.http.RequestKeys;
import dev.scimhub.scim.quirks.Tolerance;
import dev.scimhub.scim.schema.TenantTypes;
import io.vertx.ext.web.RoutingContext;

/**
 * The tenant a request acts for, as the resource services take it: its id, its settings, who is acting (the origin
 * its events record), and its resource types (the platform's with the tenant's custom attributes). Built by
 * authentication and carried on the request as one object, so no handler reads tenant state from loose context
 * values or SQL.
 */
public record TenantContext(String id, TenantSettings settings, Origin origin, Tolerance tolerance,
    TenantTypes types) {

  private static final String KEY = "tenantContext";

  /** A request's tenant; the quirks that rewrite the request are named in {@code quirks} (the request log's). */
  public TenantContext(String id, TenantSettings settings, Origin origin, java.util.List<String> quirks,
      TenantTypes types) {
    this(id, settings, origin, Tolerance.forRequest(settings.strict(), quirks), types);
  }

  /** Admits the request for this tenant: the handlers after authentication, and the log, see it. */
  public void admit(RoutingContext ctx) {
    ctx.put(KEY, this);
    RequestKeys.admitTenant(ctx, id);
  }

  /** The tenant that authentication admitted the request for. */
  public static TenantContext of(RoutingContext ctx) {
    TenantContext tenant = ctx.get(KEY);
    if (tenant == null) {
      throw new IllegalStateException("no tenant was admitted for this request");
    }
    return tenant;
  }
}
