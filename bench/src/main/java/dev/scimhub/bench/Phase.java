package dev.scimhub.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of one {@code run}: one server process (its heap setting), the measurements taken against it, in order.
 * A benchmark run is one or more phases (e.g. {@code main} at -Xmx256m, then {@code lowheap} at -Xmx64m).
 */
public record Phase(String name, String serverHeap, String startedAt, String finishedAt, String loadAverageAtStart,
    JsonObject settings, List<Measurement> measurements) {

  public Optional<Measurement> find(String id) {
    return measurements.stream().filter(m -> m.id().equals(id)).findFirst();
  }

  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    measurements.forEach(m -> list.add(m.toJson()));
    return new JsonObject()
        .put("phase", name)
        .put("serverHeap", serverHeap)
        .put("startedAt", startedAt)
        .put("finishedAt", finishedAt)
        .put("loadAverageAtStart", loadAverageAtStart)
        .put("settings", settings)
        .put("measurements", list);
  }

  public static Phase fromJson(JsonObject json) {
    List<Measurement> list = new ArrayList<>();
    json.getJsonArray("measurements").forEach(m -> list.add(Measurement.fromJson((JsonObject) m)));
    return new Phase(json.getString("phase"), json.getString("serverHeap"), json.getString("startedAt"),
        json.getString("finishedAt"), json.getString("loadAverageAtStart"),
        json.getJsonObject("settings", new JsonObject()), list);
  }

  public static Phase load(Path file) throws IOException {
    return fromJson(new JsonObject(Files.readString(file)));
  }
}
