package dev.scimhub.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds the {@link Fixture} through the public API only: a fresh tenant; {@code users + spares} users by
 * {@code POST /Users} at {@code connections} concurrent connections (scimhub has no /Bulk endpoint, and a POST
 * /Groups with inline members would still need the users first, so this is the fastest legitimate way); an empty
 * group and a large group; then the first {@code users} users added to the large group by PATCH in batches of
 * {@code batch}. The seeding throughput is itself reported (ids {@code seed/...}).
 */
public final class Seeder {

  private final LoadGenerator load;
  private final ScimApi api;
  private final int users;
  private final int spares;
  private final int connections;
  private final int batch;

  public Seeder(LoadGenerator load, ScimApi api, int users, int spares, int connections, int batch) {
    this.load = load;
    this.api = api;
    this.users = users;
    this.spares = spares;
    this.connections = connections;
    this.batch = batch;
  }

  public record Seeded(Fixture fixture, List<Measurement> measurements) {}

  public Seeded seed(String adminToken) throws Exception {
    String tenantId = String.format(Locale.ROOT, "bench-%08x", ThreadLocalRandom.current().nextInt());
    HttpResponse<Buffer> tenant = Await.result(api.createTenant(adminToken, tenantId, "scimhub benchmark"));
    if (tenant.statusCode() != 201) {
      throw new IllegalStateException("POST /admin/tenants: HTTP " + tenant.statusCode() + " " + tenant.bodyAsString());
    }
    JsonObject created = tenant.bodyAsJsonObject();
    String scimBaseUrl = created.getString("scimBaseUrl");
    String token = created.getJsonObject("token").getString("value");
    api.tenant(scimBaseUrl, token);
    List<Measurement> measurements = new ArrayList<>();

    int total = users + spares;
    String[] ids = new String[total];
    Measurement createUsers = load.run(LoadGenerator.Spec.concurrent("seed/create-users",
        "seed: POST /Users (" + users + " members + " + spares + " spares)", connections, total, 201),
        i -> api.createUser(user((int) i)).map(response -> {
          if (response.statusCode() == 201) {
            ids[(int) i] = response.bodyAsJsonObject().getString("id");
          }
          return response;
        }));
    log(createUsers);
    requireNoErrors(createUsers);
    measurements.add(createUsers);

    String emptyGroup = groupId(api.createGroup("bench empty group"));
    String largeGroup = groupId(api.createGroup("bench " + users + "-member group"));

    List<String> members = Arrays.asList(ids).subList(0, users);
    int batches = (users + batch - 1) / batch;
    Measurement patches = load.run(LoadGenerator.Spec.sequential("seed/patch-add-batch",
        "seed: PATCH add " + batch + " members (" + batches + " batches)", batches, 204),
        b -> api.patchGroup(largeGroup, ScimApi.membersPatch("add",
            members.subList((int) b * batch, Math.min(users, (int) (b + 1) * batch)))));
    log(patches);
    requireNoErrors(patches);
    measurements.add(patches);

    List<String> spareIds = List.copyOf(Arrays.asList(ids).subList(users, total));
    Fixture fixture = new Fixture(tenantId, scimBaseUrl, token, emptyGroup, largeGroup, users, spareIds);
    return new Seeded(fixture, measurements);
  }

  /** An Okta-shaped user, about 300 bytes. */
  static JsonObject user(int i) {
    String n = String.format(Locale.ROOT, "%06d", i);
    String userName = "user" + n + "@bench.example";
    return new JsonObject()
        .put("schemas", new JsonArray().add(ScimApi.USER_SCHEMA))
        .put("userName", userName)
        .put("name", new JsonObject().put("givenName", "Bench").put("familyName", "User " + n))
        .put("emails", new JsonArray().add(new JsonObject().put("primary", true).put("value", userName)
            .put("type", "work")))
        .put("displayName", "Bench User " + n)
        .put("active", true);
  }

  private static String groupId(io.vertx.core.Future<HttpResponse<Buffer>> created) throws Exception {
    HttpResponse<Buffer> response = Await.result(created);
    if (response.statusCode() != 201) {
      throw new IllegalStateException("POST /Groups: HTTP " + response.statusCode() + " " + response.bodyAsString());
    }
    return response.bodyAsJsonObject().getString("id");
  }

  private static void requireNoErrors(Measurement m) {
    if (m.errors() > 0) {
      throw new IllegalStateException(m.id() + ": " + m.errors() + " errors, first: " + m.firstError());
    }
  }

  static void log(Measurement m) {
    System.out.printf(Locale.ROOT, "  %-28s n=%-7d err=%-3d %8.1f req/s  p50 %8.2f  p90 %8.2f  p99 %8.2f  max %8.2f ms  (%.1f s)%n",
        m.id(), m.count(), m.errors(), m.requestsPerSecond(), m.p50Ms(), m.p90Ms(), m.p99Ms(), m.maxMs(), m.seconds());
  }
}
