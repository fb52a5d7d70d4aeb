package dev.scimhub.user;

import dev.scimhub.scim.ScimException;
import dev.scimhub.scim.schema.TenantTypes.Unique;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;

/**
 * The values of a tenant's custom attributes declared {@code uniqueness: server} (or {@code global}): a user may
 * take one only if no other user of the tenant has it, checked in the writing transaction under an advisory lock on
 * the (tenant, attribute, value), so two users cannot take one value at once. Answers 409 {@code uniqueness}.
 */
final class UniqueValues {

  private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtextextended($1 || '/' || $2 || '/' || $3, 0))";

  private static final String TAKEN = """
      SELECT 1 FROM scim_user
      WHERE tenant_id = $1 AND id IS DISTINCT FROM $2
        AND CASE WHEN $5 THEN resource #>> $3::text[] = $4 ELSE lower(resource #>> $3::text[]) = $4 END
      LIMIT 1
      """;

  private UniqueValues() {}

  /** Takes the values for the user {@code self} (null: one being created), or fails as 409 if one is taken. */
  static Future<Void> claim(SqlConnection conn, String tenant, UUID self, List<Unique> values) {
    Future<Void> chain = Future.succeededFuture();
    for (Unique value : values) {
      chain = chain.compose(v -> conn.preparedQuery(LOCK).execute(Tuple.of(tenant, value.path(), value.compared())))
          .compose(locked -> conn.preparedQuery(TAKEN).execute(Tuple.tuple().addString(tenant).addUUID(self)
              .addArrayOfString(value.keys().toArray(new String[0])).addString(value.compared())
              .addBoolean(value.caseExact())))
          .compose(rows -> rows.size() == 0 ? Future.succeededFuture()
              : Future.failedFuture(ScimException.uniqueness("'" + value.path() + "' " + value.value()
                  + " is already another user's")));
    }
    return chain;
  }
}
