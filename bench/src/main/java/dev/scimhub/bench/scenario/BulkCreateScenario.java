package dev.scimhub.bench.scenario;

import dev.scimhub.bench.Fixture;
import dev.scimhub.bench.LoadGenerator.Call;
import dev.scimhub.bench.LoadGenerator.Raw;
import dev.scimhub.bench.LoadGenerator.Spec;
import dev.scimhub.bench.Measurement;
import dev.scimhub.bench.ScimApi;
import dev.scimhub.bench.Users;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bulk import: {@code POST /Bulk} of {@value #BATCH} Okta-shaped user creates on one connection, vs
 * {@code --connections} concurrent {@code POST /Users} of the same bodies, both into the import tenant, measured in
 * rounds A B B A. The figure compared is users created per second; the target is that Bulk creates at least twice
 * as many, since it takes one round trip to the database per batch instead of one per user.
 */
public final class BulkCreateScenario implements Scenario {

  static final int BATCH = 1000;

  @Override
  public String id() {
    return "bulk-create";
  }

  @Override
  public List<Measurement> run(ScenarioContext ctx) throws Exception {
    Fixture fixture = ctx.fixture();
    ScimApi.Tenant tenant = fixture.importTenant().api();
    String domain = "bulk." + fixture.importTenant().domain();
    long base = (System.currentTimeMillis() / 1000 % 100_000) * 1_000_000L;
    AtomicLong next = new AtomicLong(base);
    Call single = i -> ctx.api().createUser(tenant, Users.body(domain, next.getAndIncrement(), "Engineer"));
    Call bulk = i -> ctx.api().bulk(tenant, batch(domain, next));

    int rounds = Math.max(1, ctx.options().integer("rounds", 2));
    Duration slice = ctx.measured().dividedBy(rounds);
    Spec a = Spec.timed(id(), "POST /Bulk of " + BATCH + " user creates, 1 connection", 1, slice, 200);
    Spec b = Spec.timed(id() + "@single", "POST /Users, " + ctx.connections() + " connections",
        ctx.connections(), slice, 201);
    Versus.warm(ctx, a, bulk);
    Versus.warm(ctx, b, single);
    Raw rawA = null;
    Raw rawB = null;
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < 2; k++) {
        if ((k == 0) == (r % 2 == 0)) {
          Raw raw = ctx.load().runRaw(a, List.of(""), i -> 0, bulk);
          rawA = rawA == null ? raw : rawA.merge(raw);
        } else {
          Raw raw = ctx.load().runRaw(b, List.of(""), i -> 0, single);
          rawB = rawB == null ? raw : rawB.merge(raw);
        }
      }
    }
    Measurement ma = rawA.measurements(a).get(0);
    Measurement mb = rawB.measurements(b).get(0);
    double bulkUsers = ma.requestsPerSecond() * BATCH;
    double singleUsers = mb.requestsPerSecond();
    List<Measurement> out = new ArrayList<>();
    out.add(ma.withExtra(new JsonObject()
        .put("usersPerSecond", bulkUsers)
        .put("singleUsersPerSecond", singleUsers)
        .put("ratio", singleUsers == 0 ? 0 : bulkUsers / singleUsers)));
    out.add(mb.withExtra(new JsonObject().put("usersPerSecond", singleUsers)));
    return out;
  }

  private static Buffer batch(String domain, AtomicLong next) {
    JsonArray operations = new JsonArray();
    for (int i = 0; i < BATCH; i++) {
      long n = next.getAndIncrement();
      operations.add(new JsonObject().put("method", "POST").put("path", "/Users").put("bulkId", "u" + n)
          .put("data", Users.user(domain, n, "Engineer")));
    }
    return new JsonObject()
        .put("schemas", new JsonArray().add("urn:ietf:params:scim:api:messages:2.0:BulkRequest"))
        .put("Operations", operations)
        .toBuffer();
  }
}
