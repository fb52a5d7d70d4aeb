package dev.scimhub.user;

import static dev.scimhub.http.ScimRequests.body;
import static dev.scimhub.http.ScimRequests.ifMatch;
import static dev.scimhub.http.ScimRequests.projection;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimhub.http.ClientGone;
import dev.scimhub.http.Responses;
import dev.scimhub.http.ScimBase;
import dev.scimhub.http.ScimEndpoint;
import dev.scimhub.http.ScimRequests;
import dev.scimhub.scim.Dialect;
import dev.scimhub.scim.ETags;
import dev.scimhub.scim.ListResponse;
import dev.scimhub.scim.Projection;
import dev.scimhub.scim.Representation;
import dev.scimhub.scim.ScimJson;
import dev.scimhub.scim.SearchRequest;
import dev.scimhub.scim.StoredResource;
import dev.scimhub.scim.schema.ResourceType;
import dev.scimhub.tenant.TenantContext;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code /Users} endpoint of a tenant's SCIM base URL (RFC 7644 section 3): each handler reads its request, calls
 * {@link Users}, and writes the answer in the base URL's dialect.
 */
public final class UserRoutes implements ScimEndpoint {

  private final Users users;
  private final ResourceType type;
  private final ScimBase base;

  public UserRoutes(Users users, ScimBase base) {
    this.users = users;
    this.type = users.type();
    this.base = base;
  }

  @Override
  public String endpoint() {
    return type.endpoint();
  }

  @Override
  public void create(RoutingContext ctx) {
    Future.succeededFuture(ctx)
        .map(c -> ScimJson.parseObject(body(c)))
        .compose(body -> users.create(TenantContext.of(ctx), body))
        .compose(user -> respond(ctx, 201, user))
        .onFailure(ctx::fail);
  }

  @Override
  public void get(RoutingContext ctx) {
    Future.succeededFuture(ctx)
        .map(c -> projection(c, type(c)))
        .compose(projection -> users.get(TenantContext.of(ctx), ctx.pathParam("id"), verbatim(ctx, projection))
            .compose(user -> ETags.notModified(ScimRequests.ifNoneMatch(ctx), user.version())
                ? Responses.notModified(ctx, ETags.of(user.version())) : respond(ctx, 200, user, projection)))
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
    Future.succeededFuture(ctx)
        .map(c -> ScimJson.parseObject(body(c)))
        .compose(body -> users.replace(TenantContext.of(ctx), ctx.pathParam("id"), ifMatch(ctx), body))
        .compose(user -> respond(ctx, 200, user))
        .onFailure(ctx::fail);
  }

  @Override
  public void patch(RoutingContext ctx) {
    Future.succeededFuture(ctx)
        .map(c -> base.dialect().patchRequest(type(c), ScimJson.parseObject(body(c))))
        .compose(patchOp -> users.patch(TenantContext.of(ctx), ctx.pathParam("id"), ifMatch(ctx), patchOp))
        .compose(user -> respond(ctx, 200, user))
        .onFailure(ctx::fail);
  }

  @Override
  public void delete(RoutingContext ctx) {
    users.delete(TenantContext.of(ctx), ctx.pathParam("id"), ifMatch(ctx))
        .compose(done -> Responses.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private Future<Void> page(RoutingContext ctx, TenantContext tenant, SearchRequest request) {
    ResourceType type = tenant.types().user();
    Projection projection = Projection.of(type, request.attributes(), request.excludedAttributes());
    String url = base.url(tenant.id());
    return users.list(tenant, request, verbatim(ctx, projection), ClientGone.of(ctx)).compose(page -> {
      List<ObjectNode> resources = new ArrayList<>(page.items().size());
      page.items().forEach(user -> resources.add(
          base.dialect().representation(type, projection.apply(Representation.of(type, user, url, Map.of())))));
      return Responses.scim(ctx, 200, ListResponse.positioned(
          base.dialect().listResponse(page.total(), request.paging().startIndex(), resources), request,
          page.nextCursor()));
    });
  }

  private Future<Void> respond(RoutingContext ctx, int status, StoredResource user) {
    return respond(ctx, status, user, projection(ctx, type(ctx)));
  }

  /** One user, with its version and (as RFC 7644's examples show for every single resource) its location. */
  private Future<Void> respond(RoutingContext ctx, int status, StoredResource user, Projection projection) {
    ResourceType type = type(ctx);
    ctx.response().putHeader("ETag", ETags.of(user.version()))
        .putHeader("Location", Representation.location(type, user, url(ctx)));
    return Responses.scim(ctx, status, base.dialect().representation(type,
        projection.apply(Representation.of(type, user, url(ctx), Map.of()))));
  }

  /**
   * Whether a read can keep the stored attribute values as raw text: only when nothing will look inside them, i.e.
   * no projection that names attributes, no conversion to another dialect, and no custom attribute that a default
   * response leaves out.
   */
  private boolean verbatim(RoutingContext ctx, Projection projection) {
    return projection.isDefault() && base.dialect() == Dialect.SCIM_2 && TenantContext.of(ctx).types().sendsStoredAsIs();
  }

  /** The tenant's User type, with its custom attributes. */
  private static ResourceType type(RoutingContext ctx) {
    return TenantContext.of(ctx).types().user();
  }

  private String url(RoutingContext ctx) {
    return base.url(TenantContext.of(ctx).id());
  }
}
