package dev.scimhub.bench.scenario;

import dev.scimhub.bench.Await;
import dev.scimhub.bench.Fixture;
import dev.scimhub.bench.LoadGenerator.Spec;
import dev.scimhub.bench.Measurement;
import dev.scimhub.bench.ScimApi;
import dev.scimhub.bench.Users;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Webhook delivery while Okta imports: a platform-wide endpoint for {@code user.*} on a receiver in this process (a
 * Vert.x server that answers 200 after 5 ms), and the import's {@code POST /Users} load, closed loop, for the measured
 * time; then the wait until the receiver has every created user's event. Twice: spread over the small tenants
 * ({@code webhook-lag/tenants}) and into the one import tenant ({@code webhook-lag/one-tenant}).
 *
 * <p>The backlog, sampled each second, is users created (201s seen by the load) minus their events received.
 * The lag is the receiver's clock at arrival minus the event's {@code occurredAt} (one machine, one clock). A
 * tenant's events are sent one at a time in sequence order, so one tenant's lane delivers at most one event per
 * receiver round trip, about 1 / 5 ms: the one-tenant run shows that bound, the spread one whether delivery keeps up.
 */
public final class WebhookLagScenario implements Scenario {

  private static final long RECEIVER_MILLIS = 5;

  @Override
  public String id() {
    return "webhook-lag";
  }

  @Override
  public List<Measurement> run(ScenarioContext ctx) throws Exception {
    String admin = System.getenv("BENCH_ADMIN_TOKEN");
    if (admin == null || admin.isBlank()) {
      return List.of();
    }
    Receiver receiver = new Receiver();
    // The receiver stands for the vendor's app, on a machine of its own: it gets an event loop of its own, so that
    // its 5 ms are not stretched by the load generator's work on the bench's loops.
    Vertx receiverVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    HttpServer server = Await.result(receiverVertx.createHttpServer().requestHandler(request ->
        request.body().onSuccess(body -> {
          receiver.received(body.toJsonObject());
          receiverVertx.setTimer(RECEIVER_MILLIS, t -> request.response().setStatusCode(200).end());
        })).listen(0, "127.0.0.1"));
    String url = "http://127.0.0.1:" + server.actualPort() + "/hook";
    JsonObject endpoint = Await.result(ctx.api().createWebhook(admin, url, new JsonArray().add("user.*")))
        .bodyAsJsonObject();
    if (endpoint == null || endpoint.getString("id") == null) {
      server.close();
      throw new IllegalStateException("could not create the webhook endpoint (is SCIMHUB_WEBHOOKS_ALLOW_PRIVATE_"
          + "TARGETS set?): " + endpoint);
    }
    try {
      List<Fixture.SmallTenant> small = ctx.fixture().tenants();
      List<ScimApi.Tenant> spread = small.stream().map(t -> t.tenant().api()).toList();
      List<String> spreadDomains = small.stream().map(t -> t.tenant().domain()).toList();
      List<Measurement> out = new ArrayList<>();
      out.add(phase(ctx, receiver, "tenants", "POST /Users over " + spread.size() + " tenants, webhook receiver 5 ms",
          spread, spreadDomains));
      out.add(phase(ctx, receiver, "one-tenant", "POST /Users into one tenant, webhook receiver 5 ms",
          List.of(ctx.fixture().importTenant().api()), List.of(ctx.fixture().importTenant().domain())));
      return out;
    } finally {
      Await.result(ctx.api().deleteWebhook(admin, endpoint.getString("id")));
      Await.result(server.close());
      Await.result(receiverVertx.close());
    }
  }

