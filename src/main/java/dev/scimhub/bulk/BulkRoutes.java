package dev.scimhub.bulk;

import static dev.scimhub.http.ScimRequests.body;

import dev.scimhub.group.Groups;
import dev.scimhub.http.Responses;
import dev.scimhub.http.ScimBase;
import dev.scimhub.tenant.TenantContext;
import dev.scimhub.user.Users;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /Bulk} of a tenant's SCIM 2.0 base URL (RFC 7644 section 3.7). The body limit of resource requests is
 * its {@code maxPayloadSize} (larger is 413 before a byte is parsed), and {@link BulkRequest#MAX_OPERATIONS} its
 * {@code maxOperations}; both are announced in {@code /ServiceProviderConfig}.
 */
public final class BulkRoutes {

  /** What {@code /ServiceProviderConfig} announces. */
  public static final int MAX_OPERATIONS = BulkRequest.MAX_OPERATIONS;

  private final Users users;
  private final Groups groups;
  private final ScimBase base;

  public BulkRoutes(Users users, Groups groups, ScimBase base) {
    this.users = users;
    this.groups = groups;
    this.base = base;
  }

  public void mount(Router scim) {
    scim.post("/Bulk").handler(this::bulk);
  }

  private void bulk(RoutingContext ctx) {
    TenantContext tenant = TenantContext.of(ctx);
    Future.succeededFuture(ctx)
        .map(c -> BulkRequest.parse(body(c)))
        .compose(request -> new BulkRun(users, groups, tenant, base.url(tenant.id()), request).run())
        .compose(response -> Responses.scim(ctx, 200, response))
        .onFailure(ctx::fail);
  }
}
