package dev.scimhub.event;

import dev.scimhub.scim.ScimException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The events as the vendor's app reads them: numbered events after a cursor, in position order, across tenants or
 * for one, optionally of some types; and, when there is nothing yet, a wait until the sequencer announces more (a
 * notification wakes every waiting reader of this node; none polls).
 */
public final class EventFeed {

  static final int MAX_LIMIT = 500;
  static final int MAX_WAIT_SECONDS = 30;

  private static final String PAGE = """
      SELECT tenant_id, id, type, sequence, position, occurred_at, data::text AS data, context::text AS context
      FROM event
      WHERE position > $1 AND ($2::text[] IS NULL OR type = ANY($2) OR type LIKE ANY($3))
      ORDER BY position LIMIT $4
      """;

  /** With a tenant, the index that starts with tenant_id answers it. */
  private static final String TENANT_PAGE = """
      SELECT tenant_id, id, type, sequence, position, occurred_at, data::text AS data, context::text AS context
      FROM event
      WHERE tenant_id = $2 AND position > $1
        AND ($3::text[] IS NULL OR type = ANY($3) OR type LIKE ANY($4))
      ORDER BY position LIMIT $5
      """;

  private static final String EXPIRED = "SELECT expired_position, last_position FROM event_feed";

  /** One page: the envelopes (JSON text each), the cursor to read on from, and whether more were there. */
  public record Page(List<String> events, String nextCursor, boolean hasMore) {}

  private final Vertx vertx;
  private final Pool pool;
  private final Set<Promise<Void>> waiting = ConcurrentHashMap.newKeySet();

  public EventFeed(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  /**
   * Events after {@code cursor} (null: from the oldest kept), of {@code tenant} (null: all) and {@code types}; waits
   * up to {@code waitSeconds} for the first when there is none yet. An expired cursor (its events were removed by
   * retention) is 410.
   */
  public Future<Page> read(String cursor, String tenant, EventTypes types, int limit, int waitSeconds) {
    long after = EventCursor.parse(cursor);
    long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
    return pool.query(EXPIRED).execute().compose(feed -> {
      Row row = feed.iterator().next();
      if (cursor != null && after < row.getLong("expired_position")) {
        return Future.failedFuture(ScimException.of(410, "Cursor '" + cursor + "' is older than the retained events"
            + " (retention removed them); rebuild from the state API, then read on from the cursor it returns"));
      }
      return readUntil(after, tenant, types, limit, deadline);
    });
  }

  private Future<Page> readUntil(long after, String tenant, EventTypes types, int limit, long deadline) {
    return page(after, tenant, types, limit).compose(page -> {
      long left = deadline - System.nanoTime();
      if (!page.events().isEmpty() || left < 1_000_000) {
        return Future.succeededFuture(page);
      }
      return announced(left / 1_000_000).compose(woken -> readUntil(after, tenant, types, limit, deadline));
    });
  }

  private Future<Page> page(long after, String tenant, EventTypes types, int limit) {
    Tuple params = tenant == null ? Tuple.of(after, types.exact(), types.prefixes(), limit + 1)
        : Tuple.of(after, tenant, types.exact(), types.prefixes(), limit + 1);
    return pool.preparedQuery(tenant == null ? PAGE : TENANT_PAGE).execute(params)
        .map(rows -> page(rows, after, limit));
  }

  private static Page page(RowSet<Row> rows, long after, int limit) {
    List<String> events = new ArrayList<>(Math.min(rows.size(), limit));
    long last = after;
    for (Row row : rows) {
      if (events.size() == limit) {
        break;
      }
      events.add(Envelope.json(row));
      last = row.getLong("position");
    }
    return new Page(events, EventCursor.of(last), rows.size() > limit);
  }

  /** Completes when the sequencer announces new events, or after {@code millis}. */
  private Future<Void> announced(long millis) {
    Promise<Void> woken = Promise.promise();
    waiting.add(woken);
    long timer = vertx.setTimer(Math.max(1, millis), id -> woken.tryComplete());
    return woken.future().onComplete(done -> {
      waiting.remove(woken);
      vertx.cancelTimer(timer);
    });
  }

  /** New events were numbered (on any node): every waiting reader reads again. */
  void wake() {
    for (Promise<Void> woken : waiting) {
      woken.tryComplete();
    }
  }

  /** Readers waiting now (for metrics and tests). */
  public int waiting() {
    return waiting.size();
  }
}
