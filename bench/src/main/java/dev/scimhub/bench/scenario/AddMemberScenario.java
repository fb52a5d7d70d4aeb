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
 * Scenarios 1 and 2: add ONE member (a fresh spare user each time) to a group by {@code PATCH /Groups/{id}} with
 * {@code {"op":"add","path":"members","value":[{"value":id}]}}, expecting 204, to the EMPTY group (1) and to the
 * large group (2). Sequential on one connection, so the figures are per-request latencies; the two groups are
 * interleaved A/B (even requests to the empty group, odd ones to the large group) so that both are measured under the
 * same conditions: run one after the other, the second always looked faster (JIT, autovacuum, neighbours). The
 * warm-up is interleaved the same way. Afterwards one PATCH per group removes every user added, so both groups are
 * back to their seeded size.
 */
public final class AddMemberScenario implements Scenario {

  @Override
  public String id() {
    return "add-member";
  }

  @Override
  public List<Measurement> run(ScenarioContext ctx) throws Exception {
    int warmup = ctx.options().integer("add-warmup", 500);
    int count = ctx.options().integer("add-count", 1000);
    int largeSize = ctx.fixture().largeGroupSize();
    String[] groups = {ctx.fixture().emptyGroupId(), ctx.fixture().largeGroupId()};
    // Per group: warmup/2 users for the warm-up, then count for the measured run.
    List<String> users = ctx.spares(warmup + 2 * count);
    ScimApi api = ctx.api();
    int[] offset = {0};
    LoadGenerator.Call call = i -> api.patchGroup(groups[(int) (i % 2)],
        ScimApi.membersPatch("add", List.of(users.get(offset[0] + (int) i))));
    List<String> series = List.of("empty", "large");
    LoadGenerator.Spec spec = LoadGenerator.Spec.sequential(id(), "PATCH add 1 member", 2L * count, 204);

    List<Measurement> warm = ctx.load().runSeries(spec.withCount(warmup), series, i -> (int) (i % 2), call);
    for (Measurement w : warm) {
      if (w.errors() > 0) {
        throw new IllegalStateException(w.id() + " warm-up: " + w.errors() + " errors, first: " + w.firstError());
      }
    }
    offset[0] = warmup;
    List<Measurement> measured = ctx.load().runSeries(spec, series, i -> (int) (i % 2), call);

    // Put both groups back as they were: users[j] went to groups[j % 2] (warm-up and measured alike, as warmup is even).
    for (int g = 0; g < 2; g++) {
      List<String> added = new ArrayList<>();
      for (int j = g; j < warmup + 2 * count; j += 2) {
        added.add(users.get(j));
      }
      HttpResponse<Buffer> removed = Await.result(api.patchGroup(groups[g], ScimApi.membersPatch("remove", added)));
      if (removed.statusCode() != 204) {
        throw new IllegalStateException(id() + " cleanup: HTTP " + removed.statusCode() + " " + removed.bodyAsString());
      }
    }
    int[] sizes = {0, largeSize};
    String[] titles = {"PATCH add 1 member, empty group (A/B)",
        String.format("PATCH add 1 member, %,d-member group (A/B)", largeSize)};
    List<Measurement> out = new ArrayList<>();
    for (int g = 0; g < 2; g++) {
      out.add(measured.get(g).withTitle(titles[g]).withWarmup(warm.get(g).count()).withExtra(new JsonObject()
          .put("groupSizeBefore", sizes[g])
          .put("groupSizeAfterRun", sizes[g] + warm.get(g).count() + measured.get(g).count())));
    }
    return out;
  }
}
