package dev.scimhub.event;

import dev.scimhub.scim.Ids;
import dev.scimhub.scim.ScimException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Webhook endpoints (per tenant, or {@value #PLATFORM} for every tenant's events), their secrets and their
 * deliveries, as the admin API manages them. A new endpoint receives the events numbered after it was created.
 */
public final class WebhookStore {

  /** The tenant_id of a platform-wide endpoint; no tenant id can be this. */
  public static final String PLATFORM = "*";
  static final int MAX_GRACE_SECONDS = 86_400;

  private static final String COLUMNS = """
      tenant_id, id, url, types, enabled, disabled_reason, previous_expires_at, created_at
      """;

  private static final String INSERT = """
      INSERT INTO webhook_endpoint (tenant_id, id, url, types, secret, fanned_position)
      VALUES ($1, $2, $3, $4, $5, (SELECT last_position FROM event_feed))
      RETURNING\s""" + COLUMNS;

  private static final String LIST = "SELECT " + COLUMNS + " FROM webhook_endpoint WHERE tenant_id = $1 ORDER BY"
      + " created_at, id";

  private static final String FIND = "SELECT " + COLUMNS + " FROM webhook_endpoint WHERE tenant_id = $1 AND id = $2";

  private static final String UPDATE = """
      UPDATE webhook_endpoint
      SET url = coalesce($3, url), types = CASE WHEN $4 THEN $5 ELSE types END,
          enabled = coalesce($6, enabled),
          disabled_reason = CASE WHEN coalesce($6, enabled) THEN NULL ELSE disabled_reason END
      WHERE tenant_id = $1 AND id = $2
      RETURNING\s""" + COLUMNS;

  private static final String ROTATE = """
      UPDATE webhook_endpoint
      SET previous_secret = CASE WHEN $4::int > 0 THEN secret END,
          previous_expires_at = CASE WHEN $4::int > 0 THEN now() + $4::int * interval '1 second' END,
          secret = $3
      WHERE tenant_id = $1 AND id = $2
      RETURNING\s""" + COLUMNS;

  private static final List<String> DELETE = List.of(
      "DELETE FROM webhook_attempt WHERE endpoint_id = $2 AND (tenant_id = $1 OR $1 = '*')",
      "DELETE FROM webhook_delivery WHERE endpoint_id = $2 AND (tenant_id = $1 OR $1 = '*')",
      "DELETE FROM webhook_endpoint WHERE tenant_id = $1 AND id = $2");

  private static final String DELIVERIES = """
      SELECT d.tenant_id, d.event_id, d.position, d.status, d.attempts, d.next_attempt_at, d.last_attempt_at,
             d.last_status, d.last_error, e.type,
             (SELECT coalesce(json_agg(json_build_object('attempt', a.attempt, 'at', a.at, 'status', a.status,
                       'durationMs', a.duration_ms, 'response', a.response, 'error', a.error) ORDER BY a.attempt),
                     '[]')::text
              FROM webhook_attempt a
              WHERE a.tenant_id = d.tenant_id AND a.endpoint_id = d.endpoint_id AND a.event_id = d.event_id)
               AS attempt_list
      FROM webhook_delivery d LEFT JOIN event e ON e.tenant_id = d.tenant_id AND e.id = d.event_id
      WHERE d.endpoint_id = $1 AND ($2::text IS NULL OR d.status = $2) AND d.position < $3
      ORDER BY d.position DESC LIMIT $4
      """;

  /** Sends again: the named events, or those attempted in a time range; only the undelivered ones if asked. */
  private static final String REPLAY = """
      UPDATE webhook_delivery
      SET status = 'pending', attempts = 0, next_attempt_at = now(), leased_until = NULL
      WHERE endpoint_id = $1
        AND ($2::uuid[] IS NULL OR event_id = ANY($2))
        AND ($3::timestamptz IS NULL OR last_attempt_at >= $3)
        AND ($4::timestamptz IS NULL OR last_attempt_at < $4)
        AND (NOT $5 OR status <> 'delivered')
      """;

  private final Pool pool;
  private final WebhookSecrets secrets;
  private final WebhookTargets targets;

  WebhookStore(Pool pool, WebhookSecrets secrets, WebhookTargets targets) {
    this.pool = pool;
    this.secrets = secrets;
    this.targets = targets;
  }

  /** A new endpoint; its JSON holds the secret, shown this once. */
  Future<JsonObject> create(String scope, JsonObject body) {
    List<String> types = types(body.getValue("types"));
    String secret = WebhookSecrets.generate();
    return targets.check(body.getString("url"))
        .compose(url -> pool.preparedQuery(INSERT).execute(Tuple.of(scope, UUID.randomUUID(), url.toString(),
            types == null ? null : types.toArray(new String[0]), Buffer.buffer(secrets.encrypt(secret)))))
        .map(rows -> json(rows.iterator().next()).put("secret", secret));
  }

  Future<JsonArray> list(String scope) {
    return pool.preparedQuery(LIST).execute(Tuple.of(scope)).map(rows -> {
      JsonArray list = new JsonArray();
      rows.forEach(row -> list.add(json(row)));
      return list;
    });
  }

  Future<JsonObject> find(String scope, String id) {
    return pool.preparedQuery(FIND).execute(Tuple.of(scope, uuid(id))).map(rows -> one(rows.iterator(), id));
  }

  /** {@code url}, {@code types} ({@code null}: every type), {@code enabled} (re-enabling clears the reason). */
  Future<JsonObject> update(String scope, String id, JsonObject body) {
    UUID uuid = uuid(id);
    Object enabled = body.getValue("enabled");
    if (enabled != null && !(enabled instanceof Boolean)) {
      return Future.failedFuture(ScimException.invalidValue("'enabled' must be true or false"));
    }
    boolean typesGiven = body.containsKey("types");
    List<String> types = typesGiven ? types(body.getValue("types")) : null;
    Future<String> url = body.getValue("url") == null ? Future.succeededFuture(null)
        : targets.check(body.getValue("url") instanceof String s ? s : null).map(Object::toString);
    return url.compose(checked -> pool.preparedQuery(UPDATE).execute(Tuple.of(scope, uuid, checked, typesGiven,
            types == null ? null : types.toArray(new String[0]), enabled)))
        .map(rows -> one(rows.iterator(), id));
  }

  /** A new secret (shown once); the old one keeps signing beside it for {@code graceSeconds}. */
  Future<JsonObject> rotate(String scope, String id, int graceSeconds) {
    if (graceSeconds < 0 || graceSeconds > MAX_GRACE_SECONDS) {
      return Future.failedFuture(ScimException.invalidValue("'graceSeconds' must be from 0 to " + MAX_GRACE_SECONDS));
    }
    String secret = WebhookSecrets.generate();
    return pool.preparedQuery(ROTATE).execute(Tuple.of(scope, uuid(id), Buffer.buffer(secrets.encrypt(secret)),
            graceSeconds))
        .map(rows -> one(rows.iterator(), id).put("secret", secret));
  }

  Future<Void> delete(String scope, String id) {
    UUID uuid = uuid(id);
    return pool.withTransaction(conn -> conn.preparedQuery(DELETE.get(0)).execute(Tuple.of(scope, uuid))
        .compose(v -> conn.preparedQuery(DELETE.get(1)).execute(Tuple.of(scope, uuid)))
        .compose(v -> conn.preparedQuery(DELETE.get(2)).execute(Tuple.of(scope, uuid)))
        .compose(rows -> rows.rowCount() == 0 ? Future.failedFuture(notFound(id)) : Future.succeededFuture()));
  }

  /** Newest first: each delivery with its attempts; {@code before} is the position to page on from. */
  Future<JsonObject> deliveries(String scope, String id, String status, long before, int limit) {
    UUID uuid = uuid(id);
    if (status != null && !List.of("pending", "delivered", "dead").contains(status)) {
      return Future.failedFuture(ScimException.invalidValue("'status' must be pending, delivered or dead"));
    }
    return find(scope, id).compose(endpoint -> pool.preparedQuery(DELIVERIES)
        .execute(Tuple.of(uuid, status, before, limit))
        .map(rows -> {
          JsonArray list = new JsonArray();
          long last = -1;
          for (Row row : rows) {
            last = row.getLong("position");
            list.add(new JsonObject()
                .put("eventId", row.getUUID("event_id").toString())
                .put("tenant", row.getString("tenant_id"))
                .put("type", row.getString("type"))
                .put("status", row.getString("status"))
                .put("attempts", row.getInteger("attempts"))
                .put("nextAttemptAt", "pending".equals(row.getString("status"))
                    ? instant(row.getOffsetDateTime("next_attempt_at")) : null)
                .put("lastAttemptAt", instant(row.getOffsetDateTime("last_attempt_at")))
                .put("lastStatus", row.getInteger("last_status"))
                .put("lastError", row.getString("last_error"))
                .put("attemptList", new JsonArray(row.getString("attempt_list"))));
          }
          return new JsonObject().put("deliveries", list)
              .put("nextBefore", list.size() == limit && last > 0 ? last : null);
        }));
  }

  /**
   * Sends deliveries again from the start of their schedule: {@code eventIds}, or those last attempted between
   * {@code from} and {@code to}; {@code failedOnly} leaves delivered ones alone. The count of deliveries queued.
   */
  Future<Integer> replay(String scope, String id, JsonObject body) {
    UUID uuid = uuid(id);
    Object ids = body.getValue("eventIds");
    UUID[] eventIds = null;
    if (ids != null) {
      if (!(ids instanceof JsonArray array) || array.isEmpty() || array.size() > 10_000) {
        return Future.failedFuture(ScimException.invalidValue("'eventIds' must be a list of 1 to 10,000 event ids"));
      }
      eventIds = new UUID[array.size()];
      for (int i = 0; i < array.size(); i++) {
        eventIds[i] = array.getValue(i) instanceof String s ? Ids.parse(s) : null;
        if (eventIds[i] == null) {
          return Future.failedFuture(ScimException.invalidValue("'eventIds' holds something that is not an id"));
        }
      }
    }
    OffsetDateTime from = time(body, "from");
    OffsetDateTime to = time(body, "to");
    if (eventIds == null && from == null && to == null) {
      return Future.failedFuture(ScimException.invalidValue("Name 'eventIds', or a time range with 'from' and 'to'"));
    }
    Object failedOnly = body.getValue("failedOnly", false);
    if (!(failedOnly instanceof Boolean)) {
      return Future.failedFuture(ScimException.invalidValue("'failedOnly' must be true or false"));
    }
    UUID[] events = eventIds;
    return find(scope, id).compose(endpoint -> pool.preparedQuery(REPLAY)
        .execute(Tuple.of(uuid, events, from, to, failedOnly))
        .map(rows -> rows.rowCount()));
  }

  private static OffsetDateTime time(JsonObject body, String name) {
    Object value = body.getValue(name);
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value.toString());
    } catch (RuntimeException e) {
      throw ScimException.invalidValue("'" + name + "' must be a date and time such as 2026-12-01T00:00:00Z");
    }
  }

  /** The types of an endpoint: a list of event types and families ({@code user.*}), or null for every type. */
  private static List<String> types(Object value) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonArray array) || array.isEmpty()) {
      throw ScimException.invalidValue("'types' must be a non-empty list of event types (or absent for all)");
    }
    List<String> types = new ArrayList<>();
    for (Object type : array) {
      String name = type instanceof String s ? s : "";
      EventTypes.parse(name); // refuses what is no type and no family
      types.add(name);
    }
    return types;
  }

  private static UUID uuid(String id) {
    UUID uuid = Ids.parse(id);
    if (uuid == null) {
      throw notFound(id);
    }
    return uuid;
  }

  private static JsonObject one(java.util.Iterator<Row> rows, String id) {
    if (!rows.hasNext()) {
      throw notFound(id);
    }
    return json(rows.next());
  }

  static JsonObject json(Row row) {
    String[] types = row.getArrayOfStrings("types");
    String scope = row.getString("tenant_id");
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("tenant", PLATFORM.equals(scope) ? null : scope)
        .put("url", row.getString("url"))
        .put("types", types == null ? null : new JsonArray(List.of((Object[]) types)))
        .put("enabled", row.getBoolean("enabled"))
        .put("disabledReason", row.getString("disabled_reason"))
        .put("previousSecretExpiresAt", instant(row.getOffsetDateTime("previous_expires_at")))
        .put("createdAt", instant(row.getOffsetDateTime("created_at")));
  }

  private static String instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant().toString();
  }

  private static ScimException notFound(String id) {
    return ScimException.notFound("Webhook endpoint '" + id + "'");
  }
}
