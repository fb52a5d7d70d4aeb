package dev.scimhub.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimhub.http.BaseUrls;
import dev.scimhub.scim.Ids;
import dev.scimhub.scim.ProfileMapping;
import dev.scimhub.scim.schema.Schemas;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
  private static final String TENANT = "SELECT settings FROM tenant WHERE id = $1";
  private static final String MANAGERS = """
      SELECT id, resource::text AS resource, version, created, last_modified FROM scim_user
      WHERE tenant_id = $1 AND id = ANY($2::uuid[])
      """;

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
  private final ProfileMapping profile;

  /** @param profile the platform's profile mapping: each user comes with its {@code profile} beside it */
  public StateStore(Pool pool, ResourceType userType, ResourceType groupType, BaseUrls urls, ProfileMapping profile) {
    this.pool = pool;
    this.userType = userType;
    this.groupType = groupType;
    this.urls = urls;
    this.profile = profile;
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
    }), (conn, mapping, rows, data) -> Future.succeededFuture(memberPage(tenant, rows, data, limit)));
  }

  /** Adds up to {@code limit} member ids to {@code data}; returns the id to read on after, or null at the end. */
  private UUID memberPage(String tenant, RowSet<Row> rows, ArrayNode data, int limit) {
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
  }

  private Future<Page> resources(String tenant, String sql, ResourceType type, String cursor, OffsetDateTime since,
      int limit) {
    UUID after = after(cursor);
    String url = urls.scimV2(tenant);
    return snapshot(tenant, conn -> conn.preparedQuery(sql).execute(Tuple.of(tenant, after, since, limit + 1)),
        (conn, mapping, rows, data) -> {
          List<ObjectNode> page = new ArrayList<>();
          UUID last = null;
          UUID next = null;
          for (Row row : rows) {
            if (page.size() == limit) {
              next = last;
              break;
            }
            StoredResource stored = stored(row);
            last = stored.id();
            page.add(Representation.of(type, stored, url, Map.of()));
          }
          UUID nextId = next;
          boolean users = type == userType && !mapping.isEmpty();
          return (users ? profiled(conn, tenant, mapping, page) : Future.succeededFuture(page)).map(done -> {
            done.forEach(data::add);
            return nextId;
          });
        });
  }

  /** The users, each with its {@code profile}; linked managers a field reads are read in one statement. */
  private Future<List<ObjectNode>> profiled(SqlConnection conn, String tenant, ProfileMapping mapping,
      List<ObjectNode> users) {
    List<UUID> managers = new ArrayList<>();
    if (mapping.readsManager()) {
      for (ObjectNode user : users) {
        JsonNode manager = user.path(Schemas.ENTERPRISE_USER).path("manager");
        UUID id = manager.has("$ref") ? Ids.parse(manager.path("value").asText()) : null;
        if (id != null) {
          managers.add(id);
        }
      }
    }
    Future<Map<String, ObjectNode>> found = managers.isEmpty() ? Future.succeededFuture(Map.of())
        : conn.preparedQuery(MANAGERS).execute(Tuple.tuple().addString(tenant)
            .addArrayOfUUID(managers.toArray(new UUID[0]))).map(rows -> {
              Map<String, ObjectNode> byId = new HashMap<>();
              String url = urls.scimV2(tenant);
              rows.forEach(row -> byId.put(row.getUUID("id").toString(),
                  Representation.of(userType, stored(row), url, Map.of())));
              return byId;
            });
    return found.map(byId -> {
      for (ObjectNode user : users) {
        String manager = user.path(Schemas.ENTERPRISE_USER).path("manager").path("value").asText(null);
        user.set("profile", mapping.apply(user, manager == null ? null : byId.get(manager)));
      }
      return users;
    });
  }

  private static StoredResource stored(Row row) {
    return new StoredResource(row.getUUID("id"), ScimJson.parseStored(row.getString("resource")),
        row.getLong("version"), row.getOffsetDateTime("created"), row.getOffsetDateTime("last_modified"));
  }

  private interface Fill {
    /**
     * Adds the rows to {@code data} (reading more on {@code conn} if it must); completes with the id to read on
     * after, or null at the end.
     */
    Future<UUID> fill(SqlConnection conn, ProfileMapping mapping, RowSet<Row> rows, ArrayNode data);
  }

  /**
   * Reads a page and the events' position in one snapshot (REPEATABLE READ: both see the same commits), with the
   * tenant's profile mapping.
   */
  private Future<Page> snapshot(String tenant, java.util.function.Function<SqlConnection, Future<RowSet<Row>>> read,
      Fill fill) {
    ProfileMapping[] mapping = {profile};
    return pool.withTransaction(conn -> conn.query(SNAPSHOT).execute()
        .compose(v -> conn.preparedQuery(TENANT).execute(Tuple.of(tenant)))
        .compose(found -> {
          if (found.size() == 0) {
            return Future.failedFuture(ScimException.notFound("Tenant '" + tenant + "'"));
          }
          mapping[0] = profile.with(tenantProfile(found.iterator().next().getJsonObject("settings")));
          return conn.query(POSITION).execute();
        })
        .compose(position -> read.apply(conn).compose(rows -> {
          ArrayNode data = ScimJson.nodes().arrayNode();
          return fill.fill(conn, mapping[0], rows, data).map(next -> new Page(data,
              next == null ? null : next.toString(), EventCursor.of(position.iterator().next().getLong(0))));
        })));
  }

  /** The tenant's changes to the profile mapping; one stored before they were checked counts as none. */
  private static ProfileMapping tenantProfile(io.vertx.core.json.JsonObject settings) {
    Object mapping = settings == null ? null : settings.getValue("profileMapping");
    if (mapping == null) {
      return ProfileMapping.NONE;
    }
    try {
      return ProfileMapping.parse(ScimJson.parseTree(io.vertx.core.json.Json.encodeToBuffer(mapping).getBytes()),
          "settings.profileMapping");
    } catch (ScimException e) {
      return ProfileMapping.NONE;
    }
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
