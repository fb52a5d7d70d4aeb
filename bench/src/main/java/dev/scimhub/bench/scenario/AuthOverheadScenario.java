package dev.scimhub.bench.scenario;

import dev.scimhub.bench.Await;
import dev.scimhub.bench.LoadGenerator;
import dev.scimhub.bench.Measurement;
import dev.scimhub.bench.ScimApi;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The cost of token authentication at steady state: {@code GET /tenants/{t}/scim/v2/ServiceProviderConfig} with the
 * tenant's token (cached after the first request; no database) vs {@code GET /health} (no authentication, no
 * database), sequential on one connection and interleaved A/B. The overhead is the difference of the p50s; it also
 * contains the SCIM sub-router, its body handler and writing the ServiceProviderConfig document, so it is an upper
 * bound of the token check itself.
 */
public final class AuthOverheadScenario implements Scenario {

  @Override
  public String id() {
    return "auth-overhead";
  }

  @Override
  public List<Measurement> run(ScenarioContext ctx) throws Exception {
    int warmup = ctx.options().integer("auth-warmup", 4000) / 2 * 2;
    int count = ctx.options().integer("auth-count", 5000);
    ScimApi api = ctx.api();
    ScimApi.Tenant tenant = ctx.fixture().tenants().isEmpty() ? ctx.fixture().big().api()
        : ctx.fixture().tenants().get(0).tenant().api();
    HttpResponse<Buffer> spc = Await.result(api.serviceProviderConfig(tenant));
    if (spc.statusCode() != 200) {
      throw new IllegalStateException(id() + ": ServiceProviderConfig: HTTP " + spc.statusCode());
    }
    LoadGenerator.Call call = i -> i % 2 == 0 ? api.health() : api.serviceProviderConfig(tenant);
    List<String> series = List.of("health", "spc");
    LoadGenerator.Spec spec = LoadGenerator.Spec.sequential(id(), "auth", 2L * count, 200);
    List<Measurement> warm = ctx.load().runSeries(spec.withCount(warmup), series, i -> (int) (i % 2), call);
    for (Measurement w : warm) {
      if (w.errors() > 0) {
        throw new IllegalStateException(w.id() + " warm-up: " + w.errors() + " errors, first: " + w.firstError());
      }
    }
    List<Measurement> measured = ctx.load().runSeries(spec, series, i -> (int) (i % 2), call);
    Measurement health = measured.get(0).withTitle("GET /health (no auth, no database; A/B)")
        .withWarmup(warm.get(0).count());
    Measurement config = measured.get(1).withTitle("GET /ServiceProviderConfig (cached token; A/B)")
        .withWarmup(warm.get(1).count());
    double overhead = config.p50Ms() - health.p50Ms();
    JsonObject extra = new JsonObject()
        .put("overheadP50Ms", Math.round(overhead * 1000) / 1000.0)
        .put("healthP50Ms", health.p50Ms())
        .put("serviceProviderConfigP50Ms", config.p50Ms())
        .put("serviceProviderConfigBytes", spc.body().length());
    System.out.printf(Locale.ROOT, "  token authentication overhead (p50 difference): %.3f ms%n", overhead);
    List<Measurement> out = new ArrayList<>();
    out.add(health);
    out.add(config.withExtra(extra));
    return out;
  }
}
