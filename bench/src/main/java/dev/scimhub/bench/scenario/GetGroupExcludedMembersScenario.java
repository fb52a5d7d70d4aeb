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
 * Scenario 5b: {@code GET /Groups/{id}?excludedAttributes=members} on the empty, the 10,000-member and the
 * 100,000-member group (sequential, one connection, 200 without members expected), interleaved A/B/C like
 * {@link AddMemberScenario}. Excluding members must make the size of the group irrelevant.
 */
public final class GetGroupExcludedMembersScenario implements Scenario {

  private static final String QUERY = "excludedAttributes=members";

  @Override
  public String id() {
    return "get-group-excluded";
  }

  @Override
  public List<Measurement> run(ScenarioContext ctx) throws Exception {
    Groups groups = Groups.of(ctx.fixture());
    int n = groups.count();
    int warmup = ctx.options().integer("get-warmup", 600);
    int count = ctx.options().integer("get-count", 2000);
    ScimApi api = ctx.api();
    int[] bytes = new int[n];
    for (int g = 0; g < n; g++) {
      HttpResponse<Buffer> probe = Await.result(api.getGroup(groups.ids().get(g), QUERY));
      if (probe.statusCode() != 200 || probe.bodyAsJsonObject().containsKey("members")) {
        throw new IllegalStateException(id() + ": expected 200 without members, got HTTP " + probe.statusCode()
            + " " + probe.bodyAsString());
      }
      bytes[g] = probe.body().length();
    }
    LoadGenerator.Spec spec = LoadGenerator.Spec.sequential(id(), "GET group ?" + QUERY, (long) n * count, 200);
    LoadGenerator.Call call = i -> api.getGroup(groups.ids().get((int) (i % n)), QUERY);
    List<Measurement> warm = ctx.load().runSeries(spec.withCount(warmup), groups.names(), i -> (int) (i % n), call);
    List<Measurement> measured = ctx.load().runSeries(spec, groups.names(), i -> (int) (i % n), call);
    List<Measurement> out = new ArrayList<>();
    for (int g = 0; g < n; g++) {
      if (warm.get(g).errors() > 0) {
        throw new IllegalStateException(warm.get(g).id() + " warm-up: " + warm.get(g).firstError());
      }
      out.add(measured.get(g).withTitle("GET /Groups/{id}?" + QUERY + ", " + groups.describe(g) + " (A/B/C)")
          .withWarmup(warm.get(g).count())
          .withExtra(new JsonObject().put("responseBytes", bytes[g])));
    }
    return out;
  }
}
