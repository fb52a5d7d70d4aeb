package dev.scimhub.tenant;

import dev.scimhub.token.ApiToken;
import dev.scimhub.token.TokenStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/** Tenants in PostgreSQL. */
public final class TenantStore {

  private static final String INSERT = """
      INSERT INTO tenant (id, name) VALUES ($1, $2)
      RETURNING id, name, status, created_at
      """;

  private static final String FIND = """
      SELECT id, name, status, created_at FROM tenant WHERE id = $1
      """;

  /** A new tenant and its first token, whose value is shown once. */
  public record Onboarded(Tenant tenant, ApiToken token) {}

  private final Pool pool;

  public TenantStore(Pool pool) {
    this.pool = pool;
  }

  /** Creates the tenant and its first token in one transaction: there is never a tenant nobody can reach. */
  public Future<Onboarded> create(String id, String name, String tokenLabel) {
    return pool.withTransaction(conn -> conn.preparedQuery(INSERT)
        .execute(Tuple.of(id, name))
        .map(rows -> tenant(rows.iterator().next()))
        .compose(tenant -> TokenStore.issue(conn, id, tokenLabel).map(token -> new Onboarded(tenant, token))));
  }

  public Future<Tenant> find(String id) {
    return pool.preparedQuery(FIND)
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : tenant(rows.iterator().next()));
  }

  private static Tenant tenant(Row row) {
    return new Tenant(row.getString("id"), row.getString("name"), row.getString("status"),
        row.getOffsetDateTime("created_at"));
  }
}
