package dev.scimhub.bench.scenario;

import dev.scimhub.bench.Fixture;
import dev.scimhub.bench.Measurement;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Scenario 3a: {@code GET /Users/{id}} of a random user of a random small tenant, 200 expected; vs the ceiling's
 * SELECT by primary key. Closed loop, {@code --connections} connections.
 */
public final class GetUserScenario implements Scenario {

  @Override
  public String id() {
    return "get-user";
  }

  @Override
  public List<Measurement> run(ScenarioContext ctx) throws Exception {
    List<Fixture.SmallTenant> tenants = ctx.fixture().tenants();
    int per = ctx.fixture().usersPerTenant();
    SplittableRandom scimhubRandom = new SplittableRandom(7);
    SplittableRandom ceilingRandom = new SplittableRandom(7);
    return Versus.compare(ctx, id(),
        new Versus.Side("GET /Users/{id}", 200, i -> {
          Fixture.SmallTenant t = tenants.get(scimhubRandom.nextInt(tenants.size()));
          return ctx.api().getUser(t.tenant().api(), t.userIds().get(scimhubRandom.nextInt(per)));
        }),
        new Versus.Side("ceiling: SELECT by primary key", 200, i -> {
          Fixture.SmallTenant t = tenants.get(ceilingRandom.nextInt(tenants.size()));
          return ctx.ceiling().getUser(t.tenant().id(), t.userIds().get(ceilingRandom.nextInt(per)));
        }));
  }
}
