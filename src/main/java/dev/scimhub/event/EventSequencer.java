package dev.scimhub.event;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;

/**
 * Numbers committed events: per tenant ({@code sequence}, gap-free from 1) and across tenants ({@code position}, the
 * events API's cursor), in the order they were recorded. Only what has committed can be numbered, and one sequencer
 * runs at a time across all nodes (a transaction-scoped advisory lock), so a number once read is never followed by a
 * smaller one appearing later: a reader that has seen position N has seen every event it will ever see up to N.
 * After each batch it sends {@value #CHANNEL}, which wakes long-polling readers on every node.
 */
final class EventSequencer {

  static final String CHANNEL = "scimhub_events";
  /** Any constant the nodes agree on; it names this lock among the database's advisory locks. */
  private static final long LOCK = 0x5c1_4b_0e_7e_5e9L;

  private static final String ANY_UNNUMBERED = "SELECT 1 FROM event WHERE sequence IS NULL LIMIT 1";

  private static final String NUMBER = """
      WITH pending AS (
        SELECT tenant_id, id,
               row_number() OVER (PARTITION BY tenant_id ORDER BY recorded) AS n,
               row_number() OVER (ORDER BY recorded) AS g,
               count(*) OVER () AS total
        FROM (SELECT tenant_id, id, recorded FROM event WHERE sequence IS NULL ORDER BY recorded LIMIT $1) batch
      ),
      tenants AS (
        SELECT tenant_id, count(*) AS c FROM pending GROUP BY tenant_id
      ),
      counters AS (
        INSERT INTO event_counter AS ec (tenant_id, last_sequence)
        SELECT tenant_id, c FROM tenants
        ON CONFLICT (tenant_id) DO UPDATE SET last_sequence = ec.last_sequence + EXCLUDED.last_sequence
        RETURNING tenant_id, last_sequence
      ),
      feed AS (
        UPDATE event_feed SET last_position = last_position + (SELECT count(*) FROM pending)
        RETURNING last_position
      )
      UPDATE event e
      SET sequence = c.last_sequence - t.c + p.n,
          position = f.last_position - p.total + p.g
      FROM pending p
      JOIN tenants t ON t.tenant_id = p.tenant_id
      JOIN counters c ON c.tenant_id = p.tenant_id
      CROSS JOIN feed f
      WHERE e.tenant_id = p.tenant_id AND e.id = p.id
      """;

  /** Retention: the oldest numbered events past their age, a batch at a time, oldest first. */
  private static final String EXPIRE = """
      WITH gone AS (
        DELETE FROM event WHERE (tenant_id, id) IN (
          SELECT tenant_id, id FROM event
          WHERE position IS NOT NULL AND position <= (SELECT last_position FROM event_feed)
            AND occurred_at < now() - $1::bigint * interval '1 second'
          ORDER BY position LIMIT $2)
        RETURNING position
      )
      UPDATE event_feed SET expired_position = greatest(expired_position, (SELECT max(position) FROM gone))
      WHERE EXISTS (SELECT 1 FROM gone)
      RETURNING (SELECT count(*) FROM gone)
      """;

  static final int BATCH = 5_000;

  private final Pool pool;

  EventSequencer(Pool pool) {
    this.pool = pool;
  }

  /**
   * Numbers one batch; the result is how many events were numbered (0 when there was nothing, or another node holds
   * the lock and is numbering them).
   */
  Future<Integer> numberBatch() {
    return pool.query(ANY_UNNUMBERED).execute().compose(any -> any.size() == 0 ? Future.succeededFuture(0)
        : pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_try_advisory_xact_lock($1)")
            .execute(Tuple.of(LOCK))
            .compose(locked -> !locked.iterator().next().getBoolean(0) ? Future.succeededFuture(0)
                : conn.preparedQuery(NUMBER).execute(Tuple.of(BATCH)).compose(numbered -> numbered.rowCount() == 0
                    ? Future.succeededFuture(0)
                    : conn.query("NOTIFY " + CHANNEL).execute().map(notified -> numbered.rowCount())))));
  }

  /** Deletes up to a batch of events older than {@code retention}; the result is how many. */
  Future<Integer> expire(Duration retention) {
    return pool.preparedQuery(EXPIRE).execute(Tuple.of(retention.toSeconds(), BATCH))
        .map(rows -> rows.size() == 0 ? 0 : rows.iterator().next().getInteger(0));
  }
}
