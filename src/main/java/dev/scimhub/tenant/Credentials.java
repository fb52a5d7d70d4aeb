package dev.scimhub.tenant;

import dev.scimhub.event.Origin;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;

/**
 * What the tenant lifecycle needs of the API tokens, which depend on tenants and so cannot be depended on: the first
 * token of a new tenant, and telling every node when a tenant's credentials must be checked afresh. Each step runs
 * in the tenant's own transaction.
 */
public interface Credentials {

  /** Issues a new tenant's first token (and records its event); the JSON holds its value, to be shown once. */
  Future<JsonObject> issueFirst(SqlConnection conn, String tenant, String label, Origin origin);

  /** Stops every token of the tenant (offboarding). */
  Future<Void> revokeAll(SqlConnection conn, String tenant);

  /** The tenant's status or settings changed: every node drops what it remembered of its credential checks. */
  Future<Void> changed(SqlConnection conn, String tenant);

  /** This node drops what it remembered at once, before answering another request. */
  void forget(String tenant);
}
