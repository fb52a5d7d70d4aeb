package dev.scimhub.bench.scenario;

import dev.scimhub.bench.LoadGenerator;
import dev.scimhub.bench.LoadGenerator.Raw;
import dev.scimhub.bench.LoadGenerator.Spec;
import dev.scimhub.bench.Measurement;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;

/**
 * One load against two scimhub servers at once on the same database, which differ in one switch: both warmed with
 * the same load first (the second one started cold), then measured in rounds A B B A like {@link Versus}, so that
 * drift on the machine falls on both. Both run on the same machine, database and client, so the ratio of their req/s
 * is the ratio of their ratios to any ceiling; the "on" measurement carries {@code cost} = 1 − on ÷ off.
 */
final class TwoServers {

  private TwoServers() {}

  static List<Measurement> compare(ScenarioContext ctx, Spec on, LoadGenerator.Call onCall, Spec off,
      LoadGenerator.Call offCall, Duration warm, int rounds) throws Exception {
    for (int i = 0; i < 2; i++) {
      Versus.warm(ctx, off.withDuration(warm.dividedBy(2)), offCall);
      Versus.warm(ctx, on.withDuration(warm.dividedBy(4)), onCall);
    }
    Raw rawOn = null;
    Raw rawOff = null;
    for (int r = 0; r < rounds * 2; r++) {
      boolean onFirst = r % 2 == 0;
      for (int k = 0; k < 2; k++) {
        if ((k == 0) == onFirst) {
          Raw raw = ctx.load().runRaw(on, List.of(""), i -> 0, onCall);
          rawOn = rawOn == null ? raw : rawOn.merge(raw);
        } else {
          Raw raw = ctx.load().runRaw(off, List.of(""), i -> 0, offCall);
          rawOff = rawOff == null ? raw : rawOff.merge(raw);
        }
      }
    }
    Measurement mOn = rawOn.measurements(on).get(0);
    Measurement mOff = rawOff.measurements(off).get(0);
    double cost = mOff.requestsPerSecond() == 0 ? 0 : 1 - mOn.requestsPerSecond() / mOff.requestsPerSecond();
    return List.of(mOn.withExtra(new JsonObject().put("offRequestsPerSecond", mOff.requestsPerSecond())
        .put("cost", cost).put("rounds", rounds * 2)), mOff);
  }
}
