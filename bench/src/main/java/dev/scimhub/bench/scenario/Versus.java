package dev.scimhub.bench.scenario;

import dev.scimhub.bench.LoadGenerator.Call;
import dev.scimhub.bench.LoadGenerator.Raw;
import dev.scimhub.bench.LoadGenerator.Spec;
import dev.scimhub.bench.Measurement;
import dev.scimhub.bench.ServerProbe;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A throughput comparison: scimhub and the ceiling server under the same closed-loop load (same connections, same
 * time). Each side is warmed up on its own, then measured in rounds in the order A B B A (scimhub, ceiling,
 * ceiling, scimhub for two rounds), each round a fixed share of the measured time, and the rounds of one side merged
 * into one measurement. Run one after the other in a single block each, whichever went second looked better (JIT,
 * autovacuum, neighbours on the machine); the mirrored order cancels a steady drift. The ceiling's measurement has
 * the id {@code <id>@ceiling}; scimhub's carries the ratio.
 */
final class Versus {

  static final String CEILING = "@ceiling";

  private Versus() {}

  /** The one side of a comparison: title, expected status and the call. */
  record Side(String title, int expectedStatus, Call call) {}

  static List<Measurement> compare(ScenarioContext ctx, String id, Side scimhub, Side ceiling) throws Exception {
    if (ctx.ceiling() == null) {
      ceiling = null;
    }
    int connections = ctx.connections();
    int rounds = Math.max(1, ctx.options().integer("rounds", 2));
    Duration slice = ctx.measured().dividedBy(rounds);
    Spec a = Spec.timed(id, scimhub.title(), connections, slice, scimhub.expectedStatus());
    Spec b = ceiling == null ? null
        : Spec.timed(id + CEILING, ceiling.title(), connections, slice, ceiling.expectedStatus());
    long warmA = warm(ctx, a, scimhub.call());
    long warmB = b == null ? 0 : warm(ctx, b, ceiling.call());
    Raw rawA = null;
    Raw rawB = null;
    long[] cpuA = new long[4];
    long[] cpuB = new long[4];
    for (int r = 0; r < rounds; r++) {
      boolean scimhubFirst = r % 2 == 0;
      for (int k = 0; k < 2; k++) {
        boolean isA = (k == 0) == scimhubFirst;
        if (isA) {
          long[] before = cpu(ctx);
          Raw raw = ctx.load().runRaw(a, List.of(""), i -> 0, scimhub.call());
          add(cpuA, before, cpu(ctx));
          rawA = rawA == null ? raw : rawA.merge(raw);
        } else if (b != null) {
          long[] before = cpu(ctx);
          Raw raw = ctx.load().runRaw(b, List.of(""), i -> 0, ceiling.call());
          add(cpuB, before, cpu(ctx));
          rawB = rawB == null ? raw : rawB.merge(raw);
        }
      }
    }
    Measurement ma = rawA.measurements(a).get(0).withWarmup(warmA)
        .withExtra(new JsonObject().put("warmupSeconds", ctx.warmup().toMillis() / 1000.0));
    ma = ma.withExtra(cpuExtra(ctx, cpuA, 0, ma));
    List<Measurement> out = new ArrayList<>();
    if (rawB != null) {
      Measurement mb = rawB.measurements(b).get(0).withWarmup(warmB)
          .withExtra(new JsonObject().put("warmupSeconds", ctx.warmup().toMillis() / 1000.0));
      mb = mb.withExtra(cpuExtra(ctx, cpuB, 1, mb));
      ma = ma.withExtra(new JsonObject()
          .put("ceilingRequestsPerSecond", mb.requestsPerSecond())
          .put("ratio", mb.requestsPerSecond() == 0 ? 0 : ma.requestsPerSecond() / mb.requestsPerSecond()));
      out.add(ma);
      out.add(mb);
    } else {
      out.add(ma);
    }
    return out;
  }

  /** CPU ticks so far of: scimhub's java process, the ceiling's, the embedded PostgreSQL, and this bench. */
  static long[] cpu(ScenarioContext ctx) {
    return new long[] {
        ctx.probe() == null ? 0 : ctx.probe().javaTicks(),
        ctx.ceilingProbe() == null ? 0 : ctx.ceilingProbe().javaTicks(),
        ctx.probe() == null ? 0 : ctx.probe().postgresTicks(),
        ServerProbe.selfTicks()};
  }

  static void add(long[] sum, long[] before, long[] after) {
    for (int i = 0; i < sum.length; i++) {
      sum[i] += after[i] - before[i];
    }
  }

  /**
   * Where the CPU went while one side was measured, per request, in milliseconds (clock ticks of 10 ms, so it is
   * coarse for short runs): the HTTP server under test (scimhub's java for side 0, the ceiling's for side 1), the
   * database, and the bench itself; and how many of the machine's cores all of it kept busy.
   */
  static JsonObject cpuExtra(ScenarioContext ctx, long[] ticks, int side, Measurement m) {
    if (ctx.probe() == null || m.count() == 0) {
      return new JsonObject();
    }
    double perRequest = 10.0 / m.count();
    long server = ticks[side];
    return new JsonObject().put("cpu", new JsonObject()
        .put("serverMsPerRequest", round3(server * perRequest))
        .put("postgresMsPerRequest", round3(ticks[2] * perRequest))
        .put("clientMsPerRequest", round3(ticks[3] * perRequest))
        .put("otherServerMsPerRequest", round3(ticks[1 - side] * perRequest))
        .put("coresBusy", round3((server + ticks[2] + ticks[3]) / 100.0 / m.seconds())));
  }

  private static double round3(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  /** A timed warm-up; fails on any error. Returns the number of requests it made. */
  static long warm(ScenarioContext ctx, Spec spec, Call call) throws Exception {
    Measurement w = ctx.load().run(spec.withDuration(ctx.warmup()), call);
    if (w.errors() > 0) {
      throw new IllegalStateException(spec.id() + " warm-up: " + w.errors() + " errors, first: " + w.firstError());
    }
    return w.count();
  }

  /** Fails a 200 response whose body lacks {@code expected} (a lookup that found nothing is not a lookup). */
  static Future<HttpResponse<Buffer>> requireBody(Future<HttpResponse<Buffer>> response, String expected) {
    return response.compose(r -> {
      if (r.statusCode() == 200 && (r.body() == null || !r.bodyAsString().contains(expected))) {
        return Future.failedFuture("HTTP 200 without " + expected + ": "
            + (r.body() == null ? "" : r.bodyAsString().substring(0, Math.min(300, r.bodyAsString().length()))));
      }
      return Future.succeededFuture(r);
    });
  }
}
