package dev.scimhub.group;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimhub.db.PageCursors;
import dev.scimhub.db.SqlState;
import dev.scimhub.db.TenantParams;
import dev.scimhub.scim.ETags;
import dev.scimhub.scim.Ids;
import dev.scimhub.scim.ScimException;
import dev.scimhub.scim.ScimJson;
import dev.scimhub.scim.SearchRequest;
import dev.scimhub.scim.StoredResource;
import dev.scimhub.scim.filter.AttributeColumns.Kind;
import dev.scimhub.scim.filter.AttributeColumns;
import dev.scimhub.scim.filter.Listing;
import dev.scimhub.scim.schema.ResourceType;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * SCIM Groups in PostgreSQL (RFC 7644 section 3); members are rows handled by {@link MembershipStore}. Every
 * statement has {@code tenant_id = $1}. A write locks the group's row, so concurrent changes to one group serialize
 * on it while their membership rows never conflict.
 */
final class GroupStore {

  static final AttributeColumns COLUMNS = new AttributeColumns("resource")
      .column("id", "id", Kind.UUID)
      .column("displayName", "display_name", Kind.TEXT)
      .column("externalId", "external_id", Kind.TEXT)
      .column("meta.created", "created", Kind.TIMESTAMP)
      .column("meta.lastModified", "last_modified", Kind.TIMESTAMP)
      .column("members.value", """
          EXISTS (SELECT 1 FROM group_member gm
                  WHERE gm.tenant_id = scim_group.tenant_id AND gm.group_id = scim_group.id AND gm.member_id = %s)""",
          Kind.ROWS)
      .unfilterable("members")
      .unfilterable("meta.resourceType")
      .unfilterable("meta.location")
      .unfilterable("meta.version");

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

  private static final String LIST = "SELECT " + SELECTED
      + " FROM scim_group WHERE tenant_id = $1 AND %s ORDER BY %s LIMIT %s OFFSET %s";

  private static final String COUNT = "SELECT count(*) FROM scim_group WHERE tenant_id = $1 AND %s";

  record Page(long total, List<StoredResource> groups) {}

  static final String TABLE = "scim_group";

  private final Pool pool;
  private final ResourceType type;
  private final PageCursors cursors;

  GroupStore(Pool pool, ResourceType type, PageCursors cursors) {
    this.pool = pool;
    this.type = type;
    this.cursors = cursors;
  }

  /** Creates the group and its memberships in one transaction. */
  Future<StoredResource> create(String tenant, ObjectNode resource, List<UUID> members) {
    UUID id = UUID.randomUUID();
    return pool.withTransaction(conn -> conn.preparedQuery(INSERT)
            .execute(Tuple.of(tenant, id, displayName(resource), externalId(resource), ScimJson.string(resource)))
            .map(rows -> stored(id, resource, rows.iterator().next()))
            .compose(group -> members.isEmpty() ? Future.succeededFuture(group)
                : MembershipStore.apply(conn, tenant, id, new MemberChange.Add(members)).map(n -> group)))
        .recover(GroupStore::mapFailure);
  }

