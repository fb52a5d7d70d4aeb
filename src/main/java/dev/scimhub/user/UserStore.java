package dev.scimhub.user;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimhub.db.ListQuery;
import dev.scimhub.db.SqlState;
import dev.scimhub.db.StoredJson;
import dev.scimhub.db.TenantParams;
import dev.scimhub.event.Outbox;
import dev.scimhub.scim.Ids;
import dev.scimhub.scim.ScimException;
import dev.scimhub.scim.ScimJson;
import dev.scimhub.scim.SearchRequest;
import dev.scimhub.scim.StoredResource;
import dev.scimhub.scim.filter.AttributeColumns;
import dev.scimhub.scim.filter.AttributeColumns.Kind;
import dev.scimhub.scim.filter.ListCursor;
import dev.scimhub.scim.filter.Listing;
import dev.scimhub.scim.filter.PageCursors;
import dev.scimhub.scim.schema.ResourceType;
import dev.scimhub.tenant.TenantSettings.ManagerRule;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * SCIM Users in PostgreSQL (RFC 7644 section 3). Every statement has {@code tenant_id = $1}. Listing translates the
 * SCIM filter to SQL over the indexed columns and the JSONB resource; it never loads users to filter them here. A user
 * that does not exist fails as {@link ScimException#notFound}; a userName taken in any case as 409 {@code uniqueness}.
 * Statements that belong to a larger change take the transaction's connection.
 */
final class UserStore {

  /** Attributes with their own columns; the rest is read from {@code resource}. */
  static final AttributeColumns COLUMNS = new AttributeColumns("resource")
      .column("id", "id", Kind.UUID)
      .column("userName", "user_name", Kind.TEXT)
      .column("externalId", "external_id", Kind.TEXT)
      .column("active", "active", Kind.BOOLEAN)
      .column("meta.created", "created", Kind.TIMESTAMP)
      .column("meta.lastModified", "last_modified", Kind.TIMESTAMP)
      .column("emails.value", "emails", Kind.LOWER_VALUES)
      // Memberships are not users' data; groups arrive with the Groups endpoint.
      .unfilterable("groups")
      .unfilterable("meta.resourceType")
      .unfilterable("meta.location")
      .unfilterable("meta.version");

  static final String TABLE = "scim_user";

  /**
   * With its user.created event. The creation time comes from here, so that the event's representation (built before
   * the statement) has the row's own; it is the same clock a listing orders by.
   */
  private static final String INSERT = Outbox.withEvent("""
      INSERT INTO scim_user (tenant_id, id, user_name, external_id, active, resource, created, last_modified)
      VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7, $7)
      RETURNING version, """ + Managers.AWAITED.formatted(8), 8);

  private static final String FIND = "SELECT id, resource::text AS resource, version, created, last_modified, "
      + groupsOf("scim_user") + " FROM scim_user WHERE tenant_id = $1 AND id = $2";

  private static final String FIND_FOR_UPDATE = FIND + " FOR UPDATE";

  private static final String UPDATE = """
      UPDATE scim_user
      SET user_name = $3, external_id = $4, active = $5, resource = $6::text::jsonb,
          version = $7, last_modified = $8
      WHERE tenant_id = $1 AND id = $2
      RETURNING version, created, last_modified, """ + groupsOf("scim_user") + ", "
      + Managers.AWAITED.formatted(10);
  /**
   * With the change's event, on the version that was read ({@code $9}): one statement without a transaction. It
   * changes nothing (and records nothing) when another change came first; then the change is computed again.
   */
  private static final String UPDATE_RECORDED = Outbox.withEventIfChanged(UPDATE.replace(
      "WHERE tenant_id = $1 AND id = $2", "WHERE tenant_id = $1 AND id = $2 AND version = $9"), 10);

  private static final String EXISTS = "SELECT 1 FROM scim_user WHERE tenant_id = $1 AND id = $2";

  private static final String DELETE = """
      DELETE FROM scim_user WHERE tenant_id = $1 AND id = $2
      """;

  // The page is chosen in the inner query and only its rows read their groups. With the groups subquery beside
  // ORDER BY/LIMIT/OFFSET, every row skipped by OFFSET ran it too, and the generic plan cost more than a custom one, so
  // PostgreSQL planned the statement again on every execution (measured: a lookup took 0.35 ms of database CPU, then
  // 0.14). The outer ORDER BY repeats the sort, because a subquery's order is not promised to survive the outer query.
  private static final Listing.Source LISTING = new Listing.Source(TABLE, "tenant_id = $1",
      "tenant_id, id, user_name, external_id, active, emails, resource, version, created, last_modified",
      "p.id, p.resource::text AS resource, p.version, p.created, p.last_modified, " + groupsOf("p"));

  private final Pool pool;
  private final PageCursors cursors;

  UserStore(Pool pool, PageCursors cursors) {
    this.pool = pool;
    this.cursors = cursors;
  }

  /**
   * The groups of the {@code scim_user} row that the statement names {@code alias}, as a JSON array of
   * {@code {value, display}} (null when none): a column of the user's own statement, so reading User.groups costs no
   * second round trip.
   */
  private static String groupsOf(String alias) {
    return """
        (SELECT json_agg(json_build_object('value', g.id, 'display', g.display_name) ORDER BY g.display_name, g.id)
         FROM group_member gm JOIN scim_group g ON g.tenant_id = gm.tenant_id AND g.id = gm.group_id
         WHERE gm.tenant_id = %1$s.tenant_id AND gm.member_id = %1$s.id)::text AS groups""".formatted(alias);
  }

  /**
   * Inserts the user and its event ({@code event} makes it from the user as stored) in one statement; {@code client}
   * is the pool.
   */
  Future<Written> insert(SqlClient client, String tenant, ObjectNode resource, ManagerRule managers,
      Function<StoredResource, Outbox.Draft> event) {
    UUID id = UUID.randomUUID();
    OffsetDateTime now = now();
    StoredResource user = new StoredResource(id, resource, 1, now, now);
    Outbox.Draft draft = event.apply(user);
    return client.preparedQuery(INSERT)
        .execute(insertValues(tenant, user, managers, draft))
        .map(rows -> {
          draft.written();
          return new Written(user, rows.iterator().next().getBoolean("awaited"));
        })
        .recover(UserStore::mapConflict);
  }

  /**
   * A user as written, and whether another user waits for it as their manager (their manager value names it, and
   * was not linked yet).
   */
  record Written(StoredResource user, boolean awaited) {}

  private static Tuple insertValues(String tenant, StoredResource user, ManagerRule managers, Outbox.Draft draft) {
    ObjectNode resource = user.resource();
    return Outbox.withEvent(Tuple.of(tenant, user.id(), UserResource.userName(resource),
            UserResource.externalId(resource), UserResource.active(resource), ScimJson.string(resource),
            user.created()).addArrayOfString(waitKeys(managers, user.id(), resource)), draft);
  }

  private static String[] waitKeys(ManagerRule managers, UUID id, ObjectNode resource) {
    return managers == ManagerRule.OFF ? new String[0] : Managers.keys(managers, id, resource);
  }

  /**
   * Inserts users and their events, each as {@link #insert} does, in one round trip: the statements run as one
   * implicit transaction, so they all land or (on any failure, such as a userName taken) none does.
   */
  Future<List<Written>> insertAll(SqlClient client, String tenant, List<ObjectNode> resources,
      ManagerRule managers, Function<StoredResource, Outbox.Draft> event) {
    OffsetDateTime now = now();
    List<StoredResource> users = new ArrayList<>(resources.size());
    List<Outbox.Draft> drafts = new ArrayList<>(resources.size());
    List<Tuple> values = new ArrayList<>(resources.size());
    for (ObjectNode resource : resources) {
      // A microsecond apart, so that a listing in creation order keeps the order they were sent in.
      OffsetDateTime created = now.plusNanos(1_000L * users.size());
      StoredResource user = new StoredResource(UUID.randomUUID(), resource, 1, created, created);
      Outbox.Draft draft = event.apply(user);
      users.add(user);
      drafts.add(draft);
      values.add(insertValues(tenant, user, managers, draft));
    }
    return client.preparedQuery(INSERT).executeBatch(values)
        .map(rows -> {
          drafts.forEach(Outbox.Draft::written);
          List<Written> written = new ArrayList<>(users.size());
          RowSet<Row> result = rows;
          for (StoredResource user : users) {
            written.add(new Written(user, result.iterator().next().getBoolean("awaited")));
            result = result.next();
          }
          return written;
        })
        .recover(UserStore::mapConflict);
  }

  /** @param verbatim the attributes only to be written out again ({@link StoredJson#verbatim}) */
  Future<StoredResource> find(String tenant, String id, boolean verbatim) {
    return one(pool, FIND, tenant, id, verbatim);
  }

  /** The user, locked until {@code conn}'s transaction ends. */
  Future<StoredResource> lock(SqlConnection conn, String tenant, String id) {
    return one(conn, FIND_FOR_UPDATE, tenant, id, false);
  }

  private static Future<StoredResource> one(SqlClient client, String sql, String tenant, String id, boolean verbatim) {
    UUID uuid = Ids.parse(id);
    if (uuid == null) {
      return Future.failedFuture(notFound(id));
    }
    return client.preparedQuery(sql).execute(Tuple.of(tenant, uuid))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(notFound(id))
            : Future.succeededFuture(user(rows.iterator().next(), verbatim)));
  }

  /**
   * Writes {@code next} (the next version of a user read at {@code next.version() - 1}, stamped now) and its event,
   * which {@code event} makes from it, in one statement; the result has the user's groups, or is null when the
   * stored version is no longer the one read (a concurrent change, or a deletion).
   */
  Future<Written> write(SqlClient client, String tenant, StoredResource next, ManagerRule managers,
      ObjectNode before, Function<StoredResource, Outbox.Draft> event) {
    ObjectNode resource = next.resource();
    Outbox.Draft draft = event.apply(next);
    // Someone can start waiting for this user only if a key they could name it by is new (a report naming a user
    // already there was linked when it was written): most changes, a deactivation, probe for nobody.
    String[] keys = waitKeys(managers, next.id(), resource);
    if (Arrays.equals(keys, waitKeys(managers, next.id(), before))) {
      keys = new String[0];
    }
    return client.preparedQuery(UPDATE_RECORDED)
        .execute(Outbox.withEvent(Tuple.of(tenant, next.id(), UserResource.userName(resource),
            UserResource.externalId(resource), UserResource.active(resource), ScimJson.string(resource),
            next.version(), next.lastModified(), next.version() - 1)
            .addArrayOfString(keys), draft))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          draft.written();
          Row row = rows.iterator().next();
          return new Written(stored(next.id(), resource, row), row.getBoolean("awaited"));
        })
        .recover(UserStore::mapConflict);
  }

  /** The time a change is stamped with, as PostgreSQL keeps it (microseconds). */
  static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
  }

  Future<Void> delete(SqlClient client, String tenant, String id) {
    UUID uuid = Ids.parse(id);
    if (uuid == null) {
      return Future.failedFuture(notFound(id));
    }
    cursors.forget(scope(tenant));
    return client.preparedQuery(DELETE).execute(Tuple.of(tenant, uuid))
        .compose(rows -> rows.rowCount() == 0 ? Future.failedFuture(notFound(id)) : Future.succeededFuture());
  }

  /**
   * One page of the users matching the request, in a stable order: the requested sort, then creation order and id.
   * The total needs a second query only when the page does not already tell it.
   */
  Future<ListQuery.Page<StoredResource>> list(ResourceType type, String tenant, SearchRequest request,
      boolean verbatim, Future<?> abandoned) {
    String scope = scope(tenant);
    if (request.cursorPaged()) {
      ListCursor after = ListCursor.read(request, scope);
      return listQuery(type, tenant, request, after == null ? null : after.continuation())
          .runContinued(pool, abandoned, after == null, ListCursor.rowsToRead(request), row -> user(row, verbatim),
              // A sorted page finds its place by the cursor row's key: an empty one checks that the row is still there.
              after != null && request.sortBy() != null ? EXISTS : null,
              after == null ? null : Tuple.of(tenant, after.id()), ListCursor::gone)
          .map(page -> {
            var served = ListCursor.serve(request, scope, page.items(), StoredResource::created, StoredResource::id);
            return new ListQuery.Page<>(page.total(), served.items(), served.nextCursor());
          });
    }
    ListQuery query = listQuery(type, tenant, request, cursors.continuation(scope, request));
    return query.run(pool, abandoned, request.paging().startIndex(), request.paging().count(), row -> user(row, verbatim))
        .onSuccess(page -> cursors.rememberPage(scope, request, page.items()));
  }

  static ListQuery listQuery(ResourceType type, String tenant, SearchRequest request) {
    return listQuery(type, tenant, request, null);
  }

  static ListQuery listQuery(ResourceType type, String tenant, SearchRequest request, Listing.Continuation after) {
    Listing listing = Listing.of(type, COLUMNS, request, after, TABLE);
    return new ListQuery(listing.pageSql(LISTING), TenantParams.of(tenant, listing.binds()),
        listing.countSql(LISTING), TenantParams.of(tenant, listing.whereBinds()), listing.keyed());
  }

  private static String scope(String tenant) {
    return TABLE + ":" + tenant;
  }

  private static <T> Future<T> mapConflict(Throwable failure) {
    return SqlState.failUnique(failure,
        () -> ScimException.uniqueness("userName is already taken by another user of this tenant"));
  }

  private static StoredResource stored(UUID id, ObjectNode resource, Row row) {
    return new StoredResource(id, resource, row.getLong("version"), row.getOffsetDateTime("created"),
        row.getOffsetDateTime("last_modified"), groups(row));
  }

  /** The row's {@code groups} column, when the statement read it. */
  private static ArrayNode groups(Row row) {
    int column = row.getColumnIndex("groups");
    String json = column < 0 ? null : row.getString(column);
    return json == null ? null : (ArrayNode) ScimJson.parseTree(json.getBytes(StandardCharsets.UTF_8));
  }

  private static StoredResource user(Row row, boolean verbatim) {
    String json = row.getString("resource");
    return new StoredResource(row.getUUID("id"), verbatim ? StoredJson.verbatim(json) : ScimJson.parseStored(json),
        row.getLong("version"), row.getOffsetDateTime("created"), row.getOffsetDateTime("last_modified"), groups(row));
  }

  private static ScimException notFound(String id) {
    return ScimException.notFound("User " + id);
  }
}
