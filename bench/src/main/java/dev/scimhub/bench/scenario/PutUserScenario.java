package dev.scimhub.bench.scenario;

import dev.scimhub.bench.Fixture;
import dev.scimhub.bench.Measurement;
import dev.scimhub.bench.Users;
import io.vertx.core.json.JsonObject;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 3b: {@code PUT /Users/{id}} of a random user of a random small tenant with Okta's full body and a changed
 * {@code title} (a new value every time, so every PUT writes), 200 expected. Closed loop, {@code --connections}
 * connections. No ceiling: the ceiling server has no UPDATE route.
 */
public final class PutUserScenario implements Scenario {

  @Override
  public String id() {
    return "put-user";
  }

  @Override
  public List<Measurement> run(ScenarioContext ctx) throws Exception {
    List<Fixture.SmallTenant> tenants = ctx.fixture().tenants();
    int per = ctx.fixture().usersPerTenant();
    BitSet inactive = ctx.inactive();
    SplittableRandom random = new SplittableRandom(11);
    AtomicLong next = new AtomicLong();
    return Versus.compare(ctx, id(), new Versus.Side("PUT /Users/{id} (changed title)", 200, i -> {
      int t = random.nextInt(tenants.size());
      int n = random.nextInt(per);
      Fixture.SmallTenant tenant = tenants.get(t);
      JsonObject user = Users.user(tenant.tenant().domain(), n, "Title " + next.getAndIncrement());
      user.put("active", !inactive.get(t * per + n));
      return ctx.api().putUser(tenant.tenant().api(), tenant.userIds().get(n), user.toBuffer());
    }), null);
  }
}
