package dev.scimhub.ops;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.json}: the OpenAPI 3.1 description of the admin, self-service and ops APIs, a resource file read
 * once at start (the SCIM endpoints describe themselves in {@code /Schemas}). OpenApiTest holds it to the routes.
 */
public final class OpenApi {

  private final Buffer document;

  public OpenApi() {
    try (InputStream in = OpenApi.class.getResourceAsStream("/openapi/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("missing resource openapi/openapi.json");
      }
      document = Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void mount(Router router) {
    router.get("/openapi.json").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
        .end(document).onFailure(ctx::fail));
  }
}
