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

/**
 * Scenario 5a, Okta's Push Groups: add ONE member (a fresh spare user each time) to a group by
 * {@code PATCH /Groups/{id}} with {@code {"op":"add","path":"members","value":[{"value":id}]}}, expecting 204, to the
 * EMPTY group, the 10,000-member group and the 100,000-member group. Sequential on one connection, so the figures
 * are per-request latencies; the groups are interleaved A/B/C (request i goes to group i mod 3) so that all are
 * measured under the same conditions: run one after the other, the later ones always looked faster (JIT,
 * autovacuum, neighbours). The warm-up is interleaved the same way. Afterwards one PATCH per group removes every
 * user added, so the groups are back to their seeded size.
 */
public final class AddMemberScenario implements Scenario {

  @Override
  public String id() {
    return "add-member";
  }

  @Override
  public List<Measurement> run(ScenarioContext ctx) throws Exception {
    Groups groups = Groups.of(ctx.fixture());
    int n = groups.count();
    int warmup = ctx.options().integer("add-warmup", 300) / n * n;
    int count = ctx.options().integer("add-count", 800);
    // warmup users for the warm-up (warmup/n per group), then n × count for the measured run.
    List<String> users = ctx.spares(warmup + n * count);
    ScimApi api = ctx.api();
    int[] offset = {0};
    LoadGenerator.Call call = i -> api.patchGroup(groups.ids().get((int) (i % n)),
        ScimApi.membersPatch("add", List.of(users.get(offset[0] + (int) i))));
    LoadGenerator.Spec spec = LoadGenerator.Spec.sequential(id(), "PATCH add 1 member", (long) n * count, 204);

    List<Measurement> warm = ctx.load().runSeries(spec.withCount(warmup), groups.names(), i -> (int) (i % n), call);
    for (Measurement w : warm) {
      if (w.errors() > 0) {
        throw new IllegalStateException(w.id() + " warm-up: " + w.errors() + " errors, first: " + w.firstError());
      }
    }
    offset[0] = warmup;
    List<Measurement> measured = ctx.load().runSeries(spec, groups.names(), i -> (int) (i % n), call);

    // Put the groups back as they were: users[j] went to group j % n (warm-up and measured alike: warmup % n == 0).
    for (int g = 0; g < n; g++) {
      List<String> added = new ArrayList<>();
      for (int j = g; j < warmup + n * count; j += n) {
        added.add(users.get(j));
      }
      HttpResponse<Buffer> removed = Await.result(api.patchGroup(groups.ids().get(g),
          ScimApi.membersPatch("remove", added)));
      if (removed.statusCode() != 204) {
        throw new IllegalStateException(id() + " cleanup: HTTP " + removed.statusCode() + " " + removed.bodyAsString());
      }
    }
    List<Measurement> out = new ArrayList<>();
    for (int g = 0; g < n; g++) {
      out.add(measured.get(g).withTitle("PATCH /Groups add 1 member, " + groups.describe(g) + " (A/B/C)")
          .withWarmup(warm.get(g).count())
          .withExtra(new JsonObject()
              .put("groupSizeBefore", groups.sizes().get(g))
              .put("groupSizeAtEndOfRun", groups.sizes().get(g) + warm.get(g).count() + measured.get(g).count())));
    }
    return out;
  }
}
