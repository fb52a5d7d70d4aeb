package dev.scimhub.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the seeding left on the server, for the scenarios (and for later phases against a restarted server on the
 * same data directory): the tenant and its token, the two groups, and the spare users that are in no group.
 * Scenarios leave it as they found it (what they add, they remove).
 */
public record Fixture(
    String tenantId,
    String scimBaseUrl,
    String token,
    String emptyGroupId,
    String largeGroupId,
    int largeGroupSize,
    List<String> spareUserIds) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("tenantId", tenantId)
        .put("scimBaseUrl", scimBaseUrl)
        .put("token", token)
        .put("emptyGroupId", emptyGroupId)
        .put("largeGroupId", largeGroupId)
        .put("largeGroupSize", largeGroupSize)
        .put("spareUserIds", new JsonArray(new ArrayList<>(spareUserIds)));
  }

  public static Fixture fromJson(JsonObject json) {
    List<String> spares = new ArrayList<>();
    json.getJsonArray("spareUserIds").forEach(id -> spares.add((String) id));
    return new Fixture(json.getString("tenantId"), json.getString("scimBaseUrl"), json.getString("token"),
        json.getString("emptyGroupId"), json.getString("largeGroupId"), json.getInteger("largeGroupSize"), spares);
  }

  public void save(Path file) throws IOException {
    Files.writeString(file, toJson().encodePrettily());
  }

  public static Fixture load(Path file) throws IOException {
    return fromJson(new JsonObject(Files.readString(file)));
  }
}
