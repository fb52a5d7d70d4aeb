package dev.scimhub.activity;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request log's daily partitions (UTC days, {@code request_log_YYYYMMDD}): made a few days ahead, dropped whole
 * once past the platform's retention; rows of tenants that keep theirs for less are deleted from the days they no
 * longer keep; connection counts older than a day go. Under an advisory lock, so two nodes never race on the DDL.
 */
final class RequestLogPartitions {

  private static final Logger log = LoggerFactory.getLogger(RequestLogPartitions.class);
  static final Duration EVERY = Duration.ofHours(1);
  private static final int AHEAD_DAYS = 3;
  private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd");
  private static final long LOCK = 0x5c1a_0107L;

  private static final String PARTITIONS = """
      SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'request_log'::regclass
      """;

  /** Tenants whose own retention is shorter than the platform's, with it. */
  private static final String SHORTER = """
      SELECT id, (settings ->> 'requestLogRetentionDays')::int AS days FROM tenant
      WHERE settings ? 'requestLogRetentionDays'
        AND jsonb_typeof(settings -> 'requestLogRetentionDays') = 'number'
        AND (settings ->> 'requestLogRetentionDays')::numeric < $1
      """;

  private final Pool pool;
  private final int retentionDays;

  RequestLogPartitions(Pool pool, int retentionDays) {
    this.pool = pool;
    this.retentionDays = retentionDays;
  }

  /** One round of upkeep: partitions ahead, expired ones dropped, shorter retentions applied. */
  Future<Void> maintain() {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    LocalDate oldestKept = today.minusDays(retentionDays);
    return pool.withTransaction(conn -> conn.query("SELECT pg_advisory_xact_lock(" + LOCK + ")").execute()
        .compose(v -> conn.query(PARTITIONS).execute())
        .compose(rows -> {
          List<String> existing = new ArrayList<>();
          for (Row row : rows) {
            existing.add(row.getString("relname"));
          }
          List<String> statements = new ArrayList<>();
          for (int d = -1; d <= AHEAD_DAYS; d++) {
            LocalDate day = today.plusDays(d);
            if (!existing.contains(name(day))) {
              statements.add("CREATE TABLE " + name(day) + " PARTITION OF request_log FOR VALUES FROM ('" + day
                  + "T00:00:00Z') TO ('" + day.plusDays(1) + "T00:00:00Z')");
            }
          }
          for (String partition : existing) {
            LocalDate day = day(partition);
            // A day is kept while any of it is within the retention: dropped when it ended before the oldest kept.
            if (day != null && day.plusDays(1).isBefore(oldestKept)) {
              statements.add("DROP TABLE " + partition);
              log.info("request log: dropping {} (past the {}-day retention)", partition, retentionDays);
            }
          }
          return run(conn, statements, 0);
        }))
        .compose(v -> shorterRetentions())
        .compose(v -> pool.query("DELETE FROM connection_counts WHERE bucket < now() - interval '25 hours'")
            .execute().<Void>mapEmpty())
        // Health of tenant ids no tenant has (a typo in a base URL, a scanner), once a day has passed: their log
        // rows go with their partitions.
        .compose(v -> pool.query("""
            DELETE FROM connection_health h WHERE h.last_seen < now() - interval '1 day'
              AND NOT EXISTS (SELECT 1 FROM tenant t WHERE t.id = h.tenant_id)""").execute().<Void>mapEmpty());
  }

  private Future<Void> shorterRetentions() {
    return pool.preparedQuery(SHORTER).execute(Tuple.of(retentionDays)).compose(rows -> {
      Future<Void> all = Future.succeededFuture();
      for (Row row : rows) {
        String tenant = row.getString("id");
        int days = row.getInteger("days");
        all = all.compose(v -> pool.preparedQuery(
                "DELETE FROM request_log WHERE tenant_id = $1 AND at < now() - $2::bigint * interval '1 day'")
            .execute(Tuple.of(tenant, (long) days)).<Void>mapEmpty());
      }
      return all;
    });
  }

  private static Future<Void> run(io.vertx.sqlclient.SqlConnection conn, List<String> statements, int index) {
    if (index == statements.size()) {
      return Future.succeededFuture();
    }
    return conn.query(statements.get(index)).execute().compose(r -> run(conn, statements, index + 1));
  }

  static String name(LocalDate day) {
    return "request_log_" + NAME.format(day);
  }

  private static LocalDate day(String partition) {
    try {
      return LocalDate.parse(partition.substring("request_log_".length()), NAME);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** PostgreSQL found no partition for a row (23514). */
  static boolean missingPartition(Throwable e) {
    return e instanceof PgException pg && "23514".equals(pg.getSqlState());
  }
}
