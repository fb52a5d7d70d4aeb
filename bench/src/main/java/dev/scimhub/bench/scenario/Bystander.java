package dev.scimhub.bench.scenario;

import dev.scimhub.bench.Await;
import dev.scimhub.bench.LoadGenerator.Call;
import dev.scimhub.bench.Measurement;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * A well-behaved client beside a misbehaving one: one request at a time, one every {@code interval} (or as soon as
 * the previous one answered, if it took longer), so it adds little load of its own and each of its latencies shows
 * what the server made it wait. A blocked event loop or a drowned pool appears here as a slow request.
 */
final class Bystander {

  private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

  private final Histogram histogram = new Histogram(HIGHEST_MICROS, 3);
  private final Promise<Void> stopped = Promise.promise();
  private final long started = System.nanoTime();
  private volatile boolean stopping;
  private long errors;
  private String firstError;
  private long endedNanos;

  private Bystander() {}

  /** Starts sending {@code call} with the given pace until {@link #stop} (expects 200). */
  static Bystander start(Vertx vertx, Duration interval, Call call) {
    Bystander bystander = new Bystander();
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> bystander.next(vertx, interval.toNanos(), call, System.nanoTime()));
    return bystander;
  }

  private void next(Vertx vertx, long intervalNanos, Call call, long due) {
    if (stopping) {
      endedNanos = System.nanoTime();
      stopped.tryComplete();
      return;
    }
    long sent = System.nanoTime();
    call.send(0).onComplete(ar -> {
      long micros = Math.max(1, (System.nanoTime() - sent) / 1000);
      synchronized (histogram) {
        histogram.recordValue(Math.min(micros, HIGHEST_MICROS));
        String error = ar.failed() ? ar.cause().toString()
            : ar.result().statusCode() != 200 ? "HTTP " + ar.result().statusCode() : null;
        if (error != null) {
          errors++;
          firstError = firstError == null ? error : firstError;
        }
      }
      long nextDue = due + intervalNanos;
      long delayMillis = (nextDue - System.nanoTime()) / 1_000_000;
      if (delayMillis >= 1) {
        vertx.setTimer(delayMillis, id -> next(vertx, intervalNanos, call, nextDue));
      } else {
        next(vertx, intervalNanos, call, Math.max(nextDue, System.nanoTime()));
      }
    });
  }

  /** Stops after the request in flight and returns what it saw. */
  Measurement stop(String id, String title) throws Exception {
    stopping = true;
    Await.result(stopped.future(), Duration.ofMinutes(3));
    synchronized (histogram) {
      double seconds = (endedNanos - started) / 1e9;
      long count = histogram.getTotalCount();
      return new Measurement(id, title, 1, 0, count, errors, seconds, count / seconds, ms(50), ms(90), ms(99),
          histogram.getMaxValue() / 1000.0, firstError, new JsonObject().put("paced", true));
    }
  }

  private double ms(double percentile) {
    return histogram.getValueAtPercentile(percentile) / 1000.0;
  }
}
