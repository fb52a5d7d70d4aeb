package dev.scimhub.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimhub.scim.ScimJson;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writing response bodies: SCIM resources as {@code application/scim+json}, admin documents as JSON. */
public final class Responses {

  private Responses() {}

  public static Future<Void> scim(RoutingContext ctx, int status, JsonNode body) {
    Buffer bytes = Buffer.buffer(ScimJson.bytes(body));
    RequestFacts.responseBody(ctx, bytes);
    return ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", MediaTypes.SCIM_JSON)
        .end(bytes);
  }

  public static Future<Void> json(RoutingContext ctx, int status, JsonObject body) {
    return ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", MediaTypes.JSON)
        .end(body.toBuffer());
  }

  /** A JSON document already serialised (assembled from stored JSON without parsing it again). */
  public static Future<Void> jsonText(RoutingContext ctx, int status, String body) {
    Buffer bytes = Buffer.buffer(body);
    RequestFacts.responseBody(ctx, bytes);
    return ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", MediaTypes.JSON)
        .end(bytes);
  }

  /** 304 for a GET whose {@code If-None-Match} names the current version: the tag again, and no body. */
  public static Future<Void> notModified(RoutingContext ctx, String etag) {
    return ctx.response().setStatusCode(304).putHeader("ETag", etag).end();
  }

  public static Future<Void> noContent(RoutingContext ctx) {
    return ctx.response().setStatusCode(204).end();
  }
}
