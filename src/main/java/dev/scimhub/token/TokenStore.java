package dev.scimhub.token;

import dev.scimhub.audit.AuditLog;
import dev.scimhub.event.EventTypes;
import dev.scimhub.event.Origin;
import dev.scimhub.event.Outbox;
import dev.scimhub.scim.ScimException;
import dev.scimhub.tenant.Credentials;
import dev.scimhub.scim.schema.TenantTypes;
import dev.scimhub.tenant.CustomTypes;
import dev.scimhub.tenant.TenantSchemas;
import dev.scimhub.tenant.TenantSettings;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * API tokens in PostgreSQL: a tenant's named connections, each with one live value (and, for a while after a reset
 * with grace, the previous one). Values are stored only as SHA-256 hashes. Every change is one transaction with its
 * audit record, and notifies the other nodes (channel {@value #CHANNEL}) so their caches drop the tenant's tokens at
 * once; this node's cache drops them before the change is answered. A connection or tenant that does not exist fails
 * as {@link ScimException#notFound}.
 */
public final class TokenStore implements Credentials {

  public static final String CHANNEL = "scimhub_tokens";
  /** The longest grace period a reset may give the old value. */
  public static final int MAX_GRACE_SECONDS = 24 * 60 * 60;

  private static final String TENANT_EXISTS = "SELECT 1 FROM tenant WHERE id = $1";

  private static final String INSERT = """
      INSERT INTO api_token (tenant_id, id, label, hash, prefix)
      VALUES ($1, $2, $3, $4, $5)
      RETURNING created_at
      """;

  private static final String LIST = """
      SELECT id, label, prefix, created_at, last_used_at,
             CASE WHEN previous_expires_at > now() THEN previous_expires_at END AS previous_expires_at
      FROM api_token WHERE tenant_id = $1 AND revoked_at IS NULL
      ORDER BY created_at, id
      """;

  private static final String RESET = """
      UPDATE api_token
      SET previous_hash = CASE WHEN $4 > 0 THEN hash END,
          previous_expires_at = CASE WHEN $4 > 0 THEN now() + make_interval(secs => $4) END,
          hash = $3, prefix = $5
      WHERE tenant_id = $1 AND id = $2 AND revoked_at IS NULL
      RETURNING label, created_at, last_used_at, previous_expires_at
      """;

  private static final String REVOKE = """
      UPDATE api_token SET revoked_at = now(), previous_hash = NULL, previous_expires_at = NULL
      WHERE tenant_id = $1 AND id = $2 AND revoked_at IS NULL
      """;

  private static final String REVOKE_ALL = """
      UPDATE api_token SET revoked_at = now(), previous_hash = NULL, previous_expires_at = NULL
      WHERE tenant_id = $1 AND revoked_at IS NULL
      """;

  // tenant_id leads the WHERE like everywhere else; the unique hash indexes find the row.
  private static final String AUTHENTICATE = "SELECT k.id, k.label, k.hash, k.previous_hash, k.previous_expires_at,"
      + " t.status, t.settings, " + TenantSchemas.DOCUMENTS
      + " FROM api_token k JOIN tenant t ON t.id = k.tenant_id"
      + " WHERE k.tenant_id = $1 AND k.revoked_at IS NULL"
      + " AND (k.hash = $2 OR (k.previous_hash = $2 AND k.previous_expires_at > now()))";

  /**
   * Why a token did not admit its request, for the request log only (the caller gets the same 401 either way). By the
   * token's hash, across tenants, on purpose: "the token belongs to another tenant" is the commonest setup mistake,
   * and the hash indexes are unique.
   */
  private static final String DIAGNOSE = """
      SELECT tenant_id = $1 AS own, revoked_at IS NOT NULL AS revoked, hash <> $2 AS previous
      FROM api_token WHERE hash = $2 OR previous_hash = $2
      LIMIT 1
      """;

  private static final String NOTIFY = "SELECT pg_notify('" + CHANNEL + "', $1)";

  private static final String TOUCH_TOKENS = """
      UPDATE api_token k SET last_used_at = greatest(k.last_used_at, u.at)
      FROM unnest($1::text[], $2::uuid[], $3::timestamptz[]) AS u(tenant_id, id, at)
      WHERE k.tenant_id = u.tenant_id AND k.id = u.id
      """;

  private static final String TOUCH_TENANTS = """
      UPDATE tenant t SET last_activity_at = greatest(t.last_activity_at, u.at)
      FROM unnest($1::text[], $2::timestamptz[]) AS u(id, at)
      WHERE t.id = u.id
      """;

  /**
   * What a presented token turned out to be.
   *
   * @param expiresAt when a value kept for a grace period stops working, else {@code null}
   */
  public record Authenticated(String tenant, UUID tokenId, String tokenLabel, String tenantStatus,
      TenantSettings settings, TenantTypes types, OffsetDateTime expiresAt) {}

  private final Pool pool;
  private final TokenCache cache;
  private final CustomTypes types;

  /** @param types builds the resource types of the custom schema documents a token check reads with the tenant */
  public TokenStore(Pool pool, TokenCache cache, CustomTypes types) {
    this.pool = pool;
    this.cache = cache;
    this.types = types;
  }

  /** A new named connection of the tenant, with a value shown once. */
  public Future<ApiToken> create(String tenant, String label, Origin origin) {
    return pool.withTransaction(conn -> requireTenant(conn, tenant)
        .compose(v -> issue(conn, tenant, label))
        .compose(token -> AuditLog.record(conn, tenant, origin.actor(), "token.created", audited(token))
            .compose(v -> Outbox.record(conn, tenant, EventTypes.TOKEN_CREATED, described(token), origin))
            .map(token)));
  }

  /** The tenant's live connections, never a value. */
  public Future<List<ApiToken>> list(String tenant) {
    return requireTenant(pool, tenant).compose(v -> pool.preparedQuery(LIST).execute(Tuple.of(tenant))).map(rows -> {
      List<ApiToken> tokens = new ArrayList<>();
      for (Row row : rows) {
        tokens.add(new ApiToken(row.getUUID("id"), tenant, row.getString("label"), row.getString("prefix"),
            row.getOffsetDateTime("created_at"), row.getOffsetDateTime("last_used_at"),
            row.getOffsetDateTime("previous_expires_at"), null));
      }
      return tokens;
    });
  }

  /** A new value for the connection; the old one stops now, or after {@code graceSeconds}. */
  public Future<ApiToken> reset(String tenant, UUID id, int graceSeconds, Origin origin) {
    String value = TokenSecret.generate();
    return pool.withTransaction(conn -> conn.preparedQuery(RESET)
            .execute(Tuple.of(tenant, id, Buffer.buffer(TokenSecret.hash(value)), graceSeconds,
                TokenSecret.shownPrefix(value)))
            .compose(rows -> {
              if (rows.size() == 0) {
                return Future.failedFuture(notFound(tenant, id));
              }
              Row row = rows.iterator().next();
              ApiToken token = new ApiToken(id, tenant, row.getString("label"), TokenSecret.shownPrefix(value),
                  row.getOffsetDateTime("created_at"), row.getOffsetDateTime("last_used_at"),
                  row.getOffsetDateTime("previous_expires_at"), value);
              return changed(conn, tenant)
                  .compose(v -> AuditLog.record(conn, tenant, origin.actor(), "token.reset",
                      audited(token).put("graceSeconds", graceSeconds)))
                  .compose(v -> Outbox.record(conn, tenant, EventTypes.TOKEN_RESET,
                      described(token).put("graceSeconds", graceSeconds), origin))
                  .map(token);
            }))
        .onSuccess(token -> forget(tenant));
  }

  /** Stops the connection's value at once; the tenant's users and groups are untouched. */
  public Future<Void> revoke(String tenant, UUID id, Origin origin) {
    return pool.withTransaction(conn -> conn.preparedQuery(REVOKE).execute(Tuple.of(tenant, id))
            .compose(rows -> rows.rowCount() == 0 ? Future.failedFuture(notFound(tenant, id))
                : changed(conn, tenant))
            .compose(v -> AuditLog.record(conn, tenant, origin.actor(), "token.revoked",
                new JsonObject().put("tokenId", id.toString())))
            .compose(v -> Outbox.record(conn, tenant, EventTypes.TOKEN_REVOKED,
                new JsonObject().put("id", id.toString()), origin)))
        .onSuccess(v -> forget(tenant));
  }

  /** The live token of {@code tenant} whose hash is {@code hash}, or {@code null}. */
  public Future<Authenticated> authenticate(String tenant, byte[] hash) {
    return pool.preparedQuery(AUTHENTICATE)
        .execute(Tuple.of(tenant, Buffer.buffer(hash)))
        .map(rows -> {
          for (Row row : rows) {
            if (TokenSecret.sameHash(hash, row.getBuffer("hash").getBytes())) {
              return authenticated(tenant, row, null);
            }
            Buffer previous = row.getBuffer("previous_hash");
            if (previous != null && TokenSecret.sameHash(hash, previous.getBytes())) {
              return authenticated(tenant, row, row.getOffsetDateTime("previous_expires_at"));
            }
          }
          return null;
        });
  }

  /** Why {@code hash} did not admit a request to {@code tenant}, in words for the request log. */
  public Future<String> diagnose(String tenant, byte[] hash) {
    return pool.preparedQuery(DIAGNOSE).execute(Tuple.of(tenant, Buffer.buffer(hash))).map(rows -> {
      if (rows.size() == 0) {
        return "unknown token";
      }
      Row row = rows.iterator().next();
      if (!row.getBoolean("own")) {
        return "token of another tenant";
      }
      if (row.getBoolean("revoked")) {
        return "revoked token";
      }
      return row.getBoolean("previous") ? "replaced token past its grace period" : "unknown token";
    });
  }

  @Override
  public Future<JsonObject> issueFirst(SqlConnection conn, String tenant, String label, Origin origin) {
    return issue(conn, tenant, label)
        .compose(token -> Outbox.record(conn, tenant, EventTypes.TOKEN_CREATED, described(token), origin)
            .map(v -> token.toJson()));
  }

  @Override
  public Future<Void> revokeAll(SqlConnection conn, String tenant) {
    return conn.preparedQuery(REVOKE_ALL).execute(Tuple.of(tenant)).compose(rows -> changed(conn, tenant));
  }

  /** Tells every node (this one included, once the transaction commits) to forget the tenant's cached checks. */
  @Override
  public Future<Void> changed(SqlConnection conn, String tenant) {
    return conn.preparedQuery(NOTIFY).execute(Tuple.of(tenant)).mapEmpty();
  }

  @Override
  public void forget(String tenant) {
    cache.forgetTenant(tenant);
  }

  /** Forgets every cached check: notifications may have been missed (the listener reconnected). */
  void forgetAll() {
    cache.clear();
  }

  /** Records when tokens and tenants were last used, for many at once. */
  Future<Void> touch(List<TokenUsage.Use> uses) {
    if (uses.isEmpty()) {
      return Future.succeededFuture();
    }
    int n = uses.size();
    String[] tenants = new String[n];
    UUID[] ids = new UUID[n];
    OffsetDateTime[] at = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      tenants[i] = uses.get(i).tenant();
      ids[i] = uses.get(i).tokenId();
      at[i] = uses.get(i).at();
    }
    return pool.preparedQuery(TOUCH_TOKENS).execute(Tuple.of(tenants, ids, at))
        .compose(v -> pool.preparedQuery(TOUCH_TENANTS).execute(Tuple.of(tenants, (Object) at)))
        .mapEmpty();
  }

  private static Future<ApiToken> issue(SqlClient client, String tenant, String label) {
    String value = TokenSecret.generate();
    UUID id = UUID.randomUUID();
    return client.preparedQuery(INSERT)
        .execute(Tuple.of(tenant, id, label, Buffer.buffer(TokenSecret.hash(value)), TokenSecret.shownPrefix(value)))
        .map(rows -> new ApiToken(id, tenant, label, TokenSecret.shownPrefix(value),
            rows.iterator().next().getOffsetDateTime("created_at"), null, null, value));
  }

  private static Future<Void> requireTenant(SqlClient client, String tenant) {
    return client.preparedQuery(TENANT_EXISTS).execute(Tuple.of(tenant))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(ScimException.notFound("Tenant '" + tenant + "'"))
            : Future.succeededFuture());
  }

  private Authenticated authenticated(String tenant, Row row, OffsetDateTime expiresAt) {
    return new Authenticated(tenant, row.getUUID("id"), row.getString("label"), row.getString("status"),
        TenantSettings.read(row.getJsonObject("settings")), types.of(row.getString("schemas")), expiresAt);
  }

  /** A token as an event describes it: everything the list shows, never its value. */
  static JsonObject described(ApiToken token) {
    JsonObject json = token.toJson();
    json.remove("value");
    return json;
  }

  private static JsonObject audited(ApiToken token) {
    return new JsonObject().put("tokenId", token.id().toString()).put("label", token.label())
        .put("prefix", token.prefix());
  }

  private static ScimException notFound(String tenant, UUID id) {
    return ScimException.notFound("Token '" + id + "' of tenant '" + tenant + "'");
  }
}
