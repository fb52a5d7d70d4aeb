package dev.scimhub.bench.scenario;

import dev.scimhub.bench.Fixture;
import dev.scimhub.bench.Measurement;
import dev.scimhub.bench.ScimApi;
import dev.scimhub.bench.Users;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 1, Okta's initial import: {@code POST /Users} of new users with unique userNames and Okta's body (name, two
 * emails, enterprise attributes, password, groups), 201 expected, into the (empty after seeding) import tenant; vs
 * the ceiling's single INSERT of the same body into its own tenant. Closed loop, {@code --connections} connections.
 */
public final class ImportScenario implements Scenario {

  @Override
  public String id() {
    return "import";
  }

  @Override
  public List<Measurement> run(ScenarioContext ctx) throws Exception {
    Fixture fixture = ctx.fixture();
    ScimApi.Tenant tenant = fixture.importTenant().api();
    String domain = fixture.importTenant().domain();
    String ceilingTenant = fixture.ceilingTenantId();
    // Unique across phases and runs against the same data: the numbers start at a per-run offset.
    long base = (System.currentTimeMillis() / 1000 % 100_000) * 1_000_000L;
    AtomicLong scimhubNext = new AtomicLong(base);
    AtomicLong ceilingNext = new AtomicLong(base);
    return Versus.compare(ctx, id(),
        new Versus.Side("POST /Users (Okta create, unique userName)", 201,
            i -> ctx.api().createUser(tenant, Users.body(domain, scimhubNext.getAndIncrement(), "Engineer"))),
        new Versus.Side("ceiling: INSERT scim_user", 201,
            i -> ctx.ceiling().createUser(ceilingTenant,
                Users.body("ceiling.bench.example", ceilingNext.getAndIncrement(), "Engineer"))));
  }
}
