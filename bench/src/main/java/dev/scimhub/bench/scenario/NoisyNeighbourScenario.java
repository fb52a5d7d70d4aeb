package dev.scimhub.bench.scenario;

import dev.scimhub.bench.Await;
import dev.scimhub.bench.Fixture;
import dev.scimhub.bench.Measurement;
import dev.scimhub.bench.ScimApi;
import dev.scimhub.bench.Users;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One tenant's import storm beside another tenant's steady traffic. The quiet tenant (a small one) looks a user up
 * every 20 ms, Entra's pace and then some, first alone, then while the storm tenant (the import tenant) sends
 * {@code POST /Users} on {@code --storm-connections} (64) connections as fast as it is answered, honouring
 * {@code Retry-After} on a 429 as Okta does. The storm tenant runs at the server's shipped default rate
 * ({@code --storm-rate}, 200/s; the bench starts the server with a far higher default so that the throughput
 * scenarios are not throttled, so this scenario gives the tenant the shipped default as its own setting, and takes it
 * away afterwards). The target: the quiet tenant's p99 during the storm is at most twice its p99 alone.
 */
public final class NoisyNeighbourScenario implements Scenario {

  private static final Duration PACE = Duration.ofMillis(20);

  @Override
  public String id() {
    return "noisy-neighbour";
  }

  @Override
  public List<Measurement> run(ScenarioContext ctx) throws Exception {
    Fixture fixture = ctx.fixture();
    Duration measured = Duration.ofSeconds(ctx.options().integer("noisy-seconds", 20));
    int connections = ctx.options().integer("storm-connections", 64);
    int rate = ctx.options().integer("storm-rate", 200);
    Fixture.SmallTenant quiet = fixture.tenants().get(1);
    ScimApi.Tenant storm = fixture.importTenant().api();
    String admin = System.getenv("BENCH_ADMIN_TOKEN");
    if (admin == null || admin.isBlank()) {
      throw new IllegalStateException("noisy-neighbour needs the admin JWT in BENCH_ADMIN_TOKEN (phase main)");
    }
    SplittableRandom random = new SplittableRandom(11);
    List<Measurement> out = new ArrayList<>();

    Bystander alone = Bystander.start(ctx.vertx(), PACE, i -> lookup(ctx, quiet, random));
    Thread.sleep(measured.toMillis());
    out.add(alone.stop(id() + "/alone", "quiet tenant: lookup every 20 ms, alone"));

    settings(ctx, admin, fixture.importTenant().id(), new JsonObject().put("rateLimitPerSecond", rate));
    // The storm's client runs on event loops of its own: its 64 connections' answers must not be what delays the
    // quiet tenant's requests inside the bench.
    Vertx stormVertx = Vertx.vertx();
    try (ScimApi stormApi = new ScimApi(stormVertx, ctx.serverUrl(), connections)) {
      Storm running = Storm.start(stormVertx, stormApi, storm, fixture.importTenant().domain(), connections);
      Thread.sleep(2_000); // past the bucket's initial burst: the storm at its steady rate
      Bystander during = Bystander.start(ctx.vertx(), PACE, i -> lookup(ctx, quiet, random));
      long createdBefore = running.created.get();
      long limitedBefore = running.limited.get();
      long t0 = System.nanoTime();
      Thread.sleep(measured.toMillis());
      Measurement quietDuring = during.stop(id() + "/during", "quiet tenant: lookup every 20 ms, beside the storm");
      double seconds = (System.nanoTime() - t0) / 1e9;
      long created = running.created.get() - createdBefore;
      long limited = running.limited.get() - limitedBefore;
      running.stop();
      out.add(quietDuring);
      out.add(new Measurement(id() + "/storm", "storm tenant: POST /Users on " + connections + " connections, rate "
          + rate + "/s", connections, 0, created + limited, running.errors.get(), seconds, created / seconds, 0, 0, 0,
          0, running.firstError, new JsonObject().put("created", created).put("rateLimited429", limited)
              .put("rateLimitPerSecond", rate).put("notMeasured", false)));
    } finally {
      settings(ctx, admin, fixture.importTenant().id(), new JsonObject());
      stormVertx.close().toCompletionStage().toCompletableFuture().get();
    }
    return out;
  }

  private static void settings(ScenarioContext ctx, String admin, String tenant, JsonObject settings) throws Exception {
    int status = Await.result(ctx.api().setTenantSettings(admin, tenant, settings)).statusCode();
    if (status != 200) {
      throw new IllegalStateException("PATCH /admin/tenants/" + tenant + " settings: HTTP " + status);
    }
  }

  private static io.vertx.core.Future<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>> lookup(
      ScenarioContext ctx, Fixture.SmallTenant tenant, SplittableRandom random) {
    String userName = Users.userName(tenant.tenant().domain(), random.nextInt(ctx.fixture().usersPerTenant()));
    return Versus.requireBody(ctx.api().findUserByName(tenant.tenant().api(), userName), "\"totalResults\":1");
  }

  /** Closed loops of creates that wait out a 429's {@code Retry-After} and go on. */
  private static final class Storm {
    final AtomicLong created = new AtomicLong();
    final AtomicLong limited = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    volatile String firstError;
    private volatile boolean stopping;
    private final AtomicInteger running = new AtomicInteger();
    private final Promise<Void> stopped = Promise.promise();

    static Storm start(Vertx vertx, ScimApi api, ScimApi.Tenant tenant, String domain, int connections) {
      Storm storm = new Storm();
      long base = (System.currentTimeMillis() / 1000 % 100_000) * 1_000_000L + 500_000L;
      AtomicLong next = new AtomicLong(base);
      Context context = vertx.getOrCreateContext();
      storm.running.set(connections);
      context.runOnContext(v -> {
        for (int i = 0; i < connections; i++) {
          storm.loop(vertx, api, tenant, domain, next);
        }
      });
      return storm;
    }

    private void loop(Vertx vertx, ScimApi api, ScimApi.Tenant tenant, String domain, AtomicLong next) {
      if (stopping) {
        if (running.decrementAndGet() == 0) {
          stopped.tryComplete();
        }
        return;
      }
      api.createUser(tenant, Users.body(domain, next.getAndIncrement(), "Storm")).onComplete(ar -> {
        long waitMillis = 0;
        if (ar.succeeded() && ar.result().statusCode() == 201) {
          created.incrementAndGet();
        } else if (ar.succeeded() && ar.result().statusCode() == 429) {
          limited.incrementAndGet();
          String retry = ar.result().getHeader("Retry-After");
          waitMillis = 1000L * (retry == null ? 1 : Long.parseLong(retry.trim()));
        } else {
          errors.incrementAndGet();
          if (firstError == null) {
            firstError = ar.failed() ? ar.cause().toString() : "HTTP " + ar.result().statusCode();
          }
        }
        if (waitMillis > 0) {
          vertx.setTimer(waitMillis, id -> loop(vertx, api, tenant, domain, next));
        } else {
          loop(vertx, api, tenant, domain, next);
        }
      });
    }

    void stop() throws Exception {
      stopping = true;
      Await.result(stopped.future(), Duration.ofMinutes(3));
    }
  }
}
