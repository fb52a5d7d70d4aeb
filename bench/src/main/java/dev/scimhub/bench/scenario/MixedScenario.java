package dev.scimhub.bench.scenario;

import dev.scimhub.bench.Fixture;
import dev.scimhub.bench.LoadGenerator;
import dev.scimhub.bench.LoadGenerator.Raw;
import dev.scimhub.bench.Measurement;
import dev.scimhub.bench.ScimApi;
import dev.scimhub.bench.ServerProbe;
import dev.scimhub.bench.Users;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 6, many tenants at once: every small tenant (each with its own token) is busy in parallel with what an
 * Okta org sends in steady state. Closed loop of {@code --mixed-connections} connections (default: one per tenant);
 * request i is for tenant i mod tenants, and its kind is drawn by weight:
 * <pre>
 *   35 %  GET /Users?filter=userName eq "..."      lookup                       200
 *   25 %  GET /Users/{id}                           read                         200
 *   12 %  PATCH /Users/{id} active false / true     deactivate or reactivate     200
 *   10 %  PUT /Users/{id}                           profile push (new title)     200
 *    5 %  GET /Users?startIndex=k*100+1&count=100   import page                  200
 *    8 %  POST /Users                               create (new userName)        201
 *    5 %  PATCH /Groups/{id} add 1 member           push group                   204
 * </pre>
 * The server's RSS is sampled every 20 ms throughout (warm-up included); the peak is the target. Each kind is also
 * reported on its own (its latencies under the mix).
 */
public final class MixedScenario implements Scenario {

  private static final String[] KINDS = {"lookup", "get", "patch-active", "put", "page", "create", "group-add"};
  private static final int[] WEIGHTS = {35, 25, 12, 10, 5, 8, 5};
  private static final int[] STATUS = {200, 200, 200, 200, 200, 201, 204};

  @Override
  public String id() {
    return "mixed";
  }

