package dev.scimhub.token;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import io.vertx.core.buffer.Buffer;
import java.util.UUID;

/** API tokens in PostgreSQL: issuing one and finding the one a request presents. */
public final class TokenStore {

  private static final String INSERT = """
      INSERT INTO api_token (tenant_id, id, label, hash, prefix)
      VALUES ($1, $2, $3, $4, $5)
      RETURNING created_at
      """;

  // tenant_id leads the WHERE like everywhere else; the unique hash index finds the row.
  private static final String AUTHENTICATE = """
      SELECT k.id, k.hash, t.status
      FROM api_token k JOIN tenant t ON t.id = k.tenant_id
      WHERE k.tenant_id = $1 AND k.hash = $2 AND k.revoked_at IS NULL
      """;

  /** What a presented token turned out to be. */
  public record Authenticated(UUID tokenId, String tenantStatus) {}

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
            rows.iterator().next().getOffsetDateTime("created_at"), value));
  }

  /** The live token of {@code tenantId} whose hash is {@code hash}, or {@code null}. */
  public Future<Authenticated> authenticate(String tenantId, byte[] hash) {
    return pool.preparedQuery(AUTHENTICATE)
        .execute(Tuple.of(tenantId, Buffer.buffer(hash)))
        .map(rows -> {
          for (var row : rows) {
            if (TokenSecret.sameHash(hash, row.getBuffer("hash").getBytes())) {
              return new Authenticated(row.getUUID("id"), row.getString("status"));
            }
          }
          return null;
        });
  }
}
