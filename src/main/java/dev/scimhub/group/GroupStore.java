package dev.scimhub.group;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimhub.scim.filter.PageCursors;
import dev.scimhub.db.ListQuery;
import dev.scimhub.db.SqlState;
import dev.scimhub.db.TenantParams;
import dev.scimhub.scim.Ids;
import dev.scimhub.scim.ScimException;
import dev.scimhub.scim.ScimJson;
import dev.scimhub.scim.SearchRequest;
import dev.scimhub.scim.StoredResource;
import dev.scimhub.scim.filter.AttributeColumns.Kind;
import dev.scimhub.scim.filter.AttributeColumns;
import dev.scimhub.scim.filter.ListCursor;
import dev.scimhub.scim.filter.Listing;
import dev.scimhub.scim.filter.PageCursors;
import dev.scimhub.scim.schema.ResourceType;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * SCIM Groups in PostgreSQL (RFC 7644 section 3); members are rows handled by {@link MembershipStore}. Every
 * statement has {@code tenant_id = $1}. A change locks the group's row, so concurrent changes to one group serialize
 * on it while their membership rows never conflict. A group that does not exist fails as
 * {@link ScimException#notFound}.
 */
final class GroupStore {

  static final AttributeColumns COLUMNS = new AttributeColumns("resource")
      .column("id", "id", Kind.UUID)
      .column("displayName", "display_name", Kind.TEXT)
      .column("externalId", "external_id", Kind.TEXT)
      .column("meta.created", "created", Kind.TIMESTAMP)
      .column("meta.lastModified", "last_modified", Kind.TIMESTAMP)
      .rows("members.value", """
          EXISTS (SELECT 1 FROM group_member gm
                  WHERE gm.tenant_id = scim_group.tenant_id AND gm.group_id = scim_group.id AND gm.member_id = %s)""",
          """
          EXISTS (SELECT 1 FROM group_member gm
                  WHERE gm.tenant_id = scim_group.tenant_id AND gm.group_id = scim_group.id)""")
      .unfilterable("members")
      .unfilterable("meta.resourceType")
      .unfilterable("meta.location")
      .unfilterable("meta.version");

  static final String TABLE = "scim_group";

  private static final String SELECTED = "id, resource::text AS resource, version, created, last_modified";

  private static final String INSERT = """
      INSERT INTO scim_group (tenant_id, id, display_name, external_id, resource)
      VALUES ($1, $2, $3, $4, $5::text::jsonb)
      RETURNING version, created, last_modified
      """;

  private static final String FIND = "SELECT " + SELECTED + " FROM scim_group WHERE tenant_id = $1 AND id = $2";

  private static final String FIND_FOR_UPDATE = FIND + " FOR UPDATE";

  private static final String UPDATE = """
      UPDATE scim_group
      SET display_name = $3, external_id = $4, resource = $5::text::jsonb, version = version + 1, last_modified = now()
      WHERE tenant_id = $1 AND id = $2
      RETURNING version, created, last_modified
      """;

  private static final String DELETE = "DELETE FROM scim_group WHERE tenant_id = $1 AND id = $2";

  private static final String EXISTS = "SELECT 1 FROM scim_group WHERE tenant_id = $1 AND id = $2";

  private static final Listing.Source LISTING = Listing.Source.flat(TABLE, "tenant_id = $1", SELECTED);

  private final Pool pool;
  private final PageCursors cursors;

  GroupStore(Pool pool, PageCursors cursors) {
    this.pool = pool;
    this.cursors = cursors;
  }

  /** {@code client} is the pool, or the connection of a larger transaction. */
  Future<StoredResource> insert(SqlClient client, String tenant, UUID id, ObjectNode resource) {
    return client.preparedQuery(INSERT)
        .execute(Tuple.of(tenant, id, displayName(resource), externalId(resource), ScimJson.string(resource)))
        .map(rows -> stored(id, resource, rows.iterator().next()))
        .recover(GroupStore::mapConflict);
  }

  Future<StoredResource> find(String tenant, String id) {
    return one(pool, FIND, tenant, id);
  }

  /** The group, locked until {@code conn}'s transaction ends: changes to one group serialize on it. */
  Future<StoredResource> lock(SqlConnection conn, String tenant, String id) {
    return one(conn, FIND_FOR_UPDATE, tenant, id);
  }

  private static Future<StoredResource> one(SqlClient client, String sql, String tenant, String id) {
    UUID uuid = Ids.parse(id);
    if (uuid == null) {
      return Future.failedFuture(notFound(id));
    }
    return client.preparedQuery(sql).execute(Tuple.of(tenant, uuid))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(notFound(id))
            : Future.succeededFuture(group(rows.iterator().next())));
  }

  /** Stores new attributes of a locked group; the version moves on. */
  Future<StoredResource> write(SqlConnection conn, String tenant, UUID id, ObjectNode resource) {
    return conn.preparedQuery(UPDATE)
        .execute(Tuple.of(tenant, id, displayName(resource), externalId(resource), ScimJson.string(resource)))
        .map(rows -> stored(id, resource, rows.iterator().next()))
        .recover(GroupStore::mapConflict);
  }

  /** Deletes a locked group; its membership rows go with it. */
  Future<Void> delete(SqlConnection conn, String tenant, UUID id) {
    cursors.forget(scope(tenant));
    return conn.preparedQuery(DELETE).execute(Tuple.of(tenant, id)).mapEmpty();
  }

  Future<ListQuery.Page<StoredResource>> list(ResourceType type, String tenant, SearchRequest request,
      Future<?> abandoned) {
    String scope = scope(tenant);
    if (request.cursorPaged()) {
      ListCursor after = ListCursor.read(request, scope);
      return listQuery(type, tenant, request, after == null ? null : after.continuation())
          .runContinued(pool, abandoned, after == null, ListCursor.rowsToRead(request), GroupStore::group,
              // A sorted page finds its place by the cursor row's key: an empty one checks that the row is still there.
              after != null && request.sortBy() != null ? EXISTS : null,
              after == null ? null : Tuple.of(tenant, after.id()), ListCursor::gone)
          .map(page -> {
            var served = ListCursor.serve(request, scope, page.items(), StoredResource::created, StoredResource::id);
            return new ListQuery.Page<>(page.total(), served.items(), served.nextCursor());
          });
    }
    return listQuery(type, tenant, request, cursors.continuation(scope, request))
        .run(pool, abandoned, request.paging().startIndex(), request.paging().count(), GroupStore::group)
        .onSuccess(page -> cursors.rememberPage(scope, request, page.items()));
  }

  private static ListQuery listQuery(ResourceType type, String tenant, SearchRequest request,
      Listing.Continuation after) {
    Listing listing = Listing.of(type, COLUMNS, request, after, TABLE);
    return new ListQuery(listing.pageSql(LISTING), TenantParams.of(tenant, listing.binds()),
        listing.countSql(LISTING), TenantParams.of(tenant, listing.whereBinds()), listing.keyed());
  }

  private static String scope(String tenant) {
    return TABLE + ":" + tenant;
  }

  private static <T> Future<T> mapConflict(Throwable failure) {
    return SqlState.failUnique(failure,
        () -> ScimException.uniqueness("displayName is already taken by another group of this tenant"));
  }

  private static String displayName(ObjectNode resource) {
    return resource.get("displayName").asText();
  }

  private static String externalId(ObjectNode resource) {
    return resource.has("externalId") ? resource.get("externalId").asText() : null;
  }

  private static StoredResource stored(UUID id, ObjectNode resource, Row row) {
    return new StoredResource(id, resource, row.getLong("version"), row.getOffsetDateTime("created"),
        row.getOffsetDateTime("last_modified"));
  }

  private static StoredResource group(Row row) {
    return new StoredResource(row.getUUID("id"), ScimJson.parseStored(row.getString("resource")),
        row.getLong("version"), row.getOffsetDateTime("created"), row.getOffsetDateTime("last_modified"));
  }

  private static ScimException notFound(String id) {
    return ScimException.notFound("Group " + id);
  }
}