  @Override
  public List<Measurement> run(ScenarioContext ctx) throws Exception {
    Fixture fixture = ctx.fixture();
    List<Fixture.SmallTenant> tenants = fixture.tenants();
    int t = tenants.size();
    int per = fixture.usersPerTenant();
    int connections = ctx.options().integer("mixed-connections", t);
    Duration measured = Duration.ofMillis(Math.round(ctx.options().doubleValue("mixed-seconds", 15) * 1000));
    List<ScimApi.Tenant> apis = tenants.stream().map(s -> s.tenant().api()).toList();
    BitSet inactive = ctx.inactive();
    long base = (System.currentTimeMillis() / 1000 % 100_000) * 1_000_000L;
    AtomicLong created = new AtomicLong(base);
    AtomicLong titles = new AtomicLong();
    SplittableRandom random = new SplittableRandom(2026);
    int totalWeight = 0;
    for (int w : WEIGHTS) {
      totalWeight += w;
    }
    int[] kindOf = new int[totalWeight];
    for (int k = 0, at = 0; k < KINDS.length; k++) {
      for (int w = 0; w < WEIGHTS[k]; w++) {
        kindOf[at++] = k;
      }
    }
    // A request's kind is decided when the generator asks which series it belongs to, just before it is sent.
    int[] pending = new int[1];
    LoadGenerator.Call call;
    ServerProbe probe = ctx.probe();
    try (ScimApi api = new ScimApi(ctx.vertx(), ctx.serverUrl(), connections)) {
      call = i -> {
        int tenant = (int) (i % t);
        int kind = pending[0];
        Fixture.SmallTenant st = tenants.get(tenant);
        ScimApi.Tenant ta = apis.get(tenant);
        int n = random.nextInt(per);
        Future<HttpResponse<Buffer>> response = switch (KINDS[kind]) {
          case "lookup" -> api.findUserByName(ta, Users.userName(st.tenant().domain(), n));
          case "get" -> api.getUser(ta, st.userIds().get(n));
          case "patch-active" -> {
            boolean activate = inactive.get(tenant * per + n);
            inactive.set(tenant * per + n, !activate);
            yield api.patchUser(ta, st.userIds().get(n), ScimApi.activePatch(activate));
          }
          case "put" -> {
            JsonObject user = Users.user(st.tenant().domain(), n, "Title " + titles.getAndIncrement());
            user.put("active", !inactive.get(tenant * per + n));
            yield api.putUser(ta, st.userIds().get(n), user.toBuffer());
          }
          case "page" -> api.listUsers(ta, (long) random.nextInt(Math.max(1, per / 100)) * 100 + 1, 100);
          case "create" -> api.createUser(ta, Users.body("mixed." + st.tenant().domain(), created.getAndIncrement(),
              "Engineer"));
          default -> api.patchGroup(ta, st.groupId(), ScimApi.membersPatch("add", List.of(st.userIds().get(n))));
        };
        int expected = STATUS[kind];
        return response.compose(r -> r.statusCode() == expected ? Future.succeededFuture(r)
            : Future.failedFuture(KINDS[kind] + ": HTTP " + r.statusCode() + " (expected " + expected + "): "
                + (r.body() == null ? "" : r.bodyAsString().substring(0, Math.min(300, r.bodyAsString().length())))));
      };
      List<String> names = List.of(KINDS);
      java.util.function.LongToIntFunction seriesOf = i -> {
        pending[0] = kindOf[random.nextInt(kindOf.length)];
        return pending[0];
      };
      LoadGenerator.Spec spec = LoadGenerator.Spec.timed(id(), "mixed", connections, measured,
          LoadGenerator.ANY_STATUS);
      ServerProbe.RssSampler sampler = probe == null ? null : probe.sampleRss(20);
      long rssStart = probe == null ? -1 : probe.rssKiB();
      Raw warm = ctx.load().runRaw(spec.withDuration(ctx.warmup()), names, seriesOf, call);
      if (warm.errors() > 0) {
        throw new IllegalStateException(id() + " warm-up: " + warm.errors() + " errors, first: " + warm.firstError());
      }
      Raw raw = ctx.load().runRaw(spec, names, seriesOf, call);
      long rssPeak = sampler == null ? -1 : sampler.stop();
      long rssEnd = probe == null ? -1 : probe.rssKiB();
      List<Measurement> out = new ArrayList<>();
      JsonObject extra = new JsonObject()
          .put("tenants", t)
          .put("mix", mix())
          .put("rssAtStartMiB", mib(rssStart))
          .put("rssPeakMiB", mib(rssPeak))
          .put("rssAtEndMiB", mib(rssEnd))
          .put("rssSamples", sampler == null ? 0 : sampler.samples());
      out.add(raw.total(id(), String.format(Locale.ROOT, "mixed Okta traffic, %d tenants in parallel", t),
          connections).withWarmup(warm.total("w", "w", connections).count()).withExtra(extra));
      List<Measurement> kinds = raw.measurements(spec);
      for (int k = 0; k < kinds.size(); k++) {
        Measurement m = kinds.get(k);
        // Within a mix, the rate of one kind is its share of the wall clock, not count × connections / busy time.
        out.add(new Measurement(m.id(), "  mixed: " + KINDS[k] + " (" + WEIGHTS[k] + " %)", m.connections(), 0,
            m.count(), m.errors(), m.seconds(), m.count() / m.seconds(), m.p50Ms(), m.p90Ms(), m.p99Ms(), m.maxMs(),
            m.firstError(), new JsonObject().put("partOf", id())));
      }
      return out;
    }
  }

  private static String mix() {
    StringBuilder out = new StringBuilder();
    for (int k = 0; k < KINDS.length; k++) {
      out.append(k == 0 ? "" : ", ").append(KINDS[k]).append(' ').append(WEIGHTS[k]).append('%');
    }
    return out.toString();
  }

  private static double mib(long kib) {
    return kib < 0 ? -1 : Math.round(kib / 1024.0 * 10) / 10.0;
  }
}
