package dev.scimhub.http;

import dev.scimhub.scim.ScimException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Request bodies of the admin APIs. */
public final class RequestBodies {

  private RequestBodies() {}

  /** The body as a JSON object; an empty body is an empty object, anything else is 400 invalidSyntax. */
  public static JsonObject object(RoutingContext ctx) {
    if (ctx.body().buffer() == null || ctx.body().buffer().length() == 0) {
      return new JsonObject();
    }
    try {
      JsonObject body = ctx.body().asJsonObject();
      if (body != null) {
        return body;
      }
    } catch (DecodeException | ClassCastException e) {
      // reported below
    }
    throw ScimException.invalidSyntax("The request body must be a JSON object");
  }
}
