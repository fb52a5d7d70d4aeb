package dev.scimhub.bench.scenario;

import dev.scimhub.bench.Fixture;
import dev.scimhub.bench.LoadGenerator;
import dev.scimhub.bench.LoadGenerator.Raw;
import dev.scimhub.bench.LoadGenerator.Spec;
import dev.scimhub.bench.Measurement;
import dev.scimhub.bench.ScimApi;
import dev.scimhub.bench.Users;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What metrics and the rate limiter cost: the Okta lookup against two scimhub servers at once, on the same database —
 * the one measured everywhere else (metrics on, the limiter running at a rate it never reaches) and a second one
 * started with metrics off and no default rate limit ({@code --ops-off-url}, by {@code bench/run.sh}). Both are
 * warmed with the same load first (the second one started cold), then measured in rounds A B B A like
 * {@link Versus}, so that drift on the machine falls on both. Both run on the same machine, database and client, so
 * the ratio of their req/s is the ratio of their lookup ratios to any ceiling.
 */
public final class OpsCostScenario implements Scenario {

  @Override
  public String id() {
    return "ops-cost";
  }

  @Override
  public List<Measurement> run(ScenarioContext ctx) throws Exception {
    String offUrl = ctx.options().string("ops-off-url", null);
    if (offUrl == null) {
      return List.of();
    }
    Fixture fixture = ctx.fixture();
    List<Fixture.SmallTenant> tenants = fixture.tenants();
    int per = fixture.usersPerTenant();
    int connections = ctx.connections();
    Duration warm = Duration.ofSeconds(ctx.options().integer("ops-warmup-seconds", 30));
    int rounds = Math.max(1, ctx.options().integer("ops-rounds", 3));
    Duration slice = ctx.measured().dividedBy(2);
    try (ScimApi off = new ScimApi(ctx.vertx(), offUrl, connections)) {
      SplittableRandom onRandom = new SplittableRandom(5);
      SplittableRandom offRandom = new SplittableRandom(5);
      LoadGenerator.Call onCall = i -> lookup(ctx.api(), tenants, per, onRandom);
      LoadGenerator.Call offCall = i -> lookup(off, tenants, per, offRandom);
      Spec on = Spec.timed(id() + "/on", "lookup, metrics and rate limits on", connections, slice, 200);
      Spec offSpec = Spec.timed(id() + "/off", "lookup, metrics and rate limits off", connections, slice, 200);
      // The off server has served nothing yet: the same warm-up for both, alternating.
      for (int i = 0; i < 2; i++) {
        Versus.warm(ctx, offSpec.withDuration(warm.dividedBy(2)), offCall);
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
            Raw raw = ctx.load().runRaw(offSpec, List.of(""), i -> 0, offCall);
            rawOff = rawOff == null ? raw : rawOff.merge(raw);
          }
        }
      }
      Measurement mOn = rawOn.measurements(on).get(0);
      Measurement mOff = rawOff.measurements(offSpec).get(0);
      double cost = mOff.requestsPerSecond() == 0 ? 0 : 1 - mOn.requestsPerSecond() / mOff.requestsPerSecond();
      return List.of(mOn.withExtra(new JsonObject().put("offRequestsPerSecond", mOff.requestsPerSecond())
          .put("cost", cost).put("rounds", rounds * 2)), mOff);
    }
  }

  private static io.vertx.core.Future<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>> lookup(
      ScimApi api, List<Fixture.SmallTenant> tenants, int per, SplittableRandom random) {
    Fixture.SmallTenant t = tenants.get(random.nextInt(tenants.size()));
    return Versus.requireBody(api.findUserByName(t.tenant().api(), Users.userName(t.tenant().domain(),
        random.nextInt(per))), "\"totalResults\":1");
  }
}
