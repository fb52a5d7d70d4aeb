package dev.scimhub.activity;

import dev.scimhub.scim.Ids;
import dev.scimhub.scim.ScimException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads a tenant's request log (newest first, filtered, with a cursor) and its connection health. */
final class RequestLogStore {

  static final int MAX_LIMIT = 200;

  private static final String SUMMARY = """
      SELECT id, at, request_id, method, route, path, query, status, scim_type, detail, duration_ms, token_id,
        token_label, auth_failure, client_address, user_agent, identity_provider, resource_type, resource_id,
        user_name, display_name, external_id, quirks, outcome, event_count""";

  /** By its id, which names its millisecond: found through the key, in the one partition of that day. */
  private static final String ONE = SUMMARY + """
      , request_body, response_body, event_ids FROM request_log
      WHERE tenant_id = $1 AND at >= $3 AND at <= $3 + interval '1 millisecond' AND id = $2
      """;
  /** A record written before ids named their time: the tenant's records are searched for it. */
  private static final String ONE_RANDOM_ID = SUMMARY + """
      , request_body, response_body, event_ids FROM request_log WHERE tenant_id = $1 AND id = $2
      """;

  private static final String HEALTH = """
      SELECT * FROM connection_health WHERE tenant_id = $1 ORDER BY last_seen DESC
      """;

  private static final String COUNTS = """
      SELECT token_key,
        coalesce(sum(c2xx) FILTER (WHERE bucket >= now() - interval '1 hour'), 0) AS h2,
        coalesce(sum(c3xx) FILTER (WHERE bucket >= now() - interval '1 hour'), 0) AS h3,
        coalesce(sum(c4xx) FILTER (WHERE bucket >= now() - interval '1 hour'), 0) AS h4,
        coalesce(sum(c5xx) FILTER (WHERE bucket >= now() - interval '1 hour'), 0) AS h5,
        sum(c2xx) AS d2, sum(c3xx) AS d3, sum(c4xx) AS d4, sum(c5xx) AS d5
      FROM connection_counts WHERE tenant_id = $1 AND bucket >= now() - interval '24 hours'
      GROUP BY token_key
      """;

  private final Pool pool;

  RequestLogStore(Pool pool) {
    this.pool = pool;
  }

  /** What a search may ask for; null members do not narrow it. */
  record Search(OffsetDateTime from, OffsetDateTime to, Integer status, Integer statusClass, String method,
      String resourceId, String userName, String requestId, String outcome, String identityProvider,
      String tokenId, int limit, String cursor) {}

  Future<JsonObject> search(String tenant, Search search) {
    List<String> where = new ArrayList<>(List.of("tenant_id = $1"));
    Tuple params = Tuple.of(tenant);
    if (search.from() != null) {
      params.addOffsetDateTime(search.from());
      where.add("at >= $" + params.size());
    }
    if (search.to() != null) {
      params.addOffsetDateTime(search.to());
      where.add("at < $" + params.size());
    }
    if (search.status() != null) {
      params.addInteger(search.status());
      where.add("status = $" + params.size());
    }
    if (search.statusClass() != null) {
      params.addInteger(search.statusClass() * 100);
      where.add("status >= $" + params.size() + " AND status < $" + params.size() + " + 100");
    }
    addEquals(where, params, "method", search.method());
    addEquals(where, params, "resource_id", search.resourceId());
    addEquals(where, params, "request_id", search.requestId());
    addEquals(where, params, "outcome", search.outcome());
    addEquals(where, params, "identity_provider", search.identityProvider());
    if (search.tokenId() != null) {
      params.addUUID(parseUuid(search.tokenId(), "tokenId"));
      where.add("token_id = $" + params.size());
    }
    if (search.userName() != null) {
      params.addString(search.userName());
      where.add("lower(user_name) = lower($" + params.size() + ")");
    }
    if (search.cursor() != null) {
      Cursor c = Cursor.parse(search.cursor());
      params.addOffsetDateTime(c.at()).addUUID(c.id());
      where.add("(at, id) < ($" + (params.size() - 1) + ", $" + params.size() + ")");
    }
    params.addInteger(search.limit() + 1);
    String sql = SUMMARY + " FROM request_log WHERE " + String.join(" AND ", where)
        + " ORDER BY at DESC, id DESC LIMIT $" + params.size();
    return pool.preparedQuery(sql).execute(params).map(rows -> {
      JsonArray data = new JsonArray();
      Row last = null;
      int n = 0;
      for (Row row : rows) {
        if (n++ == search.limit()) {
          break;
        }
        data.add(summary(row));
        last = row;
      }
      boolean more = rows.size() > search.limit();
      return new JsonObject().put("data", data).put("hasMore", more)
          .put("nextCursor", more && last != null ? new Cursor(last.getOffsetDateTime("at"), last.getUUID("id"))
              .text() : null);
    });
  }

