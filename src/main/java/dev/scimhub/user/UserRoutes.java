package dev.scimhub.user;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.messages.PatchOperation;
import dev.scimhub.auth.TenantTokenAuthHandler;
import dev.scimhub.http.BaseUrls;
import dev.scimhub.http.Responses;
import dev.scimhub.scim.ETags;
import dev.scimhub.scim.ListResponse;
import dev.scimhub.scim.Projection;
import dev.scimhub.scim.ScimException;
import dev.scimhub.scim.ScimJson;
import dev.scimhub.scim.SearchRequest;
import dev.scimhub.scim.patch.PatchApplier;
import dev.scimhub.scim.schema.Canonicalizer;
import dev.scimhub.scim.schema.ResourceType;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;

/** The {@code /Users} endpoint of a tenant's SCIM base URL (RFC 7644 section 3). */
public final class UserRoutes {

  private final UserStore users;
  private final ResourceType type;
  private final BaseUrls urls;
  private final int maxResults;

  public UserRoutes(Pool pool, ResourceType type, BaseUrls urls, int maxResults) {
    this.users = new UserStore(pool, type);
    this.type = type;
    this.urls = urls;
    this.maxResults = maxResults;
  }

  public void mount(Router scim) {
    scim.post("/Users/.search").handler(this::search);
    scim.post("/Users").handler(this::create);
    scim.get("/Users").handler(this::list);
    scim.get("/Users/:id").handler(this::get);
    scim.put("/Users/:id").handler(this::replace);
    scim.patch("/Users/:id").handler(this::patch);
    scim.delete("/Users/:id").handler(this::delete);
  }

  private void create(RoutingContext ctx) {
    Future.succeededFuture(ctx)
        .map(c -> {
          ObjectNode body = ScimJson.parseObject(bytes(c));
          if (findIgnoringCase(body, "id") != null) {
            throw ScimException.mutability("'id' is assigned by the server and must not be sent");
          }
          return UserResource.validate(Canonicalizer.canonicalize(type, body));
        })
        .compose(resource -> users.create(tenant(ctx), resource))
        .compose(user -> {
          ctx.response().putHeader("Location", UserResource.location(base(ctx), user));
          return respond(ctx, 201, user);
        })
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    users.find(tenant(ctx), ctx.pathParam("id"))
        .compose(user -> respond(ctx, 200, user))
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    Future.succeededFuture(ctx)
        .map(c -> SearchRequest.fromQuery(c.queryParams()::get, maxResults))
        .compose(request -> page(ctx, request))
        .onFailure(ctx::fail);
  }

  private void search(RoutingContext ctx) {
    Future.succeededFuture(ctx)
        .map(c -> SearchRequest.fromBody(ScimJson.parseObject(bytes(c)), maxResults))
        .compose(request -> page(ctx, request))
        .onFailure(ctx::fail);
  }

  /** PUT replaces every writable attribute; readOnly ones in the body are ignored, and userName may change. */
  private void replace(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Future.succeededFuture(ctx)
        .map(c -> {
          ObjectNode body = ScimJson.parseObject(bytes(c));
          JsonNode sentId = findIgnoringCase(body, "id");
          if (sentId != null && !sentId.asText().equals(id)) {
            throw ScimException.mutability("'id' is readOnly; the body's id differs from the URL's");
          }
          return UserResource.validate(Canonicalizer.canonicalize(type, body));
        })
        .compose(resource -> users.update(tenant(ctx), id, ifMatch(ctx), current -> resource))
        .compose(user -> respond(ctx, 200, user))
        .onFailure(ctx::fail);
  }

  /** PATCH applies every operation or none (RFC 7644 section 3.5.2). */
  private void patch(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    String base = base(ctx);
    Future.succeededFuture(ctx)
        .map(c -> PatchApplier.parse(type, ScimJson.parseObject(bytes(c)), id))
        .compose(operations -> users.update(tenant(ctx), id, ifMatch(ctx), current -> patched(current, operations,
            base)))
        .compose(user -> respond(ctx, 200, user))
        .onFailure(ctx::fail);
  }

  private ObjectNode patched(StoredUser current, List<PatchOperation> operations, String base) {
    ObjectNode representation = UserResource.toScim(type, current, base);
    ObjectNode result = PatchApplier.apply(operations, representation);
    return UserResource.validate(Canonicalizer.canonicalize(type, result));
  }

  private void delete(RoutingContext ctx) {
    users.delete(tenant(ctx), ctx.pathParam("id"), ifMatch(ctx))
        .compose(done -> Responses.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private Future<Void> page(RoutingContext ctx, SearchRequest request) {
    Projection projection = Projection.of(type, request.attributes(), request.excludedAttributes());
    String base = base(ctx);
    return users.list(tenant(ctx), request).compose(page -> {
      List<ObjectNode> resources = new ArrayList<>(page.users().size());
      page.users().forEach(user -> resources.add(projection.apply(UserResource.toScim(type, user, base))));
      return Responses.scim(ctx, 200, ListResponse.of(page.total(), request.paging().startIndex(), resources));
    });
  }

  private Future<Void> respond(RoutingContext ctx, int status, StoredUser user) {
    Projection projection = Projection.of(type, ctx.queryParams().get("attributes"), ctx.queryParams().get("excludedAttributes"));
    ctx.response().putHeader("ETag", ETags.of(user.version()));
    return Responses.scim(ctx, status, projection.apply(UserResource.toScim(type, user, base(ctx))));
  }

  private String base(RoutingContext ctx) {
    return urls.scimV2(tenant(ctx));
  }

  private static String tenant(RoutingContext ctx) {
    return ctx.get(TenantTokenAuthHandler.TENANT);
  }

  private static String ifMatch(RoutingContext ctx) {
    return ctx.request().getHeader("If-Match");
  }

  private static byte[] bytes(RoutingContext ctx) {
    return ctx.body().buffer() == null ? null : ctx.body().buffer().getBytes();
  }

  private static JsonNode findIgnoringCase(ObjectNode body, String name) {
    var names = body.fieldNames();
    while (names.hasNext()) {
      String candidate = names.next();
      if (candidate.equalsIgnoreCase(name)) {
        return body.get(candidate);
      }
    }
    return null;
  }
}
