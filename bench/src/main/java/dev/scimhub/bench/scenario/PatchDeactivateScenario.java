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
 * {@code --connections} connections. Against the ceiling's single UPDATE of the same attribute: both sides walk the
 * same users with one shared cursor, so each request of either side flips a user the other left as it was.
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
      Step step = next(next, stride, all, inactive);
      Fixture.SmallTenant tenant = tenants.get(step.user() / per);
      return ctx.api().patchUser(tenant.tenant().api(), tenant.userIds().get(step.user() % per),
          ScimApi.activePatch(step.active()));
    }), new Versus.Side("ceiling: UPDATE scim_user SET active", 200, i -> {
      Step step = next(next, stride, all, inactive);
      Fixture.SmallTenant tenant = tenants.get(step.user() / per);
      return ctx.ceiling().patchUser(tenant.tenant().id(), tenant.userIds().get(step.user() % per),
          ScimApi.activePatch(step.active()));
    }));
  }

  /** One request of the walk: which user, and the {@code active} that changes it. */
  private record Step(int user, boolean active) {}

  /** The next user of the walk; its bit (set = inactive) is flipped to what the request will make it. */
  private static Step next(AtomicLong next, long stride, int all, BitSet inactive) {
    int user = (int) ((next.getAndIncrement() * stride) % all);
    synchronized (inactive) {
      boolean activate = inactive.get(user);
      inactive.set(user, !activate);
      return new Step(user, activate);
    }
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
