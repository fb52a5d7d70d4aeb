package dev.scimhub.token;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * API tokens in PostgreSQL: a tenant's named connections, each with one live value (and, for a while after a reset
 * with grace, the previous one). Values are stored only as SHA-256 hashes. Every change notifies the other nodes
 * (channel {@value #CHANNEL}) so their caches drop the tenant's tokens at once.
 */
public final class TokenStore {

  public static final String CHANNEL = "scimhub_tokens";
  /** The longest grace period a reset may give the old value. */
  public static final int MAX_GRACE_SECONDS = 24 * 60 * 60;

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

  // tenant_id leads the WHERE like everywhere else; the unique hash indexes find the row.
  private static final String AUTHENTICATE = """
      SELECT k.id, k.hash, k.previous_hash, k.previous_expires_at, t.status,
             t.settings ->> 'compatibility' = 'strict' AS strict
      FROM api_token k JOIN tenant t ON t.id = k.tenant_id
      WHERE k.tenant_id = $1 AND k.revoked_at IS NULL
        AND (k.hash = $2 OR (k.previous_hash = $2 AND k.previous_expires_at > now()))
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
  public record Authenticated(String tenant, UUID tokenId, String tenantStatus, boolean strict,
      OffsetDateTime expiresAt) {}

  private final Pool pool;

  public TokenStore(Pool pool) {
    this.pool = pool;
  }

  /** Issues a token for {@code tenantId} through {@code client} (a transaction's connection, or the pool). */
  public static Future<ApiToken> issue(SqlClient client, String tenantId, String label) {
    String value = TokenSecret.generate();
    UUID id = UUID.randomUUID();
    return client.preparedQuery(INSERT)
        .execute(Tuple.of(tenantId, id, label, Buffer.buffer(TokenSecret.hash(value)), TokenSecret.shownPrefix(value)))
        .map(rows -> new ApiToken(id, tenantId, label, TokenSecret.shownPrefix(value),
            rows.iterator().next().getOffsetDateTime("created_at"), null, null, value));
  }

  public Future<List<ApiToken>> list(String tenantId) {
    return pool.preparedQuery(LIST).execute(Tuple.of(tenantId)).map(rows -> {
      List<ApiToken> tokens = new ArrayList<>();
      for (Row row : rows) {
        tokens.add(new ApiToken(row.getUUID("id"), tenantId, row.getString("label"), row.getString("prefix"),
            row.getOffsetDateTime("created_at"), row.getOffsetDateTime("last_used_at"),
            row.getOffsetDateTime("previous_expires_at"), null));
      }
      return tokens;
    });
  }

  /**
   * A new value for the connection; the old one stops now, or after {@code graceSeconds}. {@code null} when the
   * connection does not exist.
   */
  public static Future<ApiToken> reset(SqlClient client, String tenantId, UUID id, int graceSeconds) {
    String value = TokenSecret.generate();
    return client.preparedQuery(RESET)
        .execute(Tuple.of(tenantId, id, Buffer.buffer(TokenSecret.hash(value)), graceSeconds,
            TokenSecret.shownPrefix(value)))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(null);
          }
          Row row = rows.iterator().next();
          return notifyNodes(client, tenantId).map(v -> new ApiToken(id, tenantId, row.getString("label"),
              TokenSecret.shownPrefix(value), row.getOffsetDateTime("created_at"),
              row.getOffsetDateTime("last_used_at"), row.getOffsetDateTime("previous_expires_at"), value));
        });
  }

  /** Stops the connection's value at once; false when there was no such live connection. */
  public static Future<Boolean> revoke(SqlClient client, String tenantId, UUID id) {
    return client.preparedQuery(REVOKE).execute(Tuple.of(tenantId, id))
        .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(false)
            : notifyNodes(client, tenantId).map(v -> true));
  }

  /** Tells every node (this one included) to forget what it cached about the tenant's tokens. */
  public static Future<Void> notifyNodes(SqlClient client, String tenantId) {
    return client.preparedQuery(NOTIFY).execute(Tuple.of(tenantId)).mapEmpty();
  }

  /** The live token of {@code tenantId} whose hash is {@code hash}, or {@code null}. */
  public Future<Authenticated> authenticate(String tenantId, byte[] hash) {
    return pool.preparedQuery(AUTHENTICATE)
        .execute(Tuple.of(tenantId, Buffer.buffer(hash)))
        .map(rows -> {
          for (Row row : rows) {
            if (TokenSecret.sameHash(hash, row.getBuffer("hash").getBytes())) {
              return new Authenticated(tenantId, row.getUUID("id"), row.getString("status"), strict(row), null);
            }
            Buffer previous = row.getBuffer("previous_hash");
            if (previous != null && TokenSecret.sameHash(hash, previous.getBytes())) {
              return new Authenticated(tenantId, row.getUUID("id"), row.getString("status"), strict(row),
                  row.getOffsetDateTime("previous_expires_at"));
            }
          }
          return null;
        });
  }

  private static boolean strict(Row row) {
    return Boolean.TRUE.equals(row.getBoolean("strict"));
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
}
