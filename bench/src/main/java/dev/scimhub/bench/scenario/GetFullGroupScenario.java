package dev.scimhub.bench.scenario;

import dev.scimhub.bench.LoadGenerator;
import dev.scimhub.bench.Measurement;
import dev.scimhub.bench.ServerProbe;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Scenario 4: {@code GET /Groups/{id}} of the large group with ALL its members (sequential, one connection).
 * Each response must be 200 and list every member (parsed and counted here, ids distinct). Around the requests it
 * samples the server's RSS every 10 ms and reads its heap with jcmd: live heap (after a full GC) before; heap used
 * right after (garbage included); live heap after. Run it against a server started with a small heap
 * ({@code -Xmx64m}) to prove the ~20 MB response is streamed, not built in memory.
 */
public final class GetFullGroupScenario implements Scenario {

  @Override
  public String id() {
    return "get-group-full";
  }

  @Override
  public List<Measurement> run(ScenarioContext ctx) throws Exception {
    int warmup = ctx.options().integer("full-warmup", 1);
    int count = ctx.options().integer("full-count", 3);
    int expected = ctx.fixture().largeGroupSize();
    String group = ctx.fixture().largeGroupId();
    ServerProbe probe = ctx.probe();

    // The bodies are kept and checked after the run, so that parsing 20 MB of JSON here is not in the timings.
    List<Buffer> bodies = new ArrayList<>();
    String[] transferEncoding = {null};
    LoadGenerator.Call call = i -> ctx.api().getGroup(group, null).map(response -> {
      if (response.statusCode() == 200) {
        bodies.add(response.body());
        transferEncoding[0] = response.getHeader("Transfer-Encoding");
      }
      return response;
    });

    ServerProbe.Heap heapBefore = probe == null ? null : probe.heap(true);
    long rssBefore = probe == null ? -1 : probe.rssKiB();
    ServerProbe.RssSampler sampler = probe == null ? null : probe.sampleRss(10);
    LoadGenerator.Spec spec = LoadGenerator.Spec.sequential(id(),
        String.format("GET group with all %,d members", expected), count, 200);
    Measurement measured = ctx.load().warmupThenMeasure(spec, warmup, call);
    long rssPeak = sampler == null ? -1 : sampler.stop();
    long rssAfter = probe == null ? -1 : probe.rssKiB();
    ServerProbe.Heap heapAfter = probe == null ? null : probe.heap(false);
    ServerProbe.Heap liveAfter = probe == null ? null : probe.heap(true);

    long minMembers = Long.MAX_VALUE;
    long bytes = 0;
    int checked = bodies.size();
    for (Buffer body : bodies) {
      JsonArray members = new JsonObject(body).getJsonArray("members", new JsonArray());
      Set<String> distinct = new HashSet<>();
      members.forEach(m -> distinct.add(((JsonObject) m).getString("value")));
      if (distinct.size() != members.size()) {
        throw new IllegalStateException(id() + ": " + members.size() + " members listed, only " + distinct.size()
            + " distinct");
      }
      minMembers = Math.min(minMembers, distinct.size());
      bytes = body.length();
    }
    bodies.clear();
    JsonObject extra = new JsonObject()
        .put("expectedMembers", expected)
        .put("members", minMembers == Long.MAX_VALUE ? 0 : minMembers)
        .put("responsesChecked", checked)
        .put("responseBytes", bytes)
        .put("transferEncoding", transferEncoding[0]);
    if (probe != null) {
      extra.put("serverPid", probe.pid())
          .put("rssBeforeMiB", mib(rssBefore))
          .put("rssPeakMiB", mib(rssPeak))
          .put("rssAfterMiB", mib(rssAfter))
          .put("rssSamples", sampler.samples())
          .put("heapLiveBeforeMiB", mib(heapBefore.usedKiB()))
          .put("heapUsedAfterMiB", mib(heapAfter.usedKiB()))
          .put("heapLiveAfterMiB", mib(liveAfter.usedKiB()))
          .put("heapCommittedMiB", mib(heapAfter.committedKiB()));
    }
    return List.of(measured.withExtra(extra));
  }

  private static double mib(long kib) {
    return kib < 0 ? -1 : Math.round(kib / 1024.0 * 10) / 10.0;
  }
}
