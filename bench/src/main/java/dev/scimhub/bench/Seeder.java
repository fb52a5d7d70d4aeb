package dev.scimhub.bench;

import dev.scimhub.bench.Fixture.SmallTenant;
import dev.scimhub.bench.Fixture.TenantRef;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds the {@link Fixture} through the public API only:
 * <ol>
 *   <li>the tenants, by {@code POST /admin/tenants} (each comes with its own API token): the large tenant, the
 *       {@code tenants} small ones, the import tenant and the ceiling's tenant;</li>
 *   <li>every user by {@code POST /Users} with its tenant's token, in one closed loop of {@code connections}
 *       connections: {@code users + spares} in the large tenant, then {@code usersPerTenant} in each small tenant,
 *       round robin. scimhub has no /Bulk endpoint, and a POST /Groups with inline members would still need the users
 *       first, so this is the fastest legitimate way in;</li>
 *   <li>groups by {@code POST /Groups}: in the large tenant an empty one, a {@code group10k}-member one and a
 *       {@code users}-member one, whose members (the first users) are added by PATCH in batches of {@code batch};
 *       one empty group in each small tenant.</li>
 * </ol>
 * The seeding throughput is itself reported (ids {@code seed/...}).
 */
public final class Seeder {

  private final LoadGenerator load;
  private final ScimApi api;
  private final int users;
  private final int spares;
  private final int group10k;
  private final int tenants;
  private final int perTenant;
  private final int connections;
  private final int batch;

  public Seeder(LoadGenerator load, ScimApi api, Options options) {
    this.load = load;
    this.api = api;
    this.users = options.integer("users", 100_000);
    this.spares = options.integer("spares", 3_000);
    this.group10k = Math.min(users, options.integer("group10k", 10_000));
    this.tenants = options.integer("tenants", 100);
    this.perTenant = options.integer("users-per-tenant", 1_000);
    this.connections = options.integer("seed-connections", 16);
    this.batch = options.integer("batch", 5_000);
  }

  public record Seeded(Fixture fixture, List<Measurement> measurements) {}

  public JsonObject settings() {
    return new JsonObject().put("users", users).put("spares", spares).put("group10k", group10k)
        .put("tenants", tenants).put("usersPerTenant", perTenant).put("seedConnections", connections)
        .put("batch", batch);
  }

  public String describe() {
    return String.format(Locale.ROOT, "large tenant: %,d users + %,d spares; %d tenants × %,d users; %d connections;"
        + " groups of %,d and %,d members by PATCH batches of %,d", users, spares, tenants, perTenant, connections,
        group10k, users, batch);
  }

