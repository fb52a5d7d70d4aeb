package dev.scimhub.user;

import static dev.scimhub.http.ScimRequests.body;
import static dev.scimhub.http.ScimRequests.ifMatch;
import static dev.scimhub.http.ScimRequests.projection;
import static dev.scimhub.http.ScimRequests.tenant;
import static dev.scimhub.http.ScimRequests.tolerance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.messages.PatchOperation;
import dev.scimhub.db.PageCursors;
import dev.scimhub.http.Responses;
import dev.scimhub.http.ScimRequests;
import dev.scimhub.scim.Dialect;
import dev.scimhub.scim.ETags;
import dev.scimhub.scim.Projection;
import dev.scimhub.scim.Representation;
import dev.scimhub.scim.ScimException;
import dev.scimhub.scim.ScimJson;
import dev.scimhub.scim.SearchRequest;
import dev.scimhub.scim.StoredResource;
import dev.scimhub.scim.patch.PatchApplier;
import dev.scimhub.scim.quirks.Tolerance;
import dev.scimhub.scim.schema.Canonicalizer;
import dev.scimhub.scim.schema.ResourceType;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The {@code /Users} endpoint of a tenant's SCIM base URL (RFC 7644 section 3). */
public final class UserRoutes {

  private final UserStore users;
  private final ResourceType type;
  private final Function<String, String> baseUrl;
  private final int maxResults;
  private final Dialect dialect;

  /** @param baseUrl the base URL of a tenant's endpoint in this dialect */
  public UserRoutes(Pool pool, ResourceType type, Function<String, String> baseUrl, int maxResults, Dialect dialect,
      PageCursors cursors) {
    this.users = new UserStore(pool, type, cursors);
    this.type = type;
    this.baseUrl = baseUrl;
    this.maxResults = maxResults;
    this.dialect = dialect;
  }

  public void mount(Router scim) {
    scim.post("/Users/.search").handler(this::list);
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
          ObjectNode body = ScimJson.parseObject(body(c));
          if (ScimJson.field(body, "id") != null) {
            throw ScimException.mutability("'id' is assigned by the server and must not be sent");
          }
          return UserResource.validate(Canonicalizer.canonicalize(type, body, tolerance(c)));
        })
        .compose(resource -> users.create(tenant(ctx), resource))
        .compose(user -> {
          ctx.response().putHeader("Location", Representation.location(type, user, base(ctx)));
          return respond(ctx, 201, user);
        })
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    Future.succeededFuture(ctx)
        .map(c -> projection(c, type))
        .compose(projection -> users.find(tenant(ctx), ctx.pathParam("id"), verbatim(projection))
            .compose(user -> respond(ctx, 200, user, projection)))
        .onFailure(ctx::fail);
  }

  /** {@code GET} with query parameters, or {@code POST /.search} with a SearchRequest body. */
  private void list(RoutingContext ctx) {
    Future.succeededFuture(ctx)
        .map(c -> ScimRequests.search(c, maxResults))
        .compose(request -> page(ctx, request))
        .onFailure(ctx::fail);
  }

  /** PUT replaces every writable attribute; readOnly ones in the body are ignored, and userName may change. */
  private void replace(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Future.succeededFuture(ctx)
        .map(c -> {
          ObjectNode body = ScimJson.parseObject(body(c));
          JsonNode sentId = ScimJson.field(body, "id");
          if (sentId != null && !sentId.asText().equals(id)) {
            throw ScimException.mutability("'id' is readOnly; the body's id differs from the URL's");
          }
          return UserResource.validate(Canonicalizer.canonicalize(type, body, tolerance(c)));
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
        .map(c -> PatchApplier.parse(type, dialect.patchRequest(type, ScimJson.parseObject(body(c))), id,
            tolerance(c)))
        .compose(operations -> users.update(tenant(ctx), id, ifMatch(ctx), current -> patched(current, operations,
            base, tolerance(ctx))))
        .compose(user -> respond(ctx, 200, user))
        .onFailure(ctx::fail);
  }

  private ObjectNode patched(StoredResource current, List<PatchOperation> operations, String base,
      Tolerance tolerance) {
    ObjectNode representation = Representation.of(type, current, base, Map.of());
    ObjectNode result = PatchApplier.apply(operations, representation, tolerance);
    return UserResource.validate(Canonicalizer.canonicalize(type, result, tolerance));
  }

  private void delete(RoutingContext ctx) {
    users.delete(tenant(ctx), ctx.pathParam("id"), ifMatch(ctx))
        .compose(done -> Responses.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private Future<Void> page(RoutingContext ctx, SearchRequest request) {
    Projection projection = Projection.of(type, request.attributes(), request.excludedAttributes());
    String base = base(ctx);
    return users.list(tenant(ctx), request, verbatim(projection)).compose(page -> {
      List<ObjectNode> resources = new ArrayList<>(page.users().size());
      page.users().forEach(user -> resources.add(
          dialect.representation(type, projection.apply(Representation.of(type, user, base, Map.of())))));
      return Responses.scim(ctx, 200, dialect.listResponse(page.total(), request.paging().startIndex(), resources));
    });
  }

  private Future<Void> respond(RoutingContext ctx, int status, StoredResource user) {
    return respond(ctx, status, user, projection(ctx, type));
  }

  private Future<Void> respond(RoutingContext ctx, int status, StoredResource user, Projection projection) {
    ctx.response().putHeader("ETag", ETags.of(user.version()));
    return Responses.scim(ctx, status, dialect.representation(type,
        projection.apply(Representation.of(type, user, base(ctx), Map.of()))));
  }

  /**
   * Whether a read can keep the stored attribute values as raw text: only when nothing will look inside them, i.e.
   * no projection that names attributes and no conversion to another dialect.
   */
  private boolean verbatim(Projection projection) {
    return projection.isDefault() && dialect == Dialect.SCIM_2;
  }

  private String base(RoutingContext ctx) {
    return baseUrl.apply(tenant(ctx));
  }
}
