package dev.scimhub.bench.scenario;

import dev.scimhub.bench.Fixture;
import dev.scimhub.bench.LoadGenerator;
import dev.scimhub.bench.Measurement;
import dev.scimhub.bench.Users;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a measurement: brings both servers' JITs to steady state before the first comparison. The seeding warmed
 * scimhub's create path only, and the ceiling server has served nothing yet; a few seconds of warm-up per scenario
 * were not enough for C2 on two busy cores (the first comparison then measured a half-compiled ceiling, which
 * flattered scimhub). For {@code --jit-warmup-seconds} (default 12) it sends, at {@code --connections}, an even mix
 * of the comparison requests to both sides: lookups by userName and reads by id to scimhub and to the ceiling, and
 * the ceiling's INSERT (into its own tenant). Reported as one line with the count, not as a target.
 */
public final class WarmupScenario implements Scenario {

  @Override
  public String id() {
    return "jit-warmup";
  }

  @Override
  public List<Measurement> run(ScenarioContext ctx) throws Exception {
    Duration duration = Duration.ofMillis(Math.round(ctx.options().doubleValue("jit-warmup-seconds", 12) * 1000));
    if (duration.isZero()) {
      return List.of();
    }
    Fixture fixture = ctx.fixture();
    List<Fixture.SmallTenant> tenants = fixture.tenants();
    int per = fixture.usersPerTenant();
    boolean ceiling = ctx.ceiling() != null;
    int kinds = ceiling ? 5 : 2;
    SplittableRandom random = new SplittableRandom(99);
    long base = (System.currentTimeMillis() / 1000 % 100_000) * 1_000_000L + 900_000L;
    AtomicLong inserted = new AtomicLong(base);
    LoadGenerator.Call call = i -> {
      Fixture.SmallTenant t = tenants.get(random.nextInt(tenants.size()));
      int n = random.nextInt(per);
      Future<HttpResponse<Buffer>> response = switch ((int) (i % kinds)) {
        case 0 -> ctx.api().findUserByName(t.tenant().api(), Users.userName(t.tenant().domain(), n));
        case 1 -> ctx.api().getUser(t.tenant().api(), t.userIds().get(n));
        case 2 -> ctx.ceiling().findUserByName(t.tenant().id(), Users.userName(t.tenant().domain(), n));
        case 3 -> ctx.ceiling().getUser(t.tenant().id(), t.userIds().get(n));
        default -> ctx.ceiling().createUser(fixture.ceilingTenantId(),
            Users.body("ceiling.bench.example", inserted.getAndIncrement(), "Engineer"));
      };
      return response.compose(r -> r.statusCode() / 100 == 2 ? Future.succeededFuture(r)
          : Future.failedFuture("HTTP " + r.statusCode() + ": " + r.bodyAsString()));
    };
    Measurement m = ctx.load().run(LoadGenerator.Spec.timed(id(), String.format(Locale.ROOT,
        "JIT warm-up of both servers (%s)", ceiling ? "lookups, reads by id; the ceiling's INSERT" : "lookups, reads"),
        ctx.connections(), duration, LoadGenerator.ANY_STATUS), call);
    if (m.errors() > 0) {
      throw new IllegalStateException(id() + ": " + m.errors() + " errors, first: " + m.firstError());
    }
    return List.of(m.withExtra(new JsonObject().put("notMeasured", true)));
  }
}
