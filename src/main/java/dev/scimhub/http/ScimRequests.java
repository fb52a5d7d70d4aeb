package dev.scimhub.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimhub.scim.Projection;
import dev.scimhub.scim.ScimJson;
import dev.scimhub.scim.InputLimits;
import dev.scimhub.scim.SearchRequest;
import dev.scimhub.scim.quirks.Tolerance;
import dev.scimhub.scim.schema.ResourceType;
import io.vertx.ext.web.RoutingContext;

/** What every SCIM resource handler reads from its request. */
public final class ScimRequests {

  private ScimRequests() {}

  public static String ifMatch(RoutingContext ctx) {
    return ctx.request().getHeader("If-Match");
  }

  public static String ifNoneMatch(RoutingContext ctx) {
    return ctx.request().getHeader("If-None-Match");
  }

  public static byte[] body(RoutingContext ctx) {
    return ctx.body().buffer() == null ? null : ctx.body().buffer().getBytes();
  }

  /** A listing's parameters: from the query string of a GET, or the SearchRequest body of {@code POST /.search}. */
  public static SearchRequest search(RoutingContext ctx, int maxResults, Tolerance tolerance) {
    if (!ctx.request().method().name().equals("POST")) {
      return SearchRequest.fromQuery(ctx.queryParams()::get, maxResults, tolerance);
    }
    ObjectNode body = ScimJson.parseObjectUnchecked(body(ctx));
    SearchRequest search = SearchRequest.fromBody(body, maxResults, tolerance);
    InputLimits.checkStrings(body);
    return search;
  }

  /** {@code attributes} / {@code excludedAttributes} of a request that returns one resource. */
  public static Projection projection(RoutingContext ctx, ResourceType type) {
    return Projection.of(type, ctx.queryParams().get("attributes"), ctx.queryParams().get("excludedAttributes"));
  }

  /** Whether the request names {@code attributes} or {@code excludedAttributes}. */
  public static boolean asksForAttributes(RoutingContext ctx) {
    return ctx.queryParams().contains("attributes") || ctx.queryParams().contains("excludedAttributes");
  }
}
