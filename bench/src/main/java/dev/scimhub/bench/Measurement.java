package dev.scimhub.bench;

import io.vertx.core.json.JsonObject;

/**
 * One measured series: how it was driven (connections, warm-up, count) and what came out (throughput and latency
 * percentiles from HdrHistogram, in milliseconds, end to end as the client saw them). {@code extra} carries
 * scenario-specific facts (member counts, memory figures, ...).
 */
public record Measurement(
    String id,
    String title,
    int connections,
    long warmup,
    long count,
    long errors,
    double seconds,
    double requestsPerSecond,
    double p50Ms,
    double p90Ms,
    double p99Ms,
    double maxMs,
    String firstError,
    JsonObject extra) {

  public Measurement withExtra(JsonObject more) {
    JsonObject merged = extra.copy().mergeIn(more);
    return new Measurement(id, title, connections, warmup, count, errors, seconds, requestsPerSecond, p50Ms, p90Ms,
        p99Ms, maxMs, firstError, merged);
  }

  public Measurement withTitle(String newTitle) {
    return new Measurement(id, newTitle, connections, warmup, count, errors, seconds, requestsPerSecond, p50Ms, p90Ms,
        p99Ms, maxMs, firstError, extra);
  }

  public Measurement withWarmup(long warmupCount) {
    return new Measurement(id, title, connections, warmupCount, count, errors, seconds, requestsPerSecond, p50Ms,
        p90Ms, p99Ms, maxMs, firstError, extra);
  }

  public String mode() {
    return connections == 1 ? "sequential, 1 connection" : "closed loop, " + connections + " connections";
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("title", title)
        .put("mode", mode())
        .put("connections", connections)
        .put("warmup", warmup)
        .put("count", count)
        .put("errors", errors)
        .put("seconds", round(seconds))
        .put("requestsPerSecond", round(requestsPerSecond))
        .put("p50Ms", round(p50Ms))
        .put("p90Ms", round(p90Ms))
        .put("p99Ms", round(p99Ms))
        .put("maxMs", round(maxMs))
        .put("firstError", firstError)
        .put("extra", extra);
  }

  public static Measurement fromJson(JsonObject json) {
    return new Measurement(
        json.getString("id"),
        json.getString("title"),
        json.getInteger("connections"),
        json.getLong("warmup"),
        json.getLong("count"),
        json.getLong("errors"),
        json.getDouble("seconds"),
        json.getDouble("requestsPerSecond"),
        json.getDouble("p50Ms"),
        json.getDouble("p90Ms"),
        json.getDouble("p99Ms"),
        json.getDouble("maxMs"),
        json.getString("firstError"),
        json.getJsonObject("extra", new JsonObject()));
  }

  static double round(double value) {
    return Math.round(value * 1000.0) / 1000.0;
  }
}
