package dev.scimhub.group;

import static dev.scimhub.http.ScimRequests.body;
import static dev.scimhub.http.ScimRequests.ifMatch;
import static dev.scimhub.http.ScimRequests.projection;

import dev.scimhub.http.ClientGone;
import dev.scimhub.http.Responses;
import dev.scimhub.http.ScimBase;
import dev.scimhub.http.ScimEndpoint;
import dev.scimhub.http.ScimRequests;
import dev.scimhub.scim.ETags;
import dev.scimhub.scim.Projection;
import dev.scimhub.scim.ScimJson;
import dev.scimhub.scim.SearchRequest;
import dev.scimhub.scim.schema.ResourceType;
import dev.scimhub.tenant.TenantContext;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * The {@code /Groups} endpoint of a tenant's SCIM base URL (RFC 7644 section 3): each handler reads its request, calls
 * {@link Groups}, and writes the answer in the base URL's dialect, members streamed.
 */
public final class GroupRoutes implements ScimEndpoint {

  private final Groups groups;
  private final GroupWriter writer;
  private final ResourceType type;
  private final ScimBase base;

  public GroupRoutes(Groups groups, ScimBase base) {
    this.groups = groups;
    this.writer = new GroupWriter(groups, base.dialect());
    this.type = groups.type();
    this.base = base;
  }

  @Override
  public String endpoint() {
    return type.endpoint();
  }

  @Override
  public void create(RoutingContext ctx) {
    TenantContext tenant = TenantContext.of(ctx);
    Future.succeededFuture(ctx)
        .map(c -> ScimJson.parseObject(body(c)))
        .compose(body -> groups.create(tenant, body))
        .compose(group -> writer.one(ctx, 201, tenant, url(tenant), group, projection(ctx, type(tenant))))
        .onFailure(ctx::fail);
  }

  @Override
  public void get(RoutingContext ctx) {
    TenantContext tenant = TenantContext.of(ctx);
    groups.get(tenant, ctx.pathParam("id"))
        .compose(group -> ETags.notModified(ScimRequests.ifNoneMatch(ctx), group.version())
            ? Responses.notModified(ctx, ETags.of(group.version()))
            : writer.one(ctx, 200, tenant, url(tenant), group, projection(ctx, type(tenant))))
        .onFailure(ctx::fail);
  }

  @Override
  public void list(RoutingContext ctx) {
    TenantContext tenant = TenantContext.of(ctx);
    Future.succeededFuture(ctx)
        .map(c -> ScimRequests.search(c, base.maxResults(), tenant.tolerance()))
        .compose(request -> page(ctx, tenant, request))
        .onFailure(ctx::fail);
  }

  @Override
  public void replace(RoutingContext ctx) {
    TenantContext tenant = TenantContext.of(ctx);
    Future.succeededFuture(ctx)
        .map(c -> ScimJson.parseObject(body(c)))
        .compose(body -> groups.replace(tenant, ctx.pathParam("id"), ifMatch(ctx), body))
        .compose(group -> writer.one(ctx, 200, tenant, url(tenant), group, projection(ctx, type(tenant))))
        .onFailure(ctx::fail);
  }

  /**
   * PATCH answers 204, so a membership change never reads the member list; a request that names {@code attributes} or
   * {@code excludedAttributes} gets 200 with the group.
   */
  @Override
  public void patch(RoutingContext ctx) {
    TenantContext tenant = TenantContext.of(ctx);
    Future.succeededFuture(ctx)
        .map(c -> base.dialect().patchRequest(type(tenant), ScimJson.parseObject(body(c))))
        .compose(patchOp -> groups.patch(tenant, ctx.pathParam("id"), ifMatch(ctx), patchOp))
        .compose(group -> {
          if (ScimRequests.asksForAttributes(ctx)) {
            return writer.one(ctx, 200, tenant, url(tenant), group, projection(ctx, type(tenant)));
          }
          ctx.response().putHeader("ETag", ETags.of(group.version()));
          return Responses.noContent(ctx);
        })
        .onFailure(ctx::fail);
  }

  @Override
  public void delete(RoutingContext ctx) {
    groups.delete(TenantContext.of(ctx), ctx.pathParam("id"), ifMatch(ctx))
        .compose(done -> Responses.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private Future<Void> page(RoutingContext ctx, TenantContext tenant, SearchRequest request) {
    Projection projection = Projection.of(type(tenant), request.attributes(), request.excludedAttributes());
    return groups.list(tenant, request, ClientGone.of(ctx))
        .compose(page -> writer.list(ctx, tenant, url(tenant), request, page, projection));
  }

  /** The tenant's Group type, with its custom attributes. */
  private static ResourceType type(TenantContext tenant) {
    return tenant.types().group();
  }

  private String url(TenantContext tenant) {
    return base.url(tenant.id());
  }
}
