package dev.scimhub.tenant;

import dev.scimhub.audit.AuditLog;
import dev.scimhub.db.SqlState;
import dev.scimhub.event.EventTypes;
import dev.scimhub.event.Origin;
import dev.scimhub.event.Outbox;
import dev.scimhub.scim.ScimException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Tenants in PostgreSQL, and offboarding: removing every row a tenant has. Every change is one transaction with its
 * audit record; a tenant that does not exist fails as {@link ScimException#notFound}.
 */
public final class TenantStore {

  private static final String COLUMNS = """
      t.id, t.name, t.status, t.settings, t.created_at, t.last_activity_at,
      (SELECT count(*) FROM scim_user u WHERE u.tenant_id = t.id) AS users,
      (SELECT count(*) FROM scim_group g WHERE g.tenant_id = t.id) AS groups
      """;

  private static final String INSERT = """
      INSERT INTO tenant (id, name) VALUES ($1, $2)
      RETURNING id, name, status, settings, created_at, last_activity_at, 0::bigint AS users, 0::bigint AS groups
      """;

  private static final String FIND = "SELECT " + COLUMNS + " FROM tenant t WHERE t.id = $1";

  /** An id with an audit trail but no tenant row was offboarded; it is never handed out again. */
  private static final String HISTORY = "SELECT 1 FROM audit_event WHERE tenant_id = $1 LIMIT 1";

  private static final String PAGE = "SELECT " + COLUMNS + " FROM tenant t ORDER BY t.created_at, t.id LIMIT $1 OFFSET $2";

  private static final String COUNT = "SELECT count(*) FROM tenant";

  private static final String LOCK = "SELECT status FROM tenant WHERE id = $1 FOR UPDATE";

  private static final String UPDATE = """
      UPDATE tenant SET name = $2, status = $3, settings = $4 WHERE id = $1
      """;

  /**
   * Offboarding deletes in batches, each its own short transaction, so a tenant of millions of rows never holds
   * locks that stall other tenants. Memberships go first; then groups, users, tokens; the tenant row last.
   */
  private static final List<String> DELETE_BATCHES = List.of(
      "DELETE FROM group_member WHERE (tenant_id, group_id, member_id) IN "
          + "(SELECT tenant_id, group_id, member_id FROM group_member WHERE tenant_id = $1 LIMIT $2)",
      "DELETE FROM scim_group WHERE (tenant_id, id) IN (SELECT tenant_id, id FROM scim_group WHERE tenant_id = $1 LIMIT $2)",
      "DELETE FROM scim_user WHERE (tenant_id, id) IN (SELECT tenant_id, id FROM scim_user WHERE tenant_id = $1 LIMIT $2)",
      "DELETE FROM api_token WHERE (tenant_id, id) IN (SELECT tenant_id, id FROM api_token WHERE tenant_id = $1 LIMIT $2)",
      // The tenant's own webhook endpoints, with their deliveries and attempts; platform-wide endpoints keep theirs
      // (they are to receive this tenant's last events, tenant.deleted among them).
      "DELETE FROM webhook_attempt WHERE (tenant_id, endpoint_id, event_id, attempt) IN (SELECT a.tenant_id,"
          + " a.endpoint_id, a.event_id, a.attempt FROM webhook_attempt a JOIN webhook_endpoint w"
          + " ON w.tenant_id = a.tenant_id AND w.id = a.endpoint_id WHERE a.tenant_id = $1 LIMIT $2)",
      "DELETE FROM webhook_delivery WHERE (tenant_id, endpoint_id, event_id) IN (SELECT d.tenant_id, d.endpoint_id,"
          + " d.event_id FROM webhook_delivery d JOIN webhook_endpoint w ON w.tenant_id = d.tenant_id"
          + " AND w.id = d.endpoint_id WHERE d.tenant_id = $1 LIMIT $2)",
      "DELETE FROM webhook_endpoint WHERE (tenant_id, id) IN"
          + " (SELECT tenant_id, id FROM webhook_endpoint WHERE tenant_id = $1 LIMIT $2)",
      // Its request log and connection health.
      "DELETE FROM request_log WHERE (tenant_id, at, id) IN"
          + " (SELECT tenant_id, at, id FROM request_log WHERE tenant_id = $1 LIMIT $2)",
      "DELETE FROM connection_counts WHERE (tenant_id, token_key, bucket) IN"
          + " (SELECT tenant_id, token_key, bucket FROM connection_counts WHERE tenant_id = $1 LIMIT $2)",
      "DELETE FROM connection_health WHERE (tenant_id, token_key) IN"
          + " (SELECT tenant_id, token_key FROM connection_health WHERE tenant_id = $1 LIMIT $2)",
      // Its console: the portal links sent to its admins and their sessions, which end with it.
      "DELETE FROM console_session WHERE (tenant_id, hash) IN"
          + " (SELECT tenant_id, hash FROM console_session WHERE tenant_id = $1 LIMIT $2)",
      "DELETE FROM portal_link WHERE (tenant_id, id) IN"
          + " (SELECT tenant_id, id FROM portal_link WHERE tenant_id = $1 LIMIT $2)");

  private static final String DELETE_TENANT = "DELETE FROM tenant WHERE id = $1";
  static final int BATCH = 5_000;

  /** A new tenant and its first token (with its value, shown once). */
  public record Onboarded(Tenant tenant, JsonObject token) {}

  public record Page(long total, List<Tenant> tenants) {}

  private final Pool pool;
  private final Credentials credentials;

  public TenantStore(Pool pool, Credentials credentials) {
    this.pool = pool;
    this.credentials = credentials;
  }

  /** Creates the tenant and its first token in one transaction: there is never a tenant nobody can reach. */
  public Future<Onboarded> create(String id, String name, String tokenLabel, Origin origin) {
    return pool.withTransaction(conn -> conn.preparedQuery(HISTORY).execute(Tuple.of(id))
        .compose(history -> history.size() == 0 ? conn.preparedQuery(INSERT).execute(Tuple.of(id, name))
            : Future.failedFuture(ScimException.conflict("Tenant id '" + id + "' belonged to an offboarded tenant and "
                + "is not reused: its audit trail, and any IdP still pointed at its base URL, are that tenant's")))
        .map(rows -> tenant(rows.iterator().next()))
        .compose(tenant -> Outbox.record(conn, id, EventTypes.TENANT_CREATED, described(tenant), origin)
            .compose(v -> credentials.issueFirst(conn, id, tokenLabel, origin))
            .map(token -> new Onboarded(tenant, token)))
        .compose(onboarded -> AuditLog.record(conn, id, origin.actor(), "tenant.created", new JsonObject()
                .put("name", name).put("tokenId", onboarded.token().getString("id")))
            .map(onboarded)))
        .recover(failure -> SqlState.failUnique(failure,
            () -> ScimException.conflict("Tenant '" + id + "' already exists")));
  }

  public Future<Tenant> find(String id) {
    return pool.preparedQuery(FIND).execute(Tuple.of(id))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(notFound(id))
            : Future.succeededFuture(tenant(rows.iterator().next())));
  }

  public Future<Page> page(int startIndex, int count) {
    return pool.query(COUNT).execute().compose(total -> pool.preparedQuery(PAGE)
        .execute(Tuple.of(count, startIndex - 1L))
        .map(rows -> {
          List<Tenant> tenants = new ArrayList<>();
          rows.forEach(row -> tenants.add(tenant(row)));
          return new Page(total.iterator().next().getLong(0), tenants);
        }));
  }

  /**
   * Applies a change under the tenant's row lock and records it; status and settings ride along with cached token
   * checks, so the change is broadcast and every node sees it at once. Null arguments leave a field as it is.
   */
  public Future<Tenant> update(String id, String name, String status, TenantSettings settings, Origin origin) {
    return pool.withTransaction(conn -> conn.preparedQuery(LOCK).execute(Tuple.of(id)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(notFound(id));
      }
      String before = rows.iterator().next().getString("status");
      return find(conn, id).compose(current -> {
        String newName = name != null ? name : current.name();
        String newStatus = status != null ? status : current.status();
        JsonObject newSettings = settings != null ? settings.json() : current.settings();
        JsonObject detail = new JsonObject();
        if (name != null) {
          detail.put("name", name);
        }
        if (settings != null) {
          detail.put("settings", settings.json());
        }
        String action = status == null || status.equals(before) ? "tenant.updated"
            : "suspended".equals(status) ? "tenant.suspended" : "tenant.resumed";
        return conn.preparedQuery(UPDATE).execute(Tuple.of(id, newName, newStatus, newSettings))
            .compose(v -> AuditLog.record(conn, id, origin.actor(), action, detail))
            .compose(v -> credentials.changed(conn, id))
            .compose(v -> find(conn, id))
            // Suspension and resumption are the lifecycle events an app acts on; a rename or a setting is not.
            .compose(updated -> action.equals("tenant.updated") ? Future.succeededFuture(updated)
                : Outbox.record(conn, id, action, described(updated), origin).map(updated));
      });
    })).onComplete(done -> credentials.forget(id));
  }

  /**
   * Offboards the tenant: its tokens stop at once, then every row of it is deleted batch by batch. The audit trail
   * stays, with the deletion as its last entry.
   */
  public Future<Void> delete(String id, Origin origin) {
    return pool.withTransaction(conn -> conn.preparedQuery(LOCK).execute(Tuple.of(id))
            .compose(rows -> rows.size() == 0 ? Future.failedFuture(notFound(id))
                : credentials.revokeAll(conn, id)))
        .onSuccess(v -> credentials.forget(id))
        .compose(v -> deleteBatches(id, 0))
        .compose(v -> pool.withTransaction(conn -> conn.preparedQuery(DELETE_TENANT).execute(Tuple.of(id))
            .compose(r -> AuditLog.record(conn, id, origin.actor(), "tenant.deleted", new JsonObject()))
            .compose(r -> Outbox.record(conn, id, EventTypes.TENANT_DELETED, new JsonObject().put("id", id),
                origin))))
        .onComplete(done -> credentials.forget(id));
  }

  private Future<Void> deleteBatches(String id, int statement) {
    if (statement == DELETE_BATCHES.size()) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery(DELETE_BATCHES.get(statement)).execute(Tuple.of(id, BATCH))
        .compose(rows -> rows.rowCount() == BATCH ? deleteBatches(id, statement) : deleteBatches(id, statement + 1));
  }

  private static Future<Tenant> find(SqlConnection conn, String id) {
    return conn.preparedQuery(FIND).execute(Tuple.of(id)).map(rows -> tenant(rows.iterator().next()));
  }

  /** A tenant as its events describe it: no counts, no URL (the app knows where its tenants are). */
  private static JsonObject described(Tenant tenant) {
    JsonObject json = tenant.toJson(null);
    json.remove("scimBaseUrl");
    json.remove("users");
    json.remove("groups");
    return json;
  }

  private static ScimException notFound(String id) {
    return ScimException.notFound("Tenant '" + id + "'");
  }

  private static Tenant tenant(Row row) {
    return new Tenant(row.getString("id"), row.getString("name"), row.getString("status"),
        row.getJsonObject("settings"), row.getOffsetDateTime("created_at"), row.getOffsetDateTime("last_activity_at"),
        row.getLong("users"), row.getLong("groups"));
  }
}
