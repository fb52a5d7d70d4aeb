package dev.scimhub.tenant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimhub.event.Origin;
import dev.scimhub.http.RequestKeys;
import dev.scimhub.http.Responses;
import dev.scimhub.scim.ScimException;
import dev.scimhub.scim.ScimJson;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A tenant's custom attributes over JSON, for the platform admin ({@code /admin/tenants/:tenant/schemas}) and the
 * tenant's own admin ({@code /tenants/:tenant/schemas}): list, read, define (PUT of one schema document by URN) and
 * remove. What a definition says appears in that tenant's {@code /Schemas} and {@code /ResourceTypes} only.
 */
public final class TenantSchemaRoutes {

  private final TenantSchemas schemas;

  public TenantSchemaRoutes(TenantSchemas schemas) {
    this.schemas = schemas;
  }

  public void mount(Router router, String prefix) {
    router.get(prefix + "/schemas").handler(this::list);
    router.get(prefix + "/schemas/:urn").handler(this::get);
    router.put(prefix + "/schemas/:urn").handler(this::define);
    router.delete(prefix + "/schemas/:urn").handler(this::remove);
  }

  private void list(RoutingContext ctx) {
    schemas.list(ctx.pathParam("tenant"))
        .compose(own -> Responses.json(ctx, 200, new JsonObject()
            .put("schemas", array(own))
            .put("defaults", array(schemas.defaults()))))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    String urn = ctx.pathParam("urn");
    schemas.list(ctx.pathParam("tenant"))
        .compose(own -> own.stream().filter(d -> d.path("id").asText().equalsIgnoreCase(urn)).findFirst()
            .map(document -> Responses.json(ctx, 200, json(document)))
            .orElseGet(() -> Future.failedFuture(ScimException.notFound("Schema '" + urn + "' of tenant '"
                + ctx.pathParam("tenant") + "'"))))
        .onFailure(ctx::fail);
  }

  private void define(RoutingContext ctx) {
    Future.succeededFuture(ctx)
        .map(TenantSchemaRoutes::body)
        .compose(body -> schemas.define(ctx.pathParam("tenant"), ctx.pathParam("urn"), body, origin(ctx)))
        .compose(defined -> Responses.json(ctx, defined.created() ? 201 : 200, json(defined.document())))
        .onFailure(ctx::fail);
  }

  private void remove(RoutingContext ctx) {
    schemas.remove(ctx.pathParam("tenant"), ctx.pathParam("urn"), origin(ctx))
        .compose(done -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private static ObjectNode body(RoutingContext ctx) {
    if (ctx.body().buffer() == null || ctx.body().buffer().length() == 0) {
      throw ScimException.invalidSyntax("The body is the schema document: {\"attributes\": [...]}");
    }
    return ScimJson.parseObject(ctx.body().buffer().getBytes());
  }

  private static JsonObject json(ObjectNode document) {
    return new JsonObject(ScimJson.string(document));
  }

  private static JsonArray array(java.util.List<ObjectNode> documents) {
    JsonArray out = new JsonArray();
    documents.forEach(d -> out.add(json(d)));
    return out;
  }

  private static Origin origin(RoutingContext ctx) {
    return Origin.admin(RequestKeys.requestId(ctx), RequestKeys.actor(ctx));
  }
}
