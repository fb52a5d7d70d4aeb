package dev.scimhub.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimhub.scim.Dialect;
import dev.scimhub.scim.ScimException;
import dev.scimhub.scim.ScimJson;
import dev.scimhub.scim.schema.Schemas;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every error as a SCIM error body (RFC 7644 section 3.12): {@code schemas}, {@code status} (a string, as the
 * RFC shows it), {@code scimType} where one applies, and {@code detail}. {@link ScimException} carries all three;
 * vert.x {@link HttpException}s and bare status codes (413 from the body limit, 404 and 405 from routing) keep their
 * status; anything else is a 500 with a detail that names only the request id. 401 carries
 * {@code WWW-Authenticate: Bearer}.
 *
 * <p>Each router has its own: a SCIM base URL's answers in its dialect as {@code application/scim+json}, the admin and
 * self-service APIs' as {@code application/json} — the handler knows where it is mounted instead of guessing from the
 * path.
 */
public final class ScimFailureHandler implements Handler<RoutingContext> {

  private static final Logger log = LoggerFactory.getLogger(ScimFailureHandler.class);

  private final Dialect dialect;
  private final String mediaType;

  private ScimFailureHandler(Dialect dialect, String mediaType) {
    this.dialect = dialect;
    this.mediaType = mediaType;
  }

  /** For a SCIM base URL that speaks {@code dialect}. */
  public static ScimFailureHandler scim(Dialect dialect) {
    return new ScimFailureHandler(dialect, MediaTypes.SCIM_JSON);
  }

  /** For the JSON APIs (admin, self-service) and paths outside any API. */
  public static ScimFailureHandler json() {
    return new ScimFailureHandler(Dialect.SCIM_2, MediaTypes.JSON);
  }

  @Override
  public void handle(RoutingContext ctx) {
    ScimException error = toScim(ctx);
    if (ctx.response().closed()) {
      // The client left before its answer was complete; nothing is wrong here and nobody is left to tell.
      log.debug("{} {}: the client closed the connection", ctx.request().method(), ctx.request().path());
      return;
    }
    if (ctx.response().headWritten()) {
      // Part of a response is on the wire; the only honest signal left is to cut the connection.
      log.warn("failure after the response started; closing the connection", ctx.failure());
      ctx.request().connection().close();
      return;
    }
    if (error.status() >= 500) {
      log.error("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
    } else if (log.isDebugEnabled()) {
      log.debug("{} {} -> {} {}: {}", ctx.request().method(), ctx.request().path(), error.status(),
          error.scimType(), error.detail());
    }
    ObjectNode body = ScimJson.object();
    body.putArray("schemas").add(Schemas.ERROR);
    body.put("status", String.valueOf(error.status()));
    if (error.scimType() != null) {
      body.put("scimType", error.scimType());
    }
    body.put("detail", error.detail());
    var response = ctx.response().setStatusCode(error.status());
    response.headers().remove("ETag").remove("Location");
    response.putHeader("Content-Type", mediaType);
    if (error.status() == 401) {
      response.putHeader("WWW-Authenticate", "Bearer");
    }
    response.end(Buffer.buffer(ScimJson.bytes(dialect.error(body, error))));
  }

  static ScimException toScim(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ScimException scim) {
      return scim;
    }
    if (failure instanceof HttpException http) {
      return fromStatus(http.getStatusCode(), http.getPayload());
    }
    if (failure == null && ctx.statusCode() > 0) {
      return fromStatus(ctx.statusCode(), null);
    }
    return ScimException.of(500, "Internal server error (request " + RequestKeys.requestId(ctx) + ")");
  }

  private static ScimException fromStatus(int status, String payload) {
    String detail = switch (status) {
      case 400 -> "Bad request";
      case 401 -> "Missing or invalid credentials";
      case 403 -> "Forbidden";
      case 404 -> "No such endpoint";
      case 405 -> "Method not allowed on this endpoint";
      case 413 -> "Request body too large";
      case 415 -> "Unsupported media type; send application/scim+json or application/json";
      default -> "HTTP " + status;
    };
    if (status == 400 && payload != null && !payload.isBlank()) {
      detail = payload;
    }
    return ScimException.of(status, detail);
  }
}
