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
 * Scenario 3: {@code GET /Groups/{id}?excludedAttributes=members} on the empty group vs on the large group
 * (sequential, one connection, 200 expected), interleaved A/B like {@link AddMemberScenario}. Excluding members must
 * make the size of the group irrelevant.
 */
public final class GetGroupExcludedMembersScenario implements Scenario {

  private static final String QUERY = "excludedAttributes=members";

  @Override
  public String id() {
    return "get-group-excluded";
  }

  @Override
  public List<Measurement> run(ScenarioContext ctx) throws Exception {
    int warmup = ctx.options().integer("get-warmup", 500);
    int count = ctx.options().integer("get-count", 2000);
    ScimApi api = ctx.api();
    String[] groups = {ctx.fixture().emptyGroupId(), ctx.fixture().largeGroupId()};
    int[] bytes = new int[2];
    for (int g = 0; g < 2; g++) {
      HttpResponse<Buffer> probe = Await.result(api.getGroup(groups[g], QUERY));
      if (probe.statusCode() != 200 || probe.bodyAsJsonObject().containsKey("members")) {
        throw new IllegalStateException(id() + ": expected 200 without members, got HTTP " + probe.statusCode()
            + " " + probe.bodyAsString());
      }
      bytes[g] = probe.body().length();
    }
    LoadGenerator.Spec spec = LoadGenerator.Spec.sequential(id(), "GET group ?" + QUERY, 2L * count, 200);
    LoadGenerator.Call call = i -> api.getGroup(groups[(int) (i % 2)], QUERY);
    List<String> series = List.of("empty", "large");
    List<Measurement> warm = ctx.load().runSeries(spec.withCount(warmup), series, i -> (int) (i % 2), call);
    List<Measurement> measured = ctx.load().runSeries(spec, series, i -> (int) (i % 2), call);
    String[] titles = {"GET group ?" + QUERY + ", empty group (A/B)",
        String.format("GET group ?%s, %,d-member group (A/B)", QUERY, ctx.fixture().largeGroupSize())};
    List<Measurement> out = new ArrayList<>();
    for (int g = 0; g < 2; g++) {
      if (warm.get(g).errors() > 0) {
        throw new IllegalStateException(warm.get(g).id() + " warm-up: " + warm.get(g).firstError());
      }
      out.add(measured.get(g).withTitle(titles[g]).withWarmup(warm.get(g).count())
          .withExtra(new JsonObject().put("responseBytes", bytes[g])));
    }
    return out;
  }
}
