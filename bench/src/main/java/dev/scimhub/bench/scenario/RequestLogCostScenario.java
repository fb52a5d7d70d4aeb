package dev.scimhub.bench.scenario;

import dev.scimhub.bench.Fixture;
import dev.scimhub.bench.LoadGenerator;
import dev.scimhub.bench.LoadGenerator.Spec;
import dev.scimhub.bench.Measurement;
import dev.scimhub.bench.ScimApi;
import dev.scimhub.bench.Users;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the request log costs: the Okta lookup and Okta's create ({@code POST /Users}) against the scimhub measured
 * everywhere else (request log on, at its defaults) and a second one on the same database with
 * {@code requestLog.enabled=false} and otherwise the same settings ({@code --log-off-url}, by {@code bench/run.sh}),
 * compared by {@link TwoServers}. The creates go to the import tenant, with userNames of their own per side.
 */
public final class RequestLogCostScenario implements Scenario {

  @Override
  public String id() {
    return "request-log-cost";
  }

  @Override
  public List<Measurement> run(ScenarioContext ctx) throws Exception {
    String offUrl = ctx.options().string("log-off-url", null);
    if (offUrl == null) {
      return List.of();
    }
    Fixture fixture = ctx.fixture();
    List<Fixture.SmallTenant> tenants = fixture.tenants();
    int per = fixture.usersPerTenant();
    int connections = ctx.connections();
    Duration warm = Duration.ofSeconds(ctx.options().integer("log-warmup-seconds", 20));
    int rounds = Math.max(1, ctx.options().integer("log-rounds", 2));
    Duration slice = ctx.measured().dividedBy(2);
    List<Measurement> out = new ArrayList<>();
    try (ScimApi off = new ScimApi(ctx.vertx(), offUrl, connections)) {
      SplittableRandom onRandom = new SplittableRandom(11);
      SplittableRandom offRandom = new SplittableRandom(11);
      out.addAll(TwoServers.compare(ctx,
          Spec.timed(id() + "/lookup-on", "lookup, request log on", connections, slice, 200),
          i -> OpsCostScenario.lookup(ctx.api(), tenants, per, onRandom),
          Spec.timed(id() + "/lookup-off", "lookup, request log off", connections, slice, 200),
          i -> OpsCostScenario.lookup(off, tenants, per, offRandom), warm, rounds));

      ScimApi.Tenant target = fixture.importTenant().api();
      String domain = fixture.importTenant().domain();
      long base = (System.currentTimeMillis() / 1000 % 100_000) * 1_000_000L + 700_000L;
      AtomicLong onNext = new AtomicLong(base);
      AtomicLong offNext = new AtomicLong(base + 200_000L);
      LoadGenerator.Call onCreate = i -> ctx.api().createUser(target,
          Users.body("on." + domain, onNext.getAndIncrement(), "Engineer"));
      LoadGenerator.Call offCreate = i -> off.createUser(target,
          Users.body("off." + domain, offNext.getAndIncrement(), "Engineer"));
      out.addAll(TwoServers.compare(ctx,
          Spec.timed(id() + "/create-on", "POST /Users, request log on", connections, slice, 201), onCreate,
          Spec.timed(id() + "/create-off", "POST /Users, request log off", connections, slice, 201), offCreate,
          warm, rounds));
    }
    return out;
  }
}
