package dev.scimhub.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongToIntFunction;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop load generator: {@code connections} loops, each sending its next request only when the previous one
 * has completed (so the offered load adapts to the server, and with one connection the figures are plain sequential
 * latencies). It stops after {@code count} requests in all, or after {@code duration}, whichever comes first.
 * Latency is measured from just before the request is sent to the end of the response body, in microseconds, into an
 * HdrHistogram (3 significant digits). Only responses with the expected status go into the histogram; others count
 * as errors.
 */
public final class LoadGenerator {

  /** Sends request number {@code index} (0-based, unique within one run). */
  @FunctionalInterface
  public interface Call {
    Future<HttpResponse<Buffer>> send(long index);
  }

  /** As the expected status: the call checks the status itself (its future fails on a wrong one). */
  public static final int ANY_STATUS = -1;

  /** What to run. {@code count} ≤ 0 means unbounded (then {@code duration} must be set). */
  public record Spec(String id, String title, int connections, long count, Duration duration, int expectedStatus) {

    /** A closed loop of {@code connections} for a fixed time. */
    public static Spec timed(String id, String title, int connections, Duration duration, int expectedStatus) {
      return new Spec(id, title, connections, 0, duration, expectedStatus);
    }

    public Spec withDuration(Duration newDuration) {
      return new Spec(id, title, connections, 0, newDuration, expectedStatus);
    }

    public static Spec sequential(String id, String title, long count, int expectedStatus) {
      return new Spec(id, title, 1, count, null, expectedStatus);
    }

    public static Spec concurrent(String id, String title, int connections, long count, int expectedStatus) {
      return new Spec(id, title, connections, count, null, expectedStatus);
    }

    public Spec withCount(long newCount) {
      return new Spec(id, title, connections, newCount, duration, expectedStatus);
    }
  }

  private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

  private final Vertx vertx;

