package dev.scimhub.db;

import io.vertx.core.Future;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A listing's two statements — one page, and the count of all matches — and the one way every store runs them: the
 * count needs its own query only when the page does not already tell it, and {@code count=0} reads no rows.
 *
 * @param keyed whether the filter is one equality on a key its index answers at once
 */
public record ListQuery(String pageSql, Tuple pageParams, String countSql, Tuple countParams, boolean keyed) {

  /**
   * One page of a listing and the number of all matches.
   *
   * @param nextCursor where a cursor-paged listing (RFC 9865) continues; null for the last page and for index paging
   */
  public record Page<T>(long total, List<T> items, String nextCursor) {

    public Page(long total, List<T> items) {
      this(total, items, null);
    }
  }

  /**
   * Runs a listing that continues from a known row ({@code fromStart} false) or starts at the first, reading up to
   * {@code rows}. When such a page is empty and {@code anchorSql} (which selects the known row) is given, it fails with
   * {@code gone} if that row no longer exists: an empty page would then say "the end" where the place was lost.
   */
  public <T> Future<Page<T>> runContinued(Pool pool, Future<?> abandoned, boolean fromStart, int rows,
      Function<Row, T> item, String anchorSql, Tuple anchorParams, Supplier<RuntimeException> gone) {
    return run(pool, abandoned, fromStart ? 1 : 2, rows, item).compose(page -> {
      if (anchorSql == null || !page.items().isEmpty()) {
        return Future.succeededFuture(page);
      }
      return pool.preparedQuery(anchorSql).execute(anchorParams)
          .compose(found -> found.size() > 0 ? Future.succeededFuture(page) : Future.failedFuture(gone.get()));
    });
  }

  /**
   * Runs the listing on a connection of its own, and cancels its statement in PostgreSQL when {@code abandoned}
   * completes first (the client went away): a listing is the one statement a client can make expensive, and nobody
   * waits for its answer any more. The statement timeout still bounds it when nobody abandons it. A {@code keyed}
   * listing (one equality on a key its index answers at once) has nothing to cancel and runs on the pool directly.
   */
  public <T> Future<Page<T>> run(Pool pool, Future<?> abandoned, int startIndex, int count, Function<Row, T> item) {
    if (keyed) {
      return run(pool, startIndex, count, item);
    }
    return pool.withConnection(conn -> {
      Cancellation cancellation = new Cancellation(conn);
      abandoned.onSuccess(gone -> cancellation.cancel());
      return run(conn, startIndex, count, item).eventually(cancellation::settle);
    });
  }

  /** Runs the listing for the page at {@code startIndex} (1-based) of {@code count} items. */
  public <T> Future<Page<T>> run(SqlClient client, int startIndex, int count, Function<Row, T> item) {
    if (count == 0) {
      return client.preparedQuery(countSql).execute(countParams).map(rows -> new Page<>(total(rows), List.of()));
    }
    return client.preparedQuery(pageSql).execute(pageParams).compose(rows -> {
      List<T> items = new ArrayList<>(rows.size());
      rows.forEach(row -> items.add(item.apply(row)));
      if (startIndex == 1 && items.size() < count) {
        return Future.succeededFuture(new Page<>(items.size(), items));
      }
      return client.preparedQuery(countSql).execute(countParams).map(counted -> new Page<>(total(counted), items));
    });
  }

  private static long total(RowSet<Row> rows) {
    return rows.iterator().next().getLong(0);
  }

  /**
   * A cancel request for one connection's statements, sent at most once and only while they run. The connection goes
   * back to the pool only after a cancel request it sent has been delivered, so that it cannot land on the next
   * borrower's statement (PostgreSQL drops one that finds its backend idle).
   */
  private static final class Cancellation {
    private final SqlConnection conn;
    private boolean settled;
    private Future<Void> sent;

    Cancellation(SqlConnection conn) {
      this.conn = conn;
    }

    synchronized void cancel() {
      if (!settled && sent == null) {
        sent = PgConnection.cast(conn).cancelRequest().recover(failure -> Future.succeededFuture());
      }
    }

    synchronized Future<Void> settle() {
      settled = true;
      return sent == null ? Future.succeededFuture() : sent;
    }
  }
}
