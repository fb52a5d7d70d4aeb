package dev.scimhub.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.Duration;

/**
 * The bench's own look at scimhub's embedded PostgreSQL (one connection, user postgres, database postgres): table
 * sizes for the "database size per 100,000 users" figure, a few settings for the report, and the VACUUM ANALYZE after
 * the seeding. It never writes rows.
 */
public final class Db implements AutoCloseable {

  private final Pool pool;

  public Db(Vertx vertx, String host, int port) {
    this.pool = PgBuilder.pool()
        .with(new PoolOptions().setName("bench-db").setMaxSize(1))
        .connectingTo(new PgConnectOptions().setHost(host).setPort(port).setDatabase("postgres").setUser("postgres"))
        .using(vertx)
        .build();
  }

  /**
   * What autovacuum would do some time after a bulk load, done now so that no scenario meets it half-way: the
   * visibility map (index-only scans) and fresh planner statistics. It treats scimhub and the ceiling alike.
   */
  public void vacuumAnalyze() throws Exception {
    for (String table : new String[] {"scim_user", "scim_group", "group_member", "api_token", "tenant"}) {
      Await.result(pool.query("VACUUM (ANALYZE) " + table).execute(), Duration.ofMinutes(5));
    }
  }

  /** Size of scim_user (table, TOAST, indexes) and group_member, with their row counts. */
  public JsonObject sizes() throws Exception {
    RowSet<Row> rows = Await.result(pool.query("""
        SELECT (SELECT count(*) FROM scim_user) AS users,
               pg_total_relation_size('scim_user') AS user_total,
               pg_relation_size('scim_user') AS user_heap,
               pg_indexes_size('scim_user') AS user_indexes,
               pg_total_relation_size('scim_user') - pg_relation_size('scim_user')
                 - pg_indexes_size('scim_user') AS user_toast_and_maps,
               (SELECT count(*) FROM group_member) AS memberships,
               pg_total_relation_size('group_member') AS member_total,
               pg_database_size(current_database()) AS database_total
        """).execute());
    Row r = rows.iterator().next();
    long users = r.getLong("users");
    long total = r.getLong("user_total");
    long memberships = r.getLong("memberships");
    JsonObject out = new JsonObject()
        .put("users", users)
        .put("scimUserTotalBytes", total)
        .put("scimUserHeapBytes", r.getLong("user_heap"))
        .put("scimUserIndexBytes", r.getLong("user_indexes"))
        .put("scimUserToastAndMapsBytes", r.getLong("user_toast_and_maps"))
        .put("memberships", memberships)
        .put("groupMemberTotalBytes", r.getLong("member_total"))
        .put("databaseBytes", r.getLong("database_total"));
    if (users > 0) {
      out.put("scimUserMiBPer100kUsers", round(total * 100_000.0 / users / 1024 / 1024))
          .put("bytesPerUser", Math.round((double) total / users));
    }
    if (memberships > 0) {
      out.put("groupMemberMiBPer100kMemberships", round(r.getLong("member_total") * 100_000.0 / memberships / 1024 / 1024));
    }
    return out;
  }

  /** A few server settings worth printing next to the figures (durability above all). */
  public JsonObject settings() throws Exception {
    JsonObject out = new JsonObject();
    RowSet<Row> rows = Await.result(pool.query("""
        SELECT name, current_setting(name) AS setting FROM pg_settings
        WHERE name IN ('server_version', 'fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers',
                       'max_connections', 'autovacuum')
        """).execute());
    rows.forEach(row -> out.put(row.getString("name"), row.getString("setting")));
    return out;
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }

  @Override
  public void close() throws Exception {
    Await.result(pool.close());
  }
}