  public Seeded seed(String adminToken) throws Exception {
    String prefix = String.format(Locale.ROOT, "bench-%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    TenantRef big = createTenant(adminToken, prefix + "-big", "big.bench.example");
    TenantRef importTenant = createTenant(adminToken, prefix + "-import", "import.bench.example");
    TenantRef ceiling = createTenant(adminToken, prefix + "-ceiling", "ceiling.bench.example");
    List<TenantRef> small = new ArrayList<>();
    for (int t = 0; t < tenants; t++) {
      small.add(createTenant(adminToken, String.format(Locale.ROOT, "%s-t%03d", prefix, t),
          String.format(Locale.ROOT, "t%03d.bench.example", t)));
    }
    api.tenant(big.scimBaseUrl(), big.token());
    List<Measurement> measurements = new ArrayList<>();

    // Users: the large tenant first (its users' creation order is the listing order the paging scenario walks),
    // then the small tenants round robin.
    int bigTotal = users + spares;
    long total = bigTotal + (long) tenants * perTenant;
    String[] bigIds = new String[bigTotal];
    String[][] smallIds = new String[tenants][perTenant];
    ScimApi.Tenant bigApi = big.api();
    List<ScimApi.Tenant> smallApi = small.stream().map(TenantRef::api).toList();
    Measurement createUsers = load.run(LoadGenerator.Spec.concurrent("seed/create-users",
        String.format(Locale.ROOT, "seed: POST /Users (%,d + %,d spares; %d × %,d)", users, spares, tenants,
            perTenant), connections, total, 201),
        i -> {
          if (i < bigTotal) {
            return api.createUser(bigApi, Users.body(big.domain(), i, "Engineer")).map(response -> {
              if (response.statusCode() == 201) {
                bigIds[(int) i] = response.bodyAsJsonObject().getString("id");
              }
              return response;
            });
          }
          long j = i - bigTotal;
          int t = (int) (j % tenants);
          int n = (int) (j / tenants);
          return api.createUser(smallApi.get(t), Users.body(small.get(t).domain(), n, "Engineer")).map(response -> {
            if (response.statusCode() == 201) {
              smallIds[t][n] = response.bodyAsJsonObject().getString("id");
            }
            return response;
          });
        });
    log(createUsers);
    requireNoErrors(createUsers);
    measurements.add(createUsers);

    String emptyGroup = groupId(api.createGroup(bigApi, "bench empty group"));
    String mid = groupId(api.createGroup(bigApi, String.format(Locale.ROOT, "bench %d-member group", group10k)));
    String large = groupId(api.createGroup(bigApi, String.format(Locale.ROOT, "bench %d-member group", users)));
    List<SmallTenant> smallTenants = new ArrayList<>();
    for (int t = 0; t < tenants; t++) {
      String group = groupId(api.createGroup(smallApi.get(t), "Okta push group"));
      smallTenants.add(new SmallTenant(small.get(t), group, List.of(smallIds[t])));
    }

    List<String> members = Arrays.asList(bigIds).subList(0, users);
    measurements.add(addMembers(bigApi, large, members, "seed/patch-add-batch"));
    measurements.add(addMembers(bigApi, mid, members.subList(0, group10k), "seed/patch-add-batch-10k"));

    List<String> spareIds = List.copyOf(Arrays.asList(bigIds).subList(users, bigTotal));
    Fixture fixture = new Fixture(big, users, emptyGroup, mid, group10k, large, users, spareIds, smallTenants,
        perTenant, importTenant, ceiling.id());
    return new Seeded(fixture, measurements);
  }

  private Measurement addMembers(ScimApi.Tenant tenant, String group, List<String> members, String id)
      throws Exception {
    int n = members.size();
    int batches = (n + batch - 1) / batch;
    Measurement patches = load.run(LoadGenerator.Spec.sequential(id,
        String.format(Locale.ROOT, "seed: PATCH add %,d members (%d batches, group of %,d)", batch, batches, n),
        batches, 204),
        b -> api.patchGroup(tenant, group, ScimApi.membersPatch("add",
            members.subList((int) b * batch, Math.min(n, (int) (b + 1) * batch)))));
    log(patches);
    requireNoErrors(patches);
    return patches;
  }

  private TenantRef createTenant(String adminToken, String id, String domain) throws Exception {
    HttpResponse<Buffer> tenant = Await.result(api.createTenant(adminToken, id, "scimhub benchmark " + id));
    if (tenant.statusCode() != 201) {
      throw new IllegalStateException("POST /admin/tenants: HTTP " + tenant.statusCode() + " " + tenant.bodyAsString());
    }
    JsonObject created = tenant.bodyAsJsonObject();
    return new TenantRef(id, created.getString("scimBaseUrl"), created.getJsonObject("token").getString("value"),
        domain);
  }

  private static String groupId(Future<HttpResponse<Buffer>> created) throws Exception {
    HttpResponse<Buffer> response = Await.result(created);
    if (response.statusCode() != 201) {
      throw new IllegalStateException("POST /Groups: HTTP " + response.statusCode() + " " + response.bodyAsString());
    }
    return response.bodyAsJsonObject().getString("id");
  }

  static void requireNoErrors(Measurement m) {
    if (m.errors() > 0) {
      throw new IllegalStateException(m.id() + ": " + m.errors() + " errors, first: " + m.firstError());
    }
  }

  public static void log(Measurement m) {
    System.out.printf(Locale.ROOT, "  %-36s n=%-7d err=%-3d %8.1f req/s  p50 %8.2f  p90 %8.2f  p99 %8.2f  max %8.2f ms  (%.1f s)%n",
        m.id(), m.count(), m.errors(), m.requestsPerSecond(), m.p50Ms(), m.p90Ms(), m.p99Ms(), m.maxMs(), m.seconds());
  }
}