  public LoadGenerator(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Warm-up (discarded), then the measured run. */
  public Measurement warmupThenMeasure(Spec spec, long warmup, Call call) throws Exception {
    if (warmup > 0) {
      Measurement w = run(spec.withCount(warmup), call);
      if (w.errors() > 0) {
        throw new IllegalStateException(spec.id() + ": " + w.errors() + " errors during warm-up, first: "
            + w.firstError());
      }
    }
    return run(spec, call).withWarmup(warmup);
  }

  /** Runs {@code spec} and blocks until it is done. */
  public Measurement run(Spec spec, Call call) throws Exception {
    return runSeries(spec, List.of(""), i -> 0, call).get(0);
  }

  /**
   * Runs {@code spec} with its requests split into series (A/B comparisons): request {@code i} belongs to series
   * {@code seriesOf(i)} and is recorded in that series' histogram. Interleaving the series in one run exposes them to
   * the same conditions (JIT state, autovacuum, neighbours on the machine), which running them one after the other
   * does not. Each series becomes a measurement with id {@code spec.id() + "/" + name} (just {@code spec.id()} for a
   * single unnamed series). For several series, req/s is the rate of that series alone: its count × connections /
   * the time its requests took.
   */
  public List<Measurement> runSeries(Spec spec, List<String> names, LongToIntFunction seriesOf, Call call)
      throws Exception {
    return runRaw(spec, names, seriesOf, call).measurements(spec);
  }

  /** Like {@link #runSeries}, but the raw histograms, to merge with other runs of the same series first. */
  public Raw runRaw(Spec spec, List<String> names, LongToIntFunction seriesOf, Call call) throws Exception {
    if (spec.count() <= 0 && spec.duration() == null) {
      throw new IllegalArgumentException(spec.id() + ": needs a count or a duration");
    }
    Raw raw = new Raw(names);
    Object lock = new Object();
    AtomicLong issued = new AtomicLong();
    AtomicInteger active = new AtomicInteger(spec.connections());
    Promise<Void> finished = Promise.promise();
    long start = System.nanoTime();
    long deadline = spec.duration() == null ? Long.MAX_VALUE : start + spec.duration().toNanos();
    // One event-loop context drives every loop, so the callbacks below all run on one thread.
    Context context = vertx.getOrCreateContext();

    Runnable[] next = new Runnable[1];
    next[0] = () -> {
      long index = issued.getAndIncrement();
      if ((spec.count() > 0 && index >= spec.count()) || System.nanoTime() >= deadline) {
        if (active.decrementAndGet() == 0) {
          finished.tryComplete();
        }
        return;
      }
      int series = seriesOf.applyAsInt(index);
      long sent = System.nanoTime();
      Future<HttpResponse<Buffer>> response;
      try {
        response = call.send(index);
      } catch (RuntimeException e) {
        response = Future.failedFuture(e);
      }
      response.onComplete(ar -> {
        long micros = Math.max(1, (System.nanoTime() - sent) / 1000);
        String error = null;
        if (ar.failed()) {
          error = ar.cause().toString();
        } else if (spec.expectedStatus() != ANY_STATUS && ar.result().statusCode() != spec.expectedStatus()) {
          String body = ar.result().bodyAsString();
          error = "HTTP " + ar.result().statusCode() + " (expected " + spec.expectedStatus() + "): "
              + (body == null ? "" : body.substring(0, Math.min(300, body.length())));
        }
        synchronized (lock) {
          raw.record(series, micros, error);
        }
        next[0].run();
      });
    };
    context.runOnContext(v -> {
      for (int i = 0; i < spec.connections(); i++) {
        next[0].run();
      }
    });
    Await.result(finished.future(), spec.duration() == null ? Duration.ofHours(1) : spec.duration().plusMinutes(5));
    synchronized (lock) {
      raw.seconds = (System.nanoTime() - start) / 1e9;
      raw.runs = 1;
      return raw;
    }
  }

  /**
   * The outcome of one or more runs of the same series, before it becomes {@link Measurement}s: histograms, errors,
   * the time each series' requests took, and the wall-clock seconds of the runs.
   */
  public static final class Raw {
    private final List<String> names;
    private final Histogram[] histograms;
    private final long[] errors;
    private final long[] busyMicros;
    private final String[] firstError;
    private double seconds;
    private int runs;

    Raw(List<String> names) {
      this.names = List.copyOf(names);
      int n = names.size();
      histograms = new Histogram[n];
      errors = new long[n];
      busyMicros = new long[n];
      firstError = new String[n];
      for (int s = 0; s < n; s++) {
        histograms[s] = new Histogram(HIGHEST_MICROS, 3);
      }
    }

    void record(int series, long micros, String error) {
      busyMicros[series] += micros;
      if (error == null) {
        histograms[series].recordValue(Math.min(micros, HIGHEST_MICROS));
      } else {
        errors[series]++;
        if (firstError[series] == null) {
          firstError[series] = error;
        }
      }
    }

    /** Adds another run of the same series (rounds of one measurement): histograms, errors and seconds add up. */
    public Raw merge(Raw other) {
      if (!names.equals(other.names)) {
        throw new IllegalArgumentException("cannot merge runs of different series " + names + " / " + other.names);
      }
      for (int s = 0; s < names.size(); s++) {
        histograms[s].add(other.histograms[s]);
        errors[s] += other.errors[s];
        busyMicros[s] += other.busyMicros[s];
        if (firstError[s] == null) {
          firstError[s] = other.firstError[s];
        }
      }
      seconds += other.seconds;
      runs += other.runs;
      return this;
    }

    public long errors() {
      long all = 0;
      for (long e : errors) {
        all += e;
      }
      return all;
    }

    public String firstError() {
      for (String e : firstError) {
        if (e != null) {
          return e;
        }
      }
      return null;
    }

    /** One measurement per series (see {@link #runSeries} for how req/s is computed with several series). */
    public List<Measurement> measurements(Spec spec) {
      int n = names.size();
      List<Measurement> out = new ArrayList<>();
      for (int s = 0; s < n; s++) {
        Histogram h = histograms[s];
        long total = h.getTotalCount() + errors[s];
        double rps = n == 1 ? total / seconds
            : busyMicros[s] == 0 ? 0 : total * spec.connections() / (busyMicros[s] / 1e6);
        String title = names.get(s).isEmpty() ? spec.title() : spec.title() + ", " + names.get(s) + " (A/B)";
        out.add(measurement(names.get(s).isEmpty() ? spec.id() : spec.id() + "/" + names.get(s), title,
            spec.connections(), h, total, errors[s], rps, firstError[s]));
      }
      return out;
    }

    /** All series together as one measurement (e.g. the whole of a mixed workload): req/s over the wall clock. */
    public Measurement total(String id, String title, int connections) {
      Histogram all = new Histogram(HIGHEST_MICROS, 3);
      long total = 0;
      for (int s = 0; s < names.size(); s++) {
        all.add(histograms[s]);
        total += histograms[s].getTotalCount() + errors[s];
      }
      return measurement(id, title, connections, all, total, errors(), total / seconds, firstError());
    }

    private Measurement measurement(String id, String title, int connections, Histogram h, long total, long errs,
        double rps, String error) {
      return new Measurement(id, title, connections, 0, total, errs, seconds, rps, ms(h, 50), ms(h, 90), ms(h, 99),
          h.getTotalCount() == 0 ? 0 : h.getMaxValue() / 1000.0, error,
          runs > 1 ? new JsonObject().put("rounds", runs) : new JsonObject());
    }
  }

  private static double ms(Histogram histogram, double percentile) {
    return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000.0;
  }
}
