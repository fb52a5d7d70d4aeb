package dev.scimhub.bench.scenario;

import dev.scimhub.bench.Await;
import dev.scimhub.bench.Measurement;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * One consumer reading the events API from the start, as an app catching up does: {@code GET /api/events?limit=500}
 * and on from each page's {@code nextCursor}, one page at a time, for {@code --events-seconds} (20) or to the end
 * of the feed. The seeding alone recorded some 313,000 events (a user.created per user, a member_added per member).
 * Target: ≥ 10,000 events/s.
 */
public final class EventsReadScenario implements Scenario {

  @Override
  public String id() {
    return "events-read";
  }

  @Override
  public List<Measurement> run(ScenarioContext ctx) throws Exception {
    String admin = System.getenv("BENCH_ADMIN_TOKEN");
    if (admin == null || admin.isBlank()) {
      return List.of();
    }
    Duration budget = Duration.ofSeconds(ctx.options().integer("events-seconds", 20));
    Histogram pages = new Histogram(60_000_000L, 3);
    long events = 0;
    long errors = 0;
    String firstError = null;
    String cursor = null;
    long start = System.nanoTime();
    long deadline = start + budget.toNanos();
    while (System.nanoTime() < deadline) {
      long sent = System.nanoTime();
      HttpResponse<Buffer> response = Await.result(ctx.api().events(admin, cursor, 500), Duration.ofMinutes(1));
      pages.recordValue(Math.max(1, (System.nanoTime() - sent) / 1000));
      if (response.statusCode() != 200) {
        errors++;
        firstError = firstError == null ? "HTTP " + response.statusCode() + ": " + response.bodyAsString()
            : firstError;
        break;
      }
      JsonObject page = response.bodyAsJsonObject();
      events += page.getJsonArray("data").size();
      cursor = page.getString("nextCursor");
      if (!page.getBoolean("hasMore")) {
        break;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return List.of(new Measurement(id(), "GET /api/events?limit=500, one consumer from the start", 1, 0,
        pages.getTotalCount(), errors, seconds, events / seconds, pages.getValueAtPercentile(50) / 1000.0,
        pages.getValueAtPercentile(90) / 1000.0, pages.getValueAtPercentile(99) / 1000.0,
        pages.getMaxValue() / 1000.0, firstError, new JsonObject().put("events", events)
            .put("eventsPerSecond", events / seconds).put("pages", pages.getTotalCount())));
  }
}
