package dev.scimhub.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimhub.scim.Dialect;
import dev.scimhub.scim.ScimException;
import dev.scimhub.scim.ScimJson;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.function.Predicate;
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

  /** The URI Netty gives a request whose request line it could not read (one too long, say). */
  private static final String UNREAD_URI = "/bad-request";

  /** How long a refused request's remaining body is read and dropped before its connection is closed anyway. */
  private static final long LINGER_MILLIS = 2_000;

  /** Seconds a client is asked to wait when the database cannot answer. */
  static final int RETRY_AFTER_SECONDS = 5;

  private final Dialect dialect;
  private final String mediaType;
  private final Predicate<Throwable> unavailable;

  private ScimFailureHandler(Dialect dialect, String mediaType, Predicate<Throwable> unavailable) {
    this.dialect = dialect;
    this.mediaType = mediaType;
    this.unavailable = unavailable;
  }

  /**
   * For a SCIM base URL that speaks {@code dialect}.
   *
   * @param unavailable whether a failure means the database cannot answer now (503, not 500)
   */
  public static ScimFailureHandler scim(Dialect dialect, Predicate<Throwable> unavailable) {
    return new ScimFailureHandler(dialect, MediaTypes.SCIM_JSON, unavailable);
  }

  /** For the JSON APIs (admin, self-service) and paths outside any API. */
  public static ScimFailureHandler json(Predicate<Throwable> unavailable) {
    return new ScimFailureHandler(Dialect.SCIM_2, MediaTypes.JSON, unavailable);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.response().closed()) {
      // The client left before its answer was complete (its query may have been cancelled for that); nothing is
      // wrong here, nobody is left to tell, and it says nothing about the database.
      log.debug("{} {}: the client closed the connection", ctx.request().method(),
          AccessLog.loggable(ctx.request().path()));
      return;
    }
    // Only a failure without a status of its own can be the database's.
    boolean outage = ctx.failure() != null && !(ctx.failure() instanceof ScimException)
        && !(ctx.failure() instanceof HttpException) && unavailable.test(ctx.failure());
    ScimException error = outage
        ? ScimException.unavailable("The directory is unavailable for a moment; retry in " + RETRY_AFTER_SECONDS + " s")
        : toScim(ctx);
    if (ctx.response().headWritten()) {
      // Part of a response is on the wire; the only honest signal left is to cut the connection.
      log.warn("failure after the response started; closing the connection", ctx.failure());
      ctx.request().connection().close();
      return;
    }
    // 501 is a deliberate answer (an unsupported endpoint such as /Me), not a failure of the server.
    if (error.status() >= 500 && error.status() != 501 && !outage) {
      log.error("{} {} failed", ctx.request().method(), AccessLog.loggable(ctx.request().path()), ctx.failure());
    } else if (log.isDebugEnabled()) {
      log.debug("{} {} -> {} {}: {}", ctx.request().method(), AccessLog.loggable(ctx.request().path()), error.status(),
          error.scimType(), error.detail());
    }
    ObjectNode body = body(error);
    var response = ctx.response().setStatusCode(error.status());
    response.headers().remove("ETag").remove("Location");
    response.putHeader("Content-Type", mediaType);
    if (error.status() == 401) {
      response.putHeader("WWW-Authenticate", "Bearer");
    }
    if (outage) {
      // Whole seconds: Okta honours only an integer Retry-After.
      response.putHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
    }
    boolean unread = !ctx.request().isEnded() && ctx.request().version() != HttpVersion.HTTP_2;
    if (unread) {
      // Refused before its body was read (credentials, size): the connection goes after this answer.
      response.putHeader("Connection", "close");
    }
    Buffer bytes = Buffer.buffer(ScimJson.bytes(dialect.error(body, error)));
    RequestFacts.error(ctx, error.scimType(), error.detail());
    RequestFacts.responseBody(ctx, bytes);
    response.end(bytes)
        .onComplete(done -> {
          if (unread) {
            lingeringClose(ctx);
          }
        });
  }

  /**
   * Closes a connection whose client may still be sending: what arrives is read and dropped (nothing is kept) until
   * the request ends or a moment passes, so that the close does not reset the connection and destroy the answer
   * before the client has read it.
   */
  private static void lingeringClose(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    var connection = request.connection();
    if (request.isEnded()) {
      // The rest of the request arrived while the answer was written: nothing left to drain.
      connection.close();
      return;
    }
    long timer = ctx.vertx().setTimer(LINGER_MILLIS, id -> connection.close());
    request.handler(dropped -> { });
    request.endHandler(ended -> {
      ctx.vertx().cancelTimer(timer);
      connection.close();
    });
    request.resume();
  }

  /** The RFC 7644 section 3.12 error body. */
  static ObjectNode body(ScimException error) {
    return error.body();
  }

  /**
   * For {@code HttpServer.invalidRequestHandler}: a request the HTTP codec could not read (a request line or headers
   * too long, malformed chunks, a broken request line) gets a SCIM error like any other, then the connection is closed
   * since nothing after it can be trusted. No route ran, so the media type comes from the path.
   */
  public static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult() == null ? null : request.decoderResult().cause();
    refuse(request, cause instanceof TooLongHttpLineException
        ? ScimException.of(414, "Request line too long")
        : cause instanceof TooLongHttpHeaderException
            ? ScimException.of(431, "Request headers too large")
            : ScimException.of(400, "Malformed HTTP request"));
  }

  /**
   * Answers a request no route has seen with {@code error}, then closes its connection. Its media type is SCIM's on a
   * SCIM base URL, and where the request line could not be read at all (nearly every request is a SCIM one).
   */
  static void refuse(HttpServerRequest request, ScimException error) {
    String uri = request.uri();
    boolean scim = uri == null || uri.equals(UNREAD_URI) || uri.contains("/scim/v");
    request.response()
        .setStatusCode(error.status())
        .putHeader("Content-Type", scim ? MediaTypes.SCIM_JSON : MediaTypes.JSON)
        .putHeader("Connection", "close")
        .end(Buffer.buffer(ScimJson.bytes(body(error))))
        .onComplete(done -> request.connection().close());
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
