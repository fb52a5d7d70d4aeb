package dev.scimhub.group;

import static dev.scimhub.http.ScimRequests.body;
import static dev.scimhub.http.ScimRequests.ifMatch;
import static dev.scimhub.http.ScimRequests.projection;
import static dev.scimhub.http.ScimRequests.tenant;
import static dev.scimhub.http.ScimRequests.tolerance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimhub.db.PageCursors;
import dev.scimhub.http.Responses;
import dev.scimhub.http.ScimRequests;
import dev.scimhub.scim.Dialect;
import dev.scimhub.scim.Projection;
import dev.scimhub.scim.Representation;
import dev.scimhub.scim.ScimException;
import dev.scimhub.scim.ScimJson;
import dev.scimhub.scim.SearchRequest;
import dev.scimhub.scim.patch.PatchApplier;
import dev.scimhub.scim.quirks.Tolerance;
import dev.scimhub.scim.schema.Canonicalizer;
import dev.scimhub.scim.schema.ResourceType;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** The {@code /Groups} endpoint of a tenant's SCIM base URL (RFC 7644 section 3), as Okta's Push Groups uses it. */
public final class GroupRoutes {

  /** What a create or replace body holds: the group's attributes, and its members apart. */
  private record Body(ObjectNode resource, List<UUID> members) {}

  private final GroupStore groups;
  private final GroupWriter writer;
  private final ResourceType type;
  private final Function<String, String> baseUrl;
  private final int maxResults;
  private final Dialect dialect;

  /** @param baseUrl the base URL of a tenant's endpoint in this dialect */
  public GroupRoutes(Pool pool, ResourceType type, Function<String, String> baseUrl, int maxResults,
      Dialect dialect, PageCursors cursors) {
    this.groups = new GroupStore(pool, type, cursors);
    this.writer = new GroupWriter(type, pool, dialect);
    this.type = type;
    this.baseUrl = baseUrl;
    this.maxResults = maxResults;
    this.dialect = dialect;
  }

  public void mount(Router scim) {
    scim.post("/Groups/.search").handler(this::list);
    scim.post("/Groups").handler(this::create);
    scim.get("/Groups").handler(this::list);
    scim.get("/Groups/:id").handler(this::get);
    scim.put("/Groups/:id").handler(this::replace);
    scim.patch("/Groups/:id").handler(this::patch);
    scim.delete("/Groups/:id").handler(this::delete);
  }

  private void create(RoutingContext ctx) {
    Future.succeededFuture(ctx)
        .map(c -> {
          ObjectNode json = ScimJson.parseObject(body(c));
          if (ScimJson.field(json, "id") != null) {
            throw ScimException.mutability("'id' is assigned by the server and must not be sent");
          }
          return parts(json, tolerance(c));
        })
        .compose(body -> groups.create(tenant(ctx), body.resource(), body.members()))
        .compose(group -> {
          ctx.response().putHeader("Location", Representation.location(type, group, base(ctx)));
          return writer.one(ctx, 201, tenant(ctx), base(ctx), group, projection(ctx, type));
        })
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    groups.find(tenant(ctx), ctx.pathParam("id"))
        .compose(group -> writer.one(ctx, 200, tenant(ctx), base(ctx), group, projection(ctx, type)))
        .onFailure(ctx::fail);
  }

  /** {@code GET} with query parameters, or {@code POST /.search} with a SearchRequest body. */
  private void list(RoutingContext ctx) {
    Future.succeededFuture(ctx)
        .map(c -> ScimRequests.search(c, maxResults))
        .compose(request -> page(ctx, request))
        .onFailure(ctx::fail);
  }

  /** PUT replaces the attributes and makes the membership exactly the listed members (Okta's AIW apps do this). */
  private void replace(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Future.succeededFuture(ctx)
        .map(c -> {
          ObjectNode json = ScimJson.parseObject(body(c));
          JsonNode sentId = ScimJson.field(json, "id");
          if (sentId != null && !sentId.asText().equals(id)) {
            throw ScimException.mutability("'id' is readOnly; the body's id differs from the URL's");
          }
          return parts(json, tolerance(c));
        })
        .compose(body -> groups.update(tenant(ctx), id, ifMatch(ctx), current -> body.resource(),
            List.of(new MemberChange.Replace(body.members()))))
        .compose(group -> writer.one(ctx, 200, tenant(ctx), base(ctx), group, projection(ctx, type)))
        .onFailure(ctx::fail);
  }

  /**
   * PATCH applies every operation or none. It answers 204, so a membership change never reads the member list;
   * a request that names {@code attributes} or {@code excludedAttributes} gets 200 with the group.
   */
  private void patch(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    String base = base(ctx);
    Future.succeededFuture(ctx)
        .map(c -> GroupPatch.parse(type, dialect.patchRequest(type, ScimJson.parseObject(body(c))), id,
            tolerance(c)))
        .compose(parsed -> groups.update(tenant(ctx), id, ifMatch(ctx), current -> {
          ObjectNode patched = PatchApplier.apply(parsed.attributeOperations(),
              Representation.of(type, current, base, Map.of()), tolerance(ctx));
          return validate(Canonicalizer.canonicalize(type, patched, tolerance(ctx)));
        }, parsed.memberChanges()))
        .compose(group -> {
          if (ctx.queryParams().contains("attributes") || ctx.queryParams().contains("excludedAttributes")) {
            return writer.one(ctx, 200, tenant(ctx), base, group, projection(ctx, type));
          }
          ctx.response().putHeader("ETag", dev.scimhub.scim.ETags.of(group.version()));
          return Responses.noContent(ctx);
        })
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    groups.delete(tenant(ctx), ctx.pathParam("id"), ifMatch(ctx))
        .compose(done -> Responses.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private Future<Void> page(RoutingContext ctx, SearchRequest request) {
    Projection projection = Projection.of(type, request.attributes(), request.excludedAttributes());
    return groups.list(tenant(ctx), request).compose(page -> writer.list(ctx, tenant(ctx), base(ctx), page.total(),
        request.paging().startIndex(), page.groups(), projection));
  }

  /** Members go to their rows; the rest is the stored resource. */
  private Body parts(ObjectNode json, Tolerance tolerance) {
    List<UUID> members = MembershipStore.ids(ScimJson.field(json, "members"));
    ObjectNode resource = Canonicalizer.canonicalize(type, json, tolerance);
    resource.remove("members");
    return new Body(validate(resource), members);
  }

  private static ObjectNode validate(ObjectNode resource) {
    resource.remove("members");
    JsonNode displayName = resource.get("displayName");
    if (displayName == null || displayName.asText().isBlank()) {
      throw ScimException.invalidValue("'displayName' is required");
    }
    return resource;
  }

  private String base(RoutingContext ctx) {
    return baseUrl.apply(tenant(ctx));
  }
}
