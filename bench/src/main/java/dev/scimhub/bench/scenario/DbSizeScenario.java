package dev.scimhub.bench.scenario;

import dev.scimhub.bench.Measurement;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;

/**
 * Not a load: the size of {@code scim_user} (table, TOAST and all its indexes: {@code pg_total_relation_size}) divided
 * by its rows and scaled to 100,000 users, and of {@code group_member} per 100,000 memberships. Run right after the
 * seeding (and its VACUUM), it measures the settled size of Okta-shaped users; at the end of a phase it includes what
 * the write scenarios left (dead row versions not yet vacuumed).
 */
public final class DbSizeScenario implements Scenario {

  @Override
  public String id() {
    return "db-size";
  }

  @Override
  public List<Measurement> run(ScenarioContext ctx) throws Exception {
    if (ctx.db() == null) {
      System.out.println("  (no --pg-port: database size not measured)");
      return List.of();
    }
    JsonObject sizes = ctx.db().sizes();
    System.out.printf(Locale.ROOT, "  scim_user: %,d rows, %.1f MiB in all → %.1f MiB per 100,000 users%n",
        sizes.getLong("users"), sizes.getLong("scimUserTotalBytes") / 1024.0 / 1024.0,
        sizes.getDouble("scimUserMiBPer100kUsers", -1.0));
    return List.of(new Measurement(id(), "database size: scim_user per 100,000 users", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        null, sizes));
  }
}
