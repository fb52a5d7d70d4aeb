package dev.scimhub.bench.scenario;

import dev.scimhub.bench.Fixture;
import dev.scimhub.bench.Measurement;
import dev.scimhub.bench.ScimApi;
import java.math.BigInteger;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 3c, Okta's deactivation: {@code PATCH /Users/{id}} with {@code {"op":"replace","value":{"active":false}}},
 * 200 expected, each request on another user of the small tenants (walked in a scattered order), so every PATCH is
 * a real change; should a run get through all of them, the next pass reactivates them. Closed loop,
 * {@code --connections} connections. No ceiling.
 */
public final class PatchDeactivateScenario implements Scenario {

  @Override
  public String id() {
    return "patch-deactivate";
  }

  @Override
  public List<Measurement> run(ScenarioContext ctx) throws Exception {
    List<Fixture.SmallTenant> tenants = ctx.fixture().tenants();
    int per = ctx.fixture().usersPerTenant();
    int all = tenants.size() * per;
    long stride = coprimeStride(all);
    BitSet inactive = ctx.inactive();
    AtomicLong next = new AtomicLong();
    return Versus.compare(ctx, id(), new Versus.Side("PATCH /Users/{id} active=false (Okta deactivate)", 200, i -> {
      int user = (int) ((next.getAndIncrement() * stride) % all);
      boolean activate = inactive.get(user);
      inactive.set(user, !activate);
      Fixture.SmallTenant tenant = tenants.get(user / per);
      return ctx.api().patchUser(tenant.tenant().api(), tenant.userIds().get(user % per),
          ScimApi.activePatch(activate));
    }), null);
  }

  /** A step through 0..n-1 that visits every index once per pass and scatters neighbours across tenants. */
  static long coprimeStride(int n) {
    long stride = 7919;
    while (BigInteger.valueOf(stride).gcd(BigInteger.valueOf(n)).intValue() != 1) {
      stride += 2;
    }
    return stride;
  }
}
