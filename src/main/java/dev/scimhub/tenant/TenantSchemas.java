package dev.scimhub.tenant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimhub.audit.AuditLog;
import dev.scimhub.event.Origin;
import dev.scimhub.scim.ScimException;
import dev.scimhub.scim.ScimJson;
import dev.scimhub.scim.schema.CustomSchema;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A tenant's custom attributes: the schema documents it defined ({@code tenant_schema}), defined and removed under
 * the tenant's row lock with their audit record. The documents ride with the tenant's cached token checks
 * ({@link #DOCUMENTS}, built into types by {@link CustomTypes}), so a change on any node reaches every node with the
 * credentials' own {@code NOTIFY}, within the moment that takes.
 */
public final class TenantSchemas {

  /** The tenant's documents as one JSON array, for the token check's statement. */
  public static final String DOCUMENTS = "(SELECT json_agg(s.document ORDER BY s.urn)::text FROM tenant_schema s"
      + " WHERE s.tenant_id = t.id) AS schemas";

  private static final String LIST = "SELECT document::text AS document FROM tenant_schema WHERE tenant_id = $1"
      + " ORDER BY urn";
  private static final String LOCK_TENANT = "SELECT 1 FROM tenant WHERE id = $1 FOR UPDATE";
  private static final String UPSERT = """
      INSERT INTO tenant_schema (tenant_id, urn, document) VALUES ($1, $2, $3::text::jsonb)
      ON CONFLICT (tenant_id, urn) DO UPDATE SET document = EXCLUDED.document, updated_at = now()
      RETURNING (xmax = 0) AS created
      """;
  private static final String DELETE = "DELETE FROM tenant_schema WHERE tenant_id = $1 AND lower(urn) = lower($2)";

  private final Pool pool;
  private final CustomTypes types;
  private final Credentials credentials;

  public TenantSchemas(Pool pool, CustomTypes types, Credentials credentials) {
    this.pool = pool;
    this.types = types;
    this.credentials = credentials;
  }

  /** The tenant's own documents (not the defaults), by URN. */
  public Future<List<ObjectNode>> list(String tenant) {
    return list(pool, tenant);
  }

  /** The platform-wide documents every tenant has. */
  public List<ObjectNode> defaults() {
    return types.defaults();
  }

  /**
   * Defines (or redefines) the schema {@code urn} of the tenant; answers the stored document and whether it is new.
   * Stored values of attributes a redefinition drops stay in the resources until they are next written.
   */
  public Future<Defined> define(String tenant, String urn, ObjectNode body, Origin origin) {
    return Future.succeededFuture(body)
        .map(b -> CustomSchema.check(types.platform(), urn, b))
        .compose(document -> pool.withTransaction(conn -> lockTenant(conn, tenant)
            .compose(v -> list(conn, tenant))
            .compose(existing -> {
              List<ObjectNode> next = new ArrayList<>();
              existing.forEach(e -> {
                if (e.path("id").asText().equalsIgnoreCase(document.get("id").asText())) {
                  // URNs compare ignoring case: a redefinition keeps the spelling it was stored under.
                  document.put("id", e.path("id").asText());
                } else {
                  next.add(e);
                }
              });
              next.add(document);
              if (next.size() > CustomSchema.MAX_SCHEMAS) {
                throw ScimException.invalidValue("A tenant may define at most " + CustomSchema.MAX_SCHEMAS
                    + " schemas");
              }
              types.check(next);
              return conn.preparedQuery(UPSERT).execute(Tuple.of(tenant, document.get("id").asText(),
                  ScimJson.string(document)));
            })
            .compose(rows -> {
              boolean created = rows.iterator().next().getBoolean("created");
              return AuditLog.record(conn, tenant, origin.actor(), created ? "schema.created" : "schema.updated",
                      new JsonObject().put("urn", document.get("id").asText()))
                  .compose(v -> credentials.changed(conn, tenant))
                  .map(new Defined(document, created));
            }))
        .onComplete(done -> credentials.forget(tenant)));
  }

  /** The document of a definition, and whether it was new. */
  public record Defined(ObjectNode document, boolean created) {}

  /** Removes the tenant's schema {@code urn}; 404 when it has none. */
  public Future<Void> remove(String tenant, String urn, Origin origin) {
    return pool.withTransaction(conn -> lockTenant(conn, tenant)
            .compose(v -> conn.preparedQuery(DELETE).execute(Tuple.of(tenant, urn)))
            .compose(rows -> rows.rowCount() == 0
                ? Future.failedFuture(ScimException.notFound("Schema '" + urn + "' of tenant '" + tenant + "'"))
                : AuditLog.record(conn, tenant, origin.actor(), "schema.deleted", new JsonObject().put("urn", urn)))
            .compose(v -> credentials.changed(conn, tenant)))
        .onComplete(done -> credentials.forget(tenant));
  }

  private static Future<Void> lockTenant(SqlConnection conn, String tenant) {
    return conn.preparedQuery(LOCK_TENANT).execute(Tuple.of(tenant)).compose(rows -> rows.size() == 0
        ? Future.failedFuture(ScimException.notFound("Tenant '" + tenant + "'")) : Future.succeededFuture());
  }

  private static Future<List<ObjectNode>> list(SqlClient client, String tenant) {
    return client.preparedQuery(LIST).execute(Tuple.of(tenant)).map(rows -> {
      List<ObjectNode> documents = new ArrayList<>();
      rows.forEach(row -> documents.add(ScimJson.parseObject(row.getString("document")
          .getBytes(StandardCharsets.UTF_8))));
      return documents;
    });
  }
}
