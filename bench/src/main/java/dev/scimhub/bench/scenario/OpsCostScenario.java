package dev.scimhub.bench.scenario;

import dev.scimhub.bench.Fixture;
import dev.scimhub.bench.LoadGenerator;
import dev.scimhub.bench.LoadGenerator.Spec;
import dev.scimhub.bench.Measurement;
import dev.scimhub.bench.ScimApi;
import dev.scimhub.bench.Users;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What metrics and the rate limiter cost: the Okta lookup against two scimhub servers at once, on the same database —
 * the one measured everywhere else (metrics on, the limiter running at a rate it never reaches) and a second one
 * started with metrics off and no default rate limit ({@code --ops-off-url}, by {@code bench/run.sh}), compared by
 * {@link OnOff}.
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
      return OnOff.compare(ctx, on, onCall, offSpec, offCall, warm, rounds);
    }
  }

  /** The Okta lookup of a random user of a random small tenant, its one result checked. */
  static io.vertx.core.Future<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>> lookup(
      ScimApi api, List<Fixture.SmallTenant> tenants, int per, SplittableRandom random) {
    Fixture.SmallTenant t = tenants.get(random.nextInt(tenants.size()));
    return Versus.requireBody(api.findUserByName(t.tenant().api(), Users.userName(t.tenant().domain(),
        random.nextInt(per))), "\"totalResults\":1");
  }
}