  private Measurement phase(ScenarioContext ctx, Receiver receiver, String name, String title,
      List<ScimApi.Tenant> tenants, List<String> domains) throws Exception {
    receiver.reset();
    Duration duration = ctx.measured().dividedBy(2);
    AtomicLong created = new AtomicLong();
    long base = (System.currentTimeMillis() / 1000 % 100_000) * 1_000_000L + 500_000L;
    List<Long> backlog = new ArrayList<>();
    long sampler = ctx.vertx().setPeriodic(1_000, t -> {
      synchronized (backlog) {
        backlog.add(created.get() - receiver.count());
      }
    });
    Measurement load = ctx.load().run(Spec.timed(id() + "/" + name, title, ctx.connections(), duration, 201), i -> {
      int k = (int) (i % tenants.size());
      return ctx.api().createUser(tenants.get(k), Users.body(domains.get(k), base + i, "Engineer"))
          .onSuccess(r -> {
            if (r.statusCode() == 201) {
              created.incrementAndGet();
            }
          });
    });
    ctx.vertx().cancelTimer(sampler);
    long loadEnded = System.nanoTime();
    long drainDeadline = loadEnded + Duration.ofMinutes(5).toNanos();
    while (receiver.count() < created.get() && System.nanoTime() < drainDeadline) {
      Thread.sleep(20);
    }
    double drainSeconds = (System.nanoTime() - loadEnded) / 1e9;
    Histogram lag = receiver.lag();
    List<Long> samples;
    synchronized (backlog) {
      samples = List.copyOf(backlog);
    }
    int third = Math.max(1, samples.size() / 3);
    double firstThird = samples.stream().limit(third).mapToLong(Long::longValue).average().orElse(0);
    double lastThird = samples.stream().skip(samples.size() - third).mapToLong(Long::longValue).average().orElse(0);
    JsonObject extra = new JsonObject()
        .put("tenants", tenants.size())
        .put("receiverMillis", RECEIVER_MILLIS)
        .put("created", created.get())
        .put("eventsReceived", receiver.count())
        .put("duplicates", receiver.duplicates())
        .put("outOfOrder", receiver.outOfOrder())
        .put("createsPerSecond", load.requestsPerSecond())
        .put("deliveriesPerSecondDuringLoad", (receiver.countAt(loadEnded)) / load.seconds())
        .put("drainSeconds", drainSeconds)
        .put("backlogSamples", new JsonArray(new ArrayList<>(samples)))
        .put("backlogFirstThird", firstThird)
        .put("backlogLastThird", lastThird)
        .put("lagP50Ms", lag.getValueAtPercentile(50) / 1000.0)
        .put("lagP99Ms", lag.getValueAtPercentile(99) / 1000.0)
        .put("lagMaxMs", lag.getMaxValue() / 1000.0);
    return load.withExtra(extra);
  }

  /** What the receiver saw: each event once (by id), in order per tenant or not, and how late. */
  private static final class Receiver {
    private final Set<String> ids = new HashSet<>();
    private final Map<String, Long> lastSequence = new HashMap<>();
    private final List<Long> arrivals = new ArrayList<>();
    private Histogram lag = new Histogram(3_600_000_000L, 3);
    private long duplicates;
    private long outOfOrder;

    synchronized void received(JsonObject event) {
      long now = System.nanoTime();
      if (!ids.add(event.getString("id"))) {
        duplicates++;
        return;
      }
      arrivals.add(now);
      long sequence = event.getLong("sequence");
      Long last = lastSequence.put(event.getString("tenant"), sequence);
      if (last != null && sequence < last) {
        outOfOrder++;
      }
      long micros = Duration.between(OffsetDateTime.parse(event.getString("occurredAt")), OffsetDateTime.now())
          .toNanos() / 1000;
      lag.recordValue(Math.max(1, Math.min(micros, lag.getHighestTrackableValue())));
    }

    synchronized void reset() {
      ids.clear();
      lastSequence.clear();
      arrivals.clear();
      lag = new Histogram(3_600_000_000L, 3);
      duplicates = 0;
      outOfOrder = 0;
    }

    synchronized long count() {
      return ids.size();
    }

    synchronized long countAt(long nanos) {
      return arrivals.stream().filter(t -> t <= nanos).count();
    }

    synchronized Histogram lag() {
      return lag.copy();
    }

    synchronized long duplicates() {
      return duplicates;
    }

    synchronized long outOfOrder() {
      return outOfOrder;
    }
  }
}
