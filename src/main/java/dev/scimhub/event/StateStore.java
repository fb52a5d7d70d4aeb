package dev.scimhub.event;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimhub.http.BaseUrls;
import dev.scimhub.scim.Ids;
import dev.scimhub.scim.Representation;
import dev.scimhub.scim.ScimException;
import dev.scimhub.scim.ScimJson;
import dev.scimhub.scim.StoredResource;
import dev.scimhub.scim.schema.ResourceType;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * The state API's reads, for an app that rebuilds its copy of a tenant: its users, its groups (without members) and
 * a group's members, each in id order after a cursor, optionally only what changed since a time. Each page is read
 * in one snapshot together with the events' position at that moment: every event up to it is reflected in the page,
 * and every later change will come as an event after it — so the app rebuilds, then follows the events from the
 * cursor of its first page (a change seen in both is applied twice, which an upsert makes harmless).
 */
public final class StateStore {

  static final int MAX_LIMIT = 500;

  private static final String SNAPSHOT = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ";
  private static final String POSITION = "SELECT last_position FROM event_feed";
  private static final String TENANT = "SELECT 1 FROM tenant WHERE id = $1";

  private static final String USERS = """
      SELECT id, resource::text AS resource, version, created, last_modified FROM scim_user
      WHERE tenant_id = $1 AND id > $2 AND ($3::timestamptz IS NULL OR last_modified >= $3)
      ORDER BY id LIMIT $4
      """;

  private static final String GROUPS = """
      SELECT id, resource::text AS resource, version, created, last_modified FROM scim_group
      WHERE tenant_id = $1 AND id > $2 AND ($3::timestamptz IS NULL OR last_modified >= $3)
      ORDER BY id LIMIT $4
      """;

  private static final String GROUP = "SELECT 1 FROM scim_group WHERE tenant_id = $1 AND id = $2";

  private static final String MEMBERS = """
      SELECT m.member_id FROM group_member m
      WHERE m.tenant_id = $1 AND m.group_id = $2 AND m.member_id > $3
      ORDER BY m.member_id LIMIT $4
      """;

  /** Before every id: PostgreSQL orders uuids by their bytes, unsigned. */
  private static final UUID START = new UUID(0, 0);

  /** One page: the resources (or member ids), where to read on (null: the end), and the event cursor it matches. */
  public record Page(ArrayNode data, String nextCursor, String eventCursor) {}

  private final Pool pool;
  private final ResourceType userType;
  private final ResourceType groupType;
  private final BaseUrls urls;

  public StateStore(Pool pool, ResourceType userType, ResourceType groupType, BaseUrls urls) {
    this.pool = pool;
    this.userType = userType;
    this.groupType = groupType;
    this.urls = urls;
  }

  Future<Page> users(String tenant, String cursor, OffsetDateTime since, int limit) {
    return resources(tenant, USERS, userType, cursor, since, limit);
  }

  Future<Page> groups(String tenant, String cursor, OffsetDateTime since, int limit) {
    return resources(tenant, GROUPS, groupType, cursor, since, limit);
  }

  /** A group's member ids as {@code {"value": id}}; a group that is not there is 404. */
  Future<Page> members(String tenant, String group, String cursor, int limit) {
    UUID id = Ids.parse(group);
    UUID after = after(cursor);
    if (id == null) {
      return Future.failedFuture(ScimException.notFound("Group " + group));
    }
    return snapshot(tenant, conn -> conn.preparedQuery(GROUP).execute(Tuple.of(tenant, id)).compose(found -> {
      if (found.size() == 0) {
        return Future.failedFuture(ScimException.notFound("Group " + group));
      }
      return conn.preparedQuery(MEMBERS).execute(Tuple.of(tenant, id, after, limit + 1));
    }), (rows, data) -> {
      String url = urls.scimV2(tenant) + "/Users/";
      UUID last = null;
      for (Row row : rows) {
        if (data.size() == limit) {
          return last;
        }
        last = row.getUUID(0);
        data.addObject().put("value", last.toString()).put("$ref", url + last);
      }
      return null;
    });
  }

  private Future<Page> resources(String tenant, String sql, ResourceType type, String cursor, OffsetDateTime since,
      int limit) {
    UUID after = after(cursor);
    String url = urls.scimV2(tenant);
    return snapshot(tenant, conn -> conn.preparedQuery(sql).execute(Tuple.of(tenant, after, since, limit + 1)),
        (rows, data) -> {
          UUID last = null;
          for (Row row : rows) {
            if (data.size() == limit) {
              return last;
            }
            StoredResource stored = new StoredResource(row.getUUID("id"), ScimJson.parseStored(row.getString(
                "resource")), row.getLong("version"), row.getOffsetDateTime("created"),
                row.getOffsetDateTime("last_modified"));
            last = stored.id();
            data.add(Representation.of(type, stored, url, Map.of()));
          }
          return null;
        });
  }

  private interface Fill {
    /** Adds the rows to {@code data}; returns the id to read on after, or null at the end. */
    UUID fill(RowSet<Row> rows, ArrayNode data);
  }

  /** Reads a page and the events' position in one snapshot (REPEATABLE READ: both see the same commits). */
  private Future<Page> snapshot(String tenant, java.util.function.Function<SqlConnection, Future<RowSet<Row>>> read,
      Fill fill) {
    return pool.withTransaction(conn -> conn.query(SNAPSHOT).execute()
        .compose(v -> conn.preparedQuery(TENANT).execute(Tuple.of(tenant)))
        .compose(found -> found.size() == 0 ? Future.failedFuture(ScimException.notFound("Tenant '" + tenant + "'"))
            : conn.query(POSITION).execute())
        .compose(position -> read.apply(conn).map(rows -> {
          ArrayNode data = ScimJson.nodes().arrayNode();
          UUID next = fill.fill(rows, data);
          return new Page(data, next == null ? null : next.toString(),
              EventCursor.of(position.iterator().next().getLong(0)));
        })));
  }

  private static UUID after(String cursor) {
    if (cursor == null) {
      return START;
    }
    UUID id = Ids.parse(cursor);
    if (id == null) {
      throw ScimException.invalidValue("'cursor' is not one this API returned");
    }
    return id;
  }

  static ObjectNode json(Page page) {
    ObjectNode out = ScimJson.object();
    out.set("data", page.data());
    out.put("nextCursor", page.nextCursor());
    out.put("eventCursor", page.eventCursor());
    return out;
  }
}
