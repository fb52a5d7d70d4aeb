package dev.scimhub.bench.scenario;

import dev.scimhub.bench.Await;
import dev.scimhub.bench.Fixture;
import dev.scimhub.bench.Measurement;
import dev.scimhub.bench.ScimApi;
import dev.scimhub.bench.Users;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;

/**
 * A filter of 40,000 terms ({@code userName eq "..." or ...}, 1.8 MB) from a client with a valid token, as it once
 * stalled the server for 100 s: in a {@code POST /Users/.search} body (answered 413 from its Content-Length, far over
 * what a SearchRequest can need) and in a {@code GET ?filter=} query string (answered 414, the request line being far over the URI limit), one after the
 * other on one connection, after a few unmeasured rounds of each. Beside it, a {@link Bystander} of another tenant looks a user up every 10 ms; it runs
 * alone first for its baseline. Measured: how long each refusal took, and what the bystander saw meanwhile.
 */
public final class HostileFilterScenario implements Scenario {

  static final int TERMS = 40_000;
  private static final Duration PACE = Duration.ofMillis(10);
  private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(1);

  @Override
  public String id() {
    return "hostile-filter";
  }

  @Override
  public List<Measurement> run(ScenarioContext ctx) throws Exception {
    int rounds = ctx.options().integer("hostile-rounds", 20);
    int warmup = ctx.options().integer("hostile-warmup", 5);
    Fixture fixture = ctx.fixture();
    String filter = IntStream.range(0, TERMS).mapToObj(i -> "userName eq \"hostile-" + i + "@bench.example\"")
        .collect(Collectors.joining(" or "));
    ScimApi.Tenant attacker = fixture.importTenant().api();
    // Built once: what is measured is the server's refusal, not the bench encoding 4 MB.
    Buffer body = ScimApi.searchBody(filter);
    String encoded = ScimApi.encode(filter);
    Fixture.SmallTenant victim = fixture.tenants().get(0);
    SplittableRandom random = new SplittableRandom(7);
    List<Measurement> out = new ArrayList<>();

    Bystander alone = Bystander.start(ctx.vertx(), PACE, i -> lookup(ctx, victim, random));
    Thread.sleep(ctx.options().integer("hostile-baseline-seconds", 5) * 1000L);
    out.add(alone.stop(id() + "/bystander-alone", "bystander lookup every 10 ms, alone"));

    // One connection of its own: a refused GET closes its connection, which must not cost the bystander its own.
    try (ScimApi hostile = new ScimApi(ctx.vertx(), ctx.serverUrl(), 1)) {
      Supplier<Future<HttpResponse<Buffer>>> search = () -> hostile.searchUsers(attacker, body);
      Supplier<Future<HttpResponse<Buffer>>> get = () -> hostile.filterUsersEncoded(attacker, encoded);
      // Unmeasured first rounds: the refusal path compiled, as it is on a server that has run a while.
      refusals("warmup", "", warmup, 413, null, search, 0);
      refusals("warmup", "", warmup, 414, null, get, 0);
      Bystander during = Bystander.start(ctx.vertx(), PACE, i -> lookup(ctx, victim, random));
      Measurement searched = refusals(id() + "/search", String.format(java.util.Locale.ROOT,
          "POST /Users/.search, 40,000-term filter (%.1f MB body)", body.length() / 1e6), rounds, 413,
          null, search, filter.length());
      Measurement got = refusals(id() + "/get", String.format(java.util.Locale.ROOT,
          "GET /Users?filter=, 40,000-term filter (%.1f MB URI)", encoded.length() / 1e6), rounds, 414, null, get,
          filter.length());
      out.add(during.stop(id() + "/bystander-during", "bystander lookup every 10 ms, beside the hostile filters"));
      out.add(searched);
      out.add(got);
    }
    return out;
  }

  private static Future<HttpResponse<Buffer>> lookup(ScenarioContext ctx, Fixture.SmallTenant tenant,
      SplittableRandom random) {
    String userName = Users.userName(tenant.tenant().domain(), random.nextInt(ctx.fixture().usersPerTenant()));
    return Versus.requireBody(ctx.api().findUserByName(tenant.tenant().api(), userName), "\"totalResults\":1");
  }

  /** {@code rounds} requests one after the other; each must be refused with {@code status} (and its scimType). */
  private static Measurement refusals(String id, String title, int rounds, int status, String scimType,
      Supplier<Future<HttpResponse<Buffer>>> send, int filterLength) throws Exception {
    Histogram histogram = new Histogram(HIGHEST_MICROS, 3);
    long errors = 0;
    String firstError = null;
    long start = System.nanoTime();
    for (int i = 0; i < rounds; i++) {
      long sent = System.nanoTime();
      String error;
      try {
        HttpResponse<Buffer> response = Await.result(send.get(), Duration.ofMinutes(2));
        histogram.recordValue(Math.min(HIGHEST_MICROS, Math.max(1, (System.nanoTime() - sent) / 1000)));
        String body = response.bodyAsString();
        error = response.statusCode() != status ? "HTTP " + response.statusCode() + ": " + body
            : scimType != null && (body == null || !body.contains("\"scimType\":\"" + scimType + "\""))
                ? "no scimType " + scimType + " in " + body : null;
      } catch (Exception e) {
        error = e.toString();
      }
      if (error != null) {
        errors++;
        firstError = firstError == null ? error : firstError;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Measurement(id, title, 1, 0, rounds, errors, seconds, rounds / seconds,
        histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(90) / 1000.0,
        histogram.getValueAtPercentile(99) / 1000.0, histogram.getMaxValue() / 1000.0, firstError,
        new JsonObject().put("terms", TERMS).put("filterChars", filterLength).put("expectedStatus", status));
  }
}
