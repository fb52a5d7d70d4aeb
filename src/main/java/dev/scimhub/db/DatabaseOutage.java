package dev.scimhub.db;

import io.vertx.core.Vertx;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.Pool;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells "the database cannot answer now" from every other failure, so that clients get 503 with a {@code Retry-After}
 * instead of a 500, and keeps the state: one WARN when an outage starts, one INFO when the database answers again
 * (found by probing once a second while down), and a count of the requests in between instead of a stack trace each.
 */
public final class DatabaseOutage {

  private static final Logger log = LoggerFactory.getLogger(DatabaseOutage.class);
  private static final long PROBE_MILLIS = 1_000;
  private static final long SLOW_LOG_NANOS = 10_000_000_000L;
  /** Connection exceptions (class 08), the server shutting down or starting, too many connections. */
  private static final Set<String> UNREACHABLE = Set.of("57P01", "57P02", "57P03", "53300");
  /** A statement cancelled by {@code statement_timeout}: the database is there, but too slow to wait for. */
  private static final String QUERY_CANCELED = "57014";

  private final Vertx vertx;
  private final Pool pool;
  private final AtomicBoolean down = new AtomicBoolean();
  private final AtomicLong refused = new AtomicLong();
  private volatile long downSinceNanos;
  private volatile long lastSlowLogNanos;

  public DatabaseOutage(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  /**
   * Whether {@code failure} means the database could not answer (unreachable, restarting, or too slow for the
   * statement timeout); an unreachable database starts an outage, if one is not under way.
   */
  public boolean unavailable(Throwable failure) {
    Kind kind = kind(failure);
    if (kind == Kind.OTHER) {
      return false;
    }
    refused.incrementAndGet();
    if (kind == Kind.TOO_SLOW) {
      long now = System.nanoTime();
      long last = lastSlowLogNanos;
      if (now - last > SLOW_LOG_NANOS || last == 0) {
        lastSlowLogNanos = now;
        log.warn("database too slow to answer ({}); answering 503; {} requests refused so far", describe(failure),
            refused.get());
      }
    }
    if (kind == Kind.UNREACHABLE && down.compareAndSet(false, true)) {
      downSinceNanos = System.nanoTime();
      log.warn("database unavailable ({}); answering 503 until it is back", describe(failure));
      probe();
    }
    return true;
  }

  public boolean down() {
    return down.get();
  }

  /** Requests answered 503 because of the database, since the process started. */
  public long refused() {
    return refused.get();
  }

  private void probe() {
    vertx.setPeriodic(PROBE_MILLIS, timer -> pool.query("SELECT 1").execute().onSuccess(ok -> {
      vertx.cancelTimer(timer);
      if (down.compareAndSet(true, false)) {
        log.info("database reachable again after {} s; {} requests were answered 503 so far",
            (System.nanoTime() - downSinceNanos) / 1_000_000_000, refused.get());
      }
    }));
  }

  private enum Kind { UNREACHABLE, TOO_SLOW, OTHER }

  private static Kind kind(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof PgException pg) {
        String state = pg.getSqlState();
        if (state == null) {
          return Kind.OTHER;
        }
        if (state.startsWith("08") || UNREACHABLE.contains(state)) {
          return Kind.UNREACHABLE;
        }
        return QUERY_CANCELED.equals(state) ? Kind.TOO_SLOW : Kind.OTHER;
      }
      // Refused, reset or timed-out connections (netty's ConnectTimeoutException is a ConnectException); not every
      // IOException: a JSON parser's is one too.
      if (t instanceof ClosedConnectionException || t instanceof SocketException || t instanceof UnknownHostException
          || t instanceof ClosedChannelException || socketError(t)) {
        return Kind.UNREACHABLE;
      }
      // No connection free in time, or too many waiting for one (the pool's own timeout type is internal to Vert.x).
      if (t instanceof ConnectionPoolTooBusyException || t instanceof TimeoutException
          || t.getClass().getSimpleName().endsWith("TimeoutException")) {
        return Kind.TOO_SLOW;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return Kind.OTHER;
  }

  /**
   * "Connection reset by peer" or "Broken pipe" from a socket write: the JDK throws a plain IOException from its
   * socket channel, not a SocketException (a statement written as PostgreSQL was going down).
   */
  private static boolean socketError(Throwable t) {
    StackTraceElement[] trace = t.getStackTrace();
    return t instanceof java.io.IOException && trace.length > 0 && trace[0].getClassName().startsWith("sun.nio.ch.");
  }

  /** The failure's type and message, without a stack trace and never with SQL values. */
  private static String describe(Throwable failure) {
    String message = failure.getMessage();
    return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