  /** One request in full (its redacted bodies and event ids too); null when the tenant has no such request. */
  Future<JsonObject> one(String tenant, String id) {
    UUID uuid = Ids.parse(id);
    if (uuid == null) {
      return Future.succeededFuture(null);
    }
    OffsetDateTime at = RecordIds.time(uuid);
    Future<io.vertx.sqlclient.RowSet<Row>> found = at == null
        ? pool.preparedQuery(ONE_RANDOM_ID).execute(Tuple.of(tenant, uuid))
        : pool.preparedQuery(ONE).execute(Tuple.of(tenant, uuid, at));
    return found.map(rows -> {
      if (rows.size() == 0) {
        return null;
      }
      Row row = rows.iterator().next();
      JsonObject json = summary(row).put("requestBody", row.getString("request_body"))
          .put("responseBody", row.getString("response_body"));
      UUID[] events = row.getArrayOfUUIDs("event_ids");
      JsonArray ids = new JsonArray();
      if (events != null) {
        for (UUID e : events) {
          ids.add(e.toString());
        }
      }
      return json.put("eventIds", ids);
    });
  }

  /** The tenant's connections with their counters and hints, and the same summed for the tenant. */
  Future<JsonObject> health(String tenant) {
    return pool.preparedQuery(HEALTH).execute(Tuple.of(tenant)).compose(health ->
        pool.preparedQuery(COUNTS).execute(Tuple.of(tenant)).map(counts -> {
          Map<String, Row> byKey = new HashMap<>();
          counts.forEach(row -> byKey.put(row.getString("token_key"), row));
          JsonArray connections = new JsonArray();
          long[] hour = new long[4];
          long[] day = new long[4];
          JsonObject tenantLast = null;
          for (Row row : health) {
            Row c = byKey.get(row.getString("token_key"));
            JsonObject connection = connection(row, c, hour, day);
            connections.add(connection);
            if (tenantLast == null && connection.getString("tokenId") != null) {
              tenantLast = connection;
            }
          }
          JsonObject summary = new JsonObject()
              .put("lastHour", classes(hour)).put("lastDay", classes(day));
          summary.put("firstSeen", min(connections, "firstSeen")).put("lastSeen", max(connections, "lastSeen"))
              .put("lastSuccess", max(connections, "lastSuccess"));
          JsonObject lastError = null;
          for (int i = 0; i < connections.size(); i++) {
            JsonObject e = connections.getJsonObject(i).getJsonObject("lastError");
            if (e != null && (lastError == null || e.getString("at").compareTo(lastError.getString("at")) > 0)) {
              lastError = e;
            }
          }
          summary.put("lastError", lastError)
              .put("identityProvider", tenantLast == null ? null : tenantLast.getString("identityProvider"));
          return new JsonObject().put("tenant", tenant).put("summary", summary).put("connections", connections);
        }));
  }

  private static JsonObject connection(Row row, Row counts, long[] hour, long[] day) {
    String key = row.getString("token_key");
    long[] h = new long[4];
    long[] d = new long[4];
    if (counts != null) {
      for (int i = 0; i < 4; i++) {
        h[i] = counts.getLong("h" + (i + 2));
        d[i] = counts.getLong("d" + (i + 2));
        hour[i] += h[i];
        day[i] += d[i];
      }
    }
    JsonObject json = new JsonObject()
        .put("tokenId", key.isEmpty() ? null : key)
        .put("label", key.isEmpty() ? "(requests no token admitted)" : row.getString("token_label"))
        .put("firstSeen", text(row.getOffsetDateTime("first_seen")))
        .put("lastSeen", text(row.getOffsetDateTime("last_seen")))
        .put("lastSuccess", text(row.getOffsetDateTime("last_success")))
        .put("identityProvider", row.getString("identity_provider"))
        .put("userAgent", row.getString("user_agent"))
        .put("lastHour", classes(h))
        .put("lastDay", classes(d));
    String[] quirks = row.getArrayOfStrings("quirks");
    json.put("quirks", quirks == null ? new JsonArray() : new JsonArray(List.of((Object[]) quirks)));
    if (row.getOffsetDateTime("last_error_at") != null) {
      json.put("lastError", new JsonObject()
          .put("at", text(row.getOffsetDateTime("last_error_at")))
          .put("status", row.getInteger("last_error_status"))
          .put("detail", row.getString("last_error_detail"))
          .put("authFailure", row.getString("last_auth_failure"))
          .put("path", row.getString("last_error_path")));
    }
    return json.put("hints", ConnectionHints.of(json));
  }

