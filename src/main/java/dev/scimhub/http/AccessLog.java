package dev.scimhub.http;

import dev.scimhub.log.LogTags;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log, and the first handler of every request: gives it an id (the caller's {@code X-Request-Id} when it
 * is sane), and logs one line when the response ends: the method, the path without its query (filters carry personal
 * data), the status and the time taken; never a header, and a credential pasted into the path is masked. Server errors log at WARN and client errors (401, 404, ...) at
 * INFO; successes at DEBUG, because during an import a line per request costs more than the request
 * ({@code SCIMHUB_ACCESS_LOG_LEVEL=DEBUG} shows them).
 */
public final class AccessLog implements Handler<RoutingContext> {

  private static final Logger log = LoggerFactory.getLogger("scimhub.request");

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    String requestId = requestId(ctx.request().getHeader("X-Request-Id"));
    ctx.put(RequestKeys.REQUEST_ID, requestId);
    LogTags.put(RequestKeys.REQUEST_ID, requestId);
    ctx.response().putHeader("X-Request-Id", requestId);
    ctx.addEndHandler(done -> {
      int status = ctx.response().getStatusCode();
      if (status == 503) {
        // Refused for an outage or overload: logged once per state change with a count (DatabaseOutage), not per call.
        if (log.isDebugEnabled()) {
          log.debug("{} {} {} {} ms", ctx.request().method(), loggable(ctx.request().path()), status, millis(start));
        }
      } else if (status >= 500) {
        log.warn("{} {} {} {} ms", ctx.request().method(), loggable(ctx.request().path()), status, millis(start));
      } else if (status >= 400) {
        log.info("{} {} {} {} ms", ctx.request().method(), loggable(ctx.request().path()), status, millis(start));
      } else if (log.isDebugEnabled()) {
        log.debug("{} {} {} {} ms", ctx.request().method(), loggable(ctx.request().path()), status, millis(start));
      }
    });
    ctx.next();
  }

  /**
   * A path as it may be logged: a credential pasted into a URL (a common slip when setting up an IdP) is masked — an
   * API token by its {@code scimhub_} prefix, a JWT (a console staff link too) by its {@code eyJ} header, and a
   * console portal link's secret by its place in the path.
   */
  public static String loggable(String path) {
    if (path != null && path.startsWith(PORTAL_LINK)) {
      // A console portal link's secret is its last segment: the tenant is worth logging, the secret never.
      int secret = path.indexOf('/', PORTAL_LINK.length());
      return secret < 0 ? path : path.substring(0, secret + 1) + "[redacted]";
    }
    if (path == null || (!path.contains(TOKEN_PREFIX) && !path.contains("eyJ"))) {
      return path;
    }
    return CREDENTIAL.matcher(path).replaceAll("[redacted]");
  }

  private static final String TOKEN_PREFIX = "scimhub_";
  private static final String PORTAL_LINK = "/console/link/";
  private static final Pattern CREDENTIAL =
      Pattern.compile("scimhub_[A-Za-z0-9_%-]*|eyJ[A-Za-z0-9_%-]*(\\.[A-Za-z0-9_%-]*){0,2}");

  /** Milliseconds with one decimal, without the cost of a format string. */
  private static String millis(long startNanos) {
    long tenths = (System.nanoTime() - startNanos) / 100_000;
    return tenths / 10 + "." + tenths % 10;
  }

  private static String requestId(String offered) {
    if (offered != null && offered.length() <= 64 && offered.matches("[A-Za-z0-9._-]+")) {
      return offered;
    }
    return Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffffL);
  }
}