  Future<StoredResource> find(String tenant, String id) {
    UUID uuid = Ids.parse(id);
    if (uuid == null) {
      return Future.failedFuture(notFound(id));
    }
    return pool.preparedQuery(FIND).execute(Tuple.of(tenant, uuid))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(notFound(id)) : Future.succeededFuture(row(rows)));
  }

  /**
   * Changes a group under its row lock: {@code change} gives the new attributes, then the membership changes apply
   * in order. The version moves only when something changed.
   */
  Future<StoredResource> update(String tenant, String id, String ifMatch, Function<StoredResource, ObjectNode> change,
      List<MemberChange> memberChanges) {
    UUID uuid = Ids.parse(id);
    if (uuid == null) {
      return Future.failedFuture(notFound(id));
    }
    return pool.withTransaction(conn -> conn.preparedQuery(FIND_FOR_UPDATE).execute(Tuple.of(tenant, uuid))
            .compose(rows -> {
              if (rows.size() == 0) {
                return Future.failedFuture(notFound(id));
              }
              StoredResource current = row(rows);
              ETags.require(ifMatch, current.version());
              ObjectNode next = change.apply(current);
              return applyAll(conn, tenant, uuid, memberChanges, 0).compose(touched ->
                  touched == 0 && next.equals(current.resource()) ? Future.succeededFuture(current)
                      : write(conn, tenant, uuid, next));
            }))
        .recover(GroupStore::mapFailure);
  }

  Future<Void> delete(String tenant, String id, String ifMatch) {
    UUID uuid = Ids.parse(id);
    if (uuid == null) {
      return Future.failedFuture(notFound(id));
    }
    cursors.forgetTenant(TABLE, tenant);
    return pool.withTransaction(conn -> conn.preparedQuery(FIND_FOR_UPDATE).execute(Tuple.of(tenant, uuid))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(notFound(id));
          }
          ETags.require(ifMatch, rows.iterator().next().getLong("version"));
          return conn.preparedQuery(DELETE).execute(Tuple.of(tenant, uuid)).mapEmpty();
        }));
  }

  Future<Page> list(String tenant, SearchRequest request) {
    Listing listing = Listing.of(type, COLUMNS, request, cursors.continuation(TABLE, tenant, request));
    String count = String.format(COUNT, listing.countWhere());
    Tuple countParams = TenantParams.of(tenant, listing.whereBinds());
    if (request.paging().count() == 0) {
      return pool.preparedQuery(count).execute(countParams).map(rows -> new Page(total(rows), List.of()));
    }
    String sql = String.format(LIST, listing.where(), listing.orderBy(), listing.limit(), listing.offset());
    return pool.preparedQuery(sql).execute(TenantParams.of(tenant, listing.binds())).compose(rows -> {
      List<StoredResource> groups = new ArrayList<>(rows.size());
      rows.forEach(row -> groups.add(group(row)));
      cursors.rememberPage(TABLE, tenant, request, groups);
      if (request.paging().startIndex() == 1 && groups.size() < request.paging().count()) {
        return Future.succeededFuture(new Page(groups.size(), groups));
      }
      return pool.preparedQuery(count).execute(countParams).map(c -> new Page(total(c), groups));
    });
  }

  private Future<Integer> applyAll(SqlConnection conn, String tenant, UUID group, List<MemberChange> changes, int i) {
    if (i == changes.size()) {
      return Future.succeededFuture(0);
    }
    return MembershipStore.apply(conn, tenant, group, changes.get(i))
        .compose(touched -> applyAll(conn, tenant, group, changes, i + 1).map(rest -> touched + rest));
  }

  private Future<StoredResource> write(SqlConnection conn, String tenant, UUID id, ObjectNode resource) {
    return conn.preparedQuery(UPDATE)
        .execute(Tuple.of(tenant, id, displayName(resource), externalId(resource), ScimJson.string(resource)))
        .map(rows -> stored(id, resource, rows.iterator().next()));
  }

  private static <T> Future<T> mapFailure(Throwable failure) {
    if (SqlState.is(failure, SqlState.UNIQUE_VIOLATION)) {
      return Future.failedFuture(ScimException.uniqueness("displayName is already taken by another group of this tenant"));
    }
    return MembershipStore.mapMissingMember(failure);
  }

  static String displayName(ObjectNode resource) {
    return resource.get("displayName").asText();
  }

  private static String externalId(ObjectNode resource) {
    return resource.has("externalId") ? resource.get("externalId").asText() : null;
  }

  private static StoredResource stored(UUID id, ObjectNode resource, Row row) {
    return new StoredResource(id, resource, row.getLong("version"), row.getOffsetDateTime("created"),
        row.getOffsetDateTime("last_modified"));
  }

  private static StoredResource row(RowSet<Row> rows) {
    return group(rows.iterator().next());
  }

  private static StoredResource group(Row row) {
    return new StoredResource(row.getUUID("id"), ScimJson.parseStored(row.getString("resource")),
        row.getLong("version"), row.getOffsetDateTime("created"), row.getOffsetDateTime("last_modified"));
  }

  private static long total(RowSet<Row> rows) {
    return rows.iterator().next().getLong(0);
  }

  private static ScimException notFound(String id) {
    return ScimException.notFound("Group " + id);
  }
}