  private static JsonObject classes(long[] c) {
    return new JsonObject().put("2xx", c[0]).put("3xx", c[1]).put("4xx", c[2]).put("5xx", c[3]);
  }

  private static String min(JsonArray connections, String field) {
    return extreme(connections, field, -1);
  }

  private static String max(JsonArray connections, String field) {
    return extreme(connections, field, 1);
  }

  /** The least ({@code sign} -1) or greatest (1) of a text field (ISO times sort as text), or null for none. */
  private static String extreme(JsonArray connections, String field, int sign) {
    String best = null;
    for (int i = 0; i < connections.size(); i++) {
      String v = connections.getJsonObject(i).getString(field);
      if (v != null && (best == null || Integer.signum(v.compareTo(best)) == sign)) {
        best = v;
      }
    }
    return best;
  }

  private static JsonObject summary(Row row) {
    String[] quirks = row.getArrayOfStrings("quirks");
    JsonObject json = new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("at", text(row.getOffsetDateTime("at")))
        .put("requestId", row.getString("request_id"))
        .put("method", row.getString("method"))
        .put("route", row.getString("route"))
        .put("path", row.getString("path"))
        .put("query", row.getString("query"))
        .put("status", row.getInteger("status"))
        .put("scimType", row.getString("scim_type"))
        .put("detail", row.getString("detail"))
        .put("durationMs", row.getDouble("duration_ms"))
        .put("connection", row.getUUID("token_id") == null ? null : new JsonObject()
            .put("tokenId", row.getUUID("token_id").toString()).put("label", row.getString("token_label")))
        .put("authFailure", row.getString("auth_failure"))
        .put("clientAddress", row.getString("client_address"))
        .put("userAgent", row.getString("user_agent"))
        .put("identityProvider", row.getString("identity_provider"))
        .put("resourceType", row.getString("resource_type"))
        .put("resourceId", row.getString("resource_id"))
        .put("userName", row.getString("user_name"))
        .put("displayName", row.getString("display_name"))
        .put("externalId", row.getString("external_id"))
        .put("quirks", quirks == null ? new JsonArray() : new JsonArray(List.of((Object[]) quirks)))
        .put("outcome", row.getString("outcome"))
        .put("eventCount", row.getInteger("event_count"));
    return json;
  }

  private static void addEquals(List<String> where, Tuple params, String column, String value) {
    if (value != null) {
      params.addString(value);
      where.add(column + " = $" + params.size());
    }
  }

  private static UUID parseUuid(String text, String name) {
    UUID id = Ids.parse(text);
    if (id == null) {
      throw ScimException.invalidValue("'" + name + "' must be a UUID");
    }
    return id;
  }

  private static String text(OffsetDateTime time) {
    return time == null ? null : time.toInstant().toString();
  }

  /** Newest first: the last row's time and id, opaque to the client. */
  record Cursor(OffsetDateTime at, UUID id) {

    String text() {
      return "r1_" + Base64.getUrlEncoder().withoutPadding()
          .encodeToString((at.toInstant() + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    static Cursor parse(String text) {
      try {
        if (!text.startsWith("r1_")) {
          throw new IllegalArgumentException();
        }
        String[] parts = new String(Base64.getUrlDecoder().decode(text.substring(3)), StandardCharsets.UTF_8)
            .split("\\|", 2);
        return new Cursor(OffsetDateTime.parse(parts[0]), UUID.fromString(parts[1]));
      } catch (IllegalArgumentException | DateTimeParseException | ArrayIndexOutOfBoundsException e) {
        throw ScimException.invalidValue("'cursor' is not a cursor this API gave out");
      }
    }
  }
}
