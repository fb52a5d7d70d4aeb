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
 * Scenario 4, an importer paging through the large tenant: {@code GET /Users?startIndex=N&count=100} at N = 1,
 * 10,001 and 90,001 (default listing order), 200 with 100 users expected. Sequential on one connection, the three
 * pages interleaved (A/B/C) so that all see the same conditions. Each page is asked for again and again, as an
 * importer that retries or a second import does: scimhub remembers where a page it served starts, so only the first
 * request at N (in the warm-up) has to skip N-1 rows, and later ones continue from a key.
 */
public final class PagingScenario implements Scenario {

  @Override
  public String id() {
    return "paging";
  }

  @Override
  public List<Measurement> run(ScenarioContext ctx) throws Exception {
    int count = ctx.options().integer("page-size", 100);
    List<Long> starts = new ArrayList<>();
    for (String s : ctx.options().list("page-starts", "1,10001,90001")) {
      starts.add(Long.parseLong(s.replace("_", "").replace(",", "")));
    }
    ScimApi.Tenant tenant = ctx.fixture().big().api();
    long expectedTotal = ctx.fixture().bigUsers() + ctx.fixture().spareUserIds().size();
    int[] bytes = new int[starts.size()];
    double[] firstMs = new double[starts.size()];
    for (int s = 0; s < starts.size(); s++) {
      long t0 = System.nanoTime();
      HttpResponse<Buffer> page = Await.result(ctx.api().listUsers(tenant, starts.get(s), count));
      firstMs[s] = (System.nanoTime() - t0) / 1e6;
      JsonObject body = page.statusCode() == 200 ? page.bodyAsJsonObject() : null;
      if (body == null || body.getJsonArray("Resources").size() != count || body.getLong("totalResults") < expectedTotal
          || body.getLong("startIndex") != (long) starts.get(s)) {
        throw new IllegalStateException(id() + ": page at " + starts.get(s) + ": HTTP " + page.statusCode() + " "
            + page.bodyAsString().substring(0, Math.min(300, page.bodyAsString().length())));
      }
      bytes[s] = page.body().length();
    }
    List<String> series = starts.stream().map(n -> String.format(Locale.ROOT, "startIndex=%d", n)).toList();
    int n = starts.size();
    LoadGenerator.Call call = i -> ctx.api().listUsers(tenant, starts.get((int) (i % n)), count);
    LoadGenerator.Spec spec = LoadGenerator.Spec.timed(id(), "GET /Users?startIndex=N&count=" + count, 1,
        ctx.measured(), 200);
    List<Measurement> warm = ctx.load().runSeries(spec.withDuration(ctx.warmup()), series, i -> (int) (i % n), call);
    for (Measurement w : warm) {
      if (w.errors() > 0) {
        throw new IllegalStateException(w.id() + " warm-up: " + w.errors() + " errors, first: " + w.firstError());
      }
    }
    List<Measurement> measured = ctx.load().runSeries(spec, series, i -> (int) (i % n), call);
    List<Measurement> out = new ArrayList<>();
    for (int s = 0; s < n; s++) {
      out.add(measured.get(s)
          .withTitle(String.format(Locale.ROOT, "GET /Users?startIndex=%,d&count=%d (of %,d; A/B/C)", starts.get(s),
              count, expectedTotal))
          .withWarmup(warm.get(s).count())
          .withExtra(new JsonObject().put("startIndex", starts.get(s)).put("responseBytes", bytes[s])
              .put("firstRequestMs", Math.round(firstMs[s] * 100) / 100.0)));
    }
    return out;
  }
}
