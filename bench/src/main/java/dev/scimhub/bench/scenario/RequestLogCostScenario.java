package dev.scimhub.bench.scenario;

import dev.scimhub.bench.Await;
import dev.scimhub.bench.Fixture;
import dev.scimhub.bench.LoadGenerator;
import dev.scimhub.bench.LoadGenerator.Spec;
import dev.scimhub.bench.Measurement;
import dev.scimhub.bench.ScimApi;
import dev.scimhub.bench.Users;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the request log costs: the Okta lookup and Okta's create ({@code POST /Users}) on the scimhub measured
 * everywhere else, with the request log on at its defaults and off, flipped by {@link OnOff} before each run through
 * the tenants' {@code settings.requestLog} (false: nothing of the tenant's requests recorded, neither log nor
 * health), so both sides run on the same warm server. The creates go to the import tenant, with userNames of their
 * own per side.
 */
public final class RequestLogCostScenario implements Scenario {

  @Override
  public String id() {
    return "request-log-cost";
  }

  @Override
  public List<Measurement> run(ScenarioContext ctx) throws Exception {
    String admin = System.getenv("BENCH_ADMIN_TOKEN");
    if (admin == null || admin.isBlank()) {
      return List.of();
    }
    Fixture fixture = ctx.fixture();
    List<Fixture.SmallTenant> tenants = fixture.tenants();
    int per = fixture.usersPerTenant();
    int connections = ctx.connections();
    Duration warm = Duration.ofSeconds(ctx.options().integer("log-warmup-seconds", 10));
    int rounds = Math.max(1, ctx.options().integer("log-rounds", 2));
    Duration slice = ctx.measured().dividedBy(2);
    List<String> ids = new ArrayList<>(tenants.stream().map(t -> t.tenant().id()).toList());
    ids.add(fixture.importTenant().id());
    OnOff.Flip flip = new LogSwitch(ctx, admin, ids);
    List<Measurement> out = new ArrayList<>();
    try {
      SplittableRandom random = new SplittableRandom(11);
      LoadGenerator.Call lookup = i -> OpsCostScenario.lookup(ctx.api(), tenants, per, random);
      out.addAll(OnOff.compare(ctx,
          Spec.timed(id() + "/lookup-on", "lookup, request log on", connections, slice, 200), lookup,
          Spec.timed(id() + "/lookup-off", "lookup, request log off", connections, slice, 200), lookup,
          warm, rounds, flip));

      ScimApi.Tenant target = fixture.importTenant().api();
      String domain = fixture.importTenant().domain();
      long base = (System.currentTimeMillis() / 1000 % 100_000) * 1_000_000L + 700_000L;
      AtomicLong next = new AtomicLong(base);
      LoadGenerator.Call create = i -> ctx.api().createUser(target,
          Users.body("log." + domain, next.getAndIncrement(), "Engineer"));
      out.addAll(OnOff.compare(ctx,
          Spec.timed(id() + "/create-on", "POST /Users, request log on", connections, slice, 201), create,
          Spec.timed(id() + "/create-off", "POST /Users, request log off", connections, slice, 201), create,
          warm, rounds, flip));
    } finally {
      flip.to(true);
    }
    return out;
  }

  /** The request log of the measured tenants, on (their settings empty, as seeded) or off. */
  private static final class LogSwitch implements OnOff.Flip {
    private final ScenarioContext ctx;
    private final String admin;
    private final List<String> tenants;
    private Boolean state;

    LogSwitch(ScenarioContext ctx, String admin, List<String> tenants) {
      this.ctx = ctx;
      this.admin = admin;
      this.tenants = tenants;
    }

    @Override
    public void to(boolean on) throws Exception {
      if (Boolean.valueOf(on).equals(state)) {
        return;
      }
      JsonObject settings = on ? new JsonObject() : new JsonObject().put("requestLog", false);
      for (String tenant : tenants) {
        int status = Await.result(ctx.api().setTenantSettings(admin, tenant, settings)).statusCode();
        if (status != 200) {
          throw new IllegalStateException("PATCH /admin/tenants/" + tenant + " settings: HTTP " + status);
        }
      }
      state = on;
      // Settings ride with cached tokens, which every node drops on the change's NOTIFY: give it a moment.
      Thread.sleep(500);
    }
  }
}
