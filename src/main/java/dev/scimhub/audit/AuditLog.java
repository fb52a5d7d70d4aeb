package dev.scimhub.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * The record of every admin and self-service action on a tenant and its tokens: who (the JWT's {@code sub}), what,
 * when. Written in the same transaction as the action it records.
 */
public final class AuditLog {

  private static final String RECORD = """
      INSERT INTO audit_event (tenant_id, actor, action, detail) VALUES ($1, $2, $3, $4)
      """;

  private static final String PAGE = """
      SELECT at, actor, action, detail FROM audit_event WHERE tenant_id = $1
      ORDER BY id DESC LIMIT $2 OFFSET $3
      """;

  private static final String COUNT = "SELECT count(*) FROM audit_event WHERE tenant_id = $1";

  private final Pool pool;

  public AuditLog(Pool pool) {
    this.pool = pool;
  }

  /** Records an action inside the transaction that performs it. */
  public static Future<Void> record(SqlClient client, String tenant, String actor, String action, JsonObject detail) {
    return client.preparedQuery(RECORD).execute(Tuple.of(tenant, actor, action, detail)).mapEmpty();
  }

  /** Newest first: {@code {totalResults, startIndex, itemsPerPage, events: [{at, actor, action, detail}]}}. */
  public Future<JsonObject> page(String tenant, int startIndex, int count) {
    return pool.preparedQuery(COUNT).execute(Tuple.of(tenant)).compose(total -> pool.preparedQuery(PAGE)
        .execute(Tuple.of(tenant, count, startIndex - 1L))
        .map(rows -> {
          JsonArray events = new JsonArray();
          for (Row row : rows) {
            events.add(new JsonObject()
                .put("at", row.getOffsetDateTime("at").toInstant().toString())
                .put("actor", row.getString("actor"))
                .put("action", row.getString("action"))
                .put("detail", row.getJsonObject("detail")));
          }
          return new JsonObject()
              .put("totalResults", total.iterator().next().getLong(0))
              .put("startIndex", startIndex)
              .put("itemsPerPage", events.size())
              .put("events", events);
        }));
  }
}
