package dev.scimhub.tenant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.scimhub.scim.ScimException;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * A token bucket per tenant, after authentication: a tenant's import storm spends its own tokens, not another tenant's
 * capacity. A request over the rate waits briefly for its token (an identity provider's burst is smoothed, not
 * refused); one that would wait longer gets 429 with an integer {@code Retry-After} (Okta honours only whole seconds).
 * The rate is the tenant's {@code settings.rateLimitPerSecond}, else the configured default (0: no limit); the burst
 * is two seconds' worth.
 */
public final class TenantRateLimit implements Handler<RoutingContext> {

  /** The longest a request is held back for its token before it is refused. */
  static final long MAX_WAIT_NANOS = Duration.ofMillis(500).toNanos();

  private final Vertx vertx;
  private final double defaultRate;
  private final Cache<String, Bucket> buckets =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofMinutes(10)).build();

  public TenantRateLimit(Vertx vertx, int defaultPerSecond) {
    this.vertx = vertx;
    this.defaultRate = defaultPerSecond;
  }

  @Override
  public void handle(RoutingContext ctx) {
    TenantContext tenant = TenantContext.of(ctx);
    double rate = tenant.settings().rateLimitPerSecond() > 0 ? tenant.settings().rateLimitPerSecond() : defaultRate;
    if (rate <= 0) {
      ctx.next();
      return;
    }
    long wait = buckets.get(tenant.id(), id -> new Bucket()).take(rate, System.nanoTime());
    if (wait == 0) {
      ctx.next();
    } else if (wait <= MAX_WAIT_NANOS) {
      // The body is read after this: hold it back while the request waits for its token.
      boolean pause = !ctx.request().isEnded();
      if (pause) {
        ctx.request().pause();
      }
      vertx.setTimer(Math.max(1, wait / 1_000_000), id -> {
        if (pause) {
          ctx.request().resume();
        }
        ctx.next();
      });
    } else {
      long seconds = Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
      ctx.response().putHeader("Retry-After", String.valueOf(seconds));
      ctx.fail(ScimException.of(429, "Tenant '" + tenant.id() + "' is over its rate of " + (long) rate
          + " requests per second; retry in " + seconds + " s"));
    }
  }

  /** Tokens refill continuously at the rate, up to two seconds' worth; a taken token may be one still to come. */
  static final class Bucket {
    private double tokens = Double.NaN;
    private long lastNanos;

    /** Takes a token: 0 when one was there, else how long until the token taken now is due (it is reserved). */
    synchronized long take(double rate, long nowNanos) {
      double burst = rate * 2;
      if (Double.isNaN(tokens)) {
        tokens = burst;
      } else {
        tokens = Math.min(burst, tokens + (nowNanos - lastNanos) * rate / 1e9);
      }
      lastNanos = nowNanos;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      long wait = (long) ((1 - tokens) / rate * 1e9);
      if (wait <= MAX_WAIT_NANOS) {
        tokens -= 1;
      }
      return wait;
    }
  }
}
