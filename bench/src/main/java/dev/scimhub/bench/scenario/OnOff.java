package dev.scimhub.bench.scenario;

import dev.scimhub.bench.LoadGenerator;
import dev.scimhub.bench.LoadGenerator.Raw;
import dev.scimhub.bench.LoadGenerator.Spec;
import dev.scimhub.bench.Measurement;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;

/**
 * One load measured with a switch on and off, in rounds A B B A like {@link Versus}, so that drift on the machine
 * falls on both: either two scimhub servers on the same database that differ in the switch (both warmed with the
 * same load first, the second one started cold), or one server whose switch is flipped before each run (a
 * {@link Flip}), which needs no equal warm-up and is the fairer of the two. Same machine, database and client, so the
 * ratio of the req/s is the ratio of their ratios to any ceiling; the "on" measurement carries {@code cost} = 1 − on
 * ÷ off.
 */
final class OnOff {

  /** Sets the switch on one server before a run; a no-op where the two sides are two servers. */
  interface Flip {
    void to(boolean on) throws Exception;
  }

  private static final Flip TWO_SERVERS = on -> { };

  private OnOff() {}

  /** Two servers that differ in the switch. */
  static List<Measurement> compare(ScenarioContext ctx, Spec on, LoadGenerator.Call onCall, Spec off,
      LoadGenerator.Call offCall, Duration warm, int rounds) throws Exception {
    return compare(ctx, on, onCall, off, offCall, warm, rounds, TWO_SERVERS);
  }

  static List<Measurement> compare(ScenarioContext ctx, Spec on, LoadGenerator.Call onCall, Spec off,
      LoadGenerator.Call offCall, Duration warm, int rounds, Flip flip) throws Exception {
    for (int i = 0; i < 2; i++) {
      flip.to(false);
      Versus.warm(ctx, off.withDuration(warm.dividedBy(2)), offCall);
      flip.to(true);
      Versus.warm(ctx, on.withDuration(warm.dividedBy(4)), onCall);
    }
    Raw rawOn = null;
    Raw rawOff = null;
    // Only one server is probed; where the two sides are two servers, the CPU of the other one is not known.
    boolean probed = flip != TWO_SERVERS;
    long[] cpuOn = new long[4];
    long[] cpuOff = new long[4];
    for (int r = 0; r < rounds * 2; r++) {
      boolean onFirst = r % 2 == 0;
      for (int k = 0; k < 2; k++) {
        if ((k == 0) == onFirst) {
          flip.to(true);
          long[] before = Versus.cpu(ctx);
          Raw raw = ctx.load().runRaw(on, List.of(""), i -> 0, onCall);
          Versus.add(cpuOn, before, Versus.cpu(ctx));
          rawOn = rawOn == null ? raw : rawOn.merge(raw);
        } else {
          flip.to(false);
          long[] before = Versus.cpu(ctx);
          Raw raw = ctx.load().runRaw(off, List.of(""), i -> 0, offCall);
          Versus.add(cpuOff, before, Versus.cpu(ctx));
          rawOff = rawOff == null ? raw : rawOff.merge(raw);
        }
      }
    }
    flip.to(true);
    Measurement mOn = rawOn.measurements(on).get(0);
    Measurement mOff = rawOff.measurements(off).get(0);
    double cost = mOff.requestsPerSecond() == 0 ? 0 : 1 - mOn.requestsPerSecond() / mOff.requestsPerSecond();
    if (probed) {
      mOn = mOn.withExtra(Versus.cpuExtra(ctx, cpuOn, 0, mOn));
      mOff = mOff.withExtra(Versus.cpuExtra(ctx, cpuOff, 0, mOff));
    }
    return List.of(mOn.withExtra(new JsonObject().put("offRequestsPerSecond", mOff.requestsPerSecond())
        .put("cost", cost).put("rounds", rounds * 2)), mOff);
  }
}
