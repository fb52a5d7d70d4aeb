package dev.scimhub.bench.scenario;

import dev.scimhub.bench.Fixture;
import dev.scimhub.bench.Measurement;
import dev.scimhub.bench.Users;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Scenario 2, Okta's lookup before it creates or links a user: {@code GET /Users?filter=userName eq "<existing>"}
 * for a random user of a random small tenant (each with its own token), 200 with {@code totalResults 1} expected; vs
 * the ceiling's SELECT by {@code (tenant_id, lower(user_name))}, the same unique index. Closed loop,
 * {@code --connections} connections.
 */
public final class LookupScenario implements Scenario {

  @Override
  public String id() {
    return "lookup";
  }

  @Override
  public List<Measurement> run(ScenarioContext ctx) throws Exception {
    Fixture fixture = ctx.fixture();
    List<Fixture.SmallTenant> tenants = fixture.tenants();
    int per = fixture.usersPerTenant();
    // The calls run on the load generator's one event-loop thread: one generator per side is enough.
    SplittableRandom scimhubRandom = new SplittableRandom(42);
    SplittableRandom ceilingRandom = new SplittableRandom(42);
    return Versus.compare(ctx, id(),
        new Versus.Side("GET /Users?filter=userName eq (Okta lookup)", 200, i -> {
          Fixture.SmallTenant t = tenants.get(scimhubRandom.nextInt(tenants.size()));
          String userName = Users.userName(t.tenant().domain(), scimhubRandom.nextInt(per));
          return Versus.requireBody(ctx.api().findUserByName(t.tenant().api(), userName), "\"totalResults\":1");
        }),
        new Versus.Side("ceiling: SELECT by (tenant_id, lower(user_name))", 200, i -> {
          Fixture.SmallTenant t = tenants.get(ceilingRandom.nextInt(tenants.size()));
          String userName = Users.userName(t.tenant().domain(), ceilingRandom.nextInt(per));
          return Versus.requireBody(ctx.ceiling().findUserByName(t.tenant().id(), userName), "\"totalResults\":1");
        }));
  }
}
