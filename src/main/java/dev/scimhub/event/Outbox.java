package dev.scimhub.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimhub.scim.ScimJson;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Records events in the transaction of the change they describe (the outbox): they commit with it or not at all, and
 * nothing is published from memory. Numbering ({@code sequence}, {@code position}) comes after the commit, from the
 * {@link EventSequencer}. Every method takes the change's own connection.
 */
public final class Outbox {

  private static final String INSERT = """
      INSERT INTO event (tenant_id, id, type, data, context) VALUES ($1, $2, $3, $4::text::json, $5::text::json)
      """;

  /** One event per member; the member's display name read beside it, the group's summary given. */
  private static final String MEMBERS = """
      INSERT INTO event (tenant_id, id, type, data, context)
      SELECT $1, x.event_id, $2,
             json_build_object('object', json_build_object(
               'group', $3::text::json,
               'member', json_build_object('value', x.m::text, '$ref', $4 || x.m::text, 'display',
                 (SELECT coalesce(u.resource ->> 'displayName', u.user_name)
                  FROM scim_user u WHERE u.tenant_id = $1 AND u.id = x.m)))),
             $5::text::json
      FROM unnest($6::uuid[], $7::uuid[]) AS x(m, event_id)
      """;

  /** One event per (user, license) pair; the user's display name read beside it, the group's summary given. */
  private static final String LICENSES = """
      INSERT INTO event (tenant_id, id, type, data, context)
      SELECT $1, x.event_id, $2,
             json_build_object('object', json_build_object(
               'license', x.license,
               'user', json_build_object('value', x.m::text, '$ref', $4 || x.m::text, 'display',
                 (SELECT coalesce(u.resource ->> 'displayName', u.user_name)
                  FROM scim_user u WHERE u.tenant_id = $1 AND u.id = x.m)),
               'group', $3::text::json)),
             $5::text::json
      FROM unnest($6::uuid[], $7::text[], $8::uuid[]) AS x(m, license, event_id)
      """;

  /** Before a user's deletion removes its memberships (by cascade): one member_removed per group it was in. */
  private static final String LEFT_ALL_GROUPS = """
      INSERT INTO event (tenant_id, id, type, data, context)
      SELECT $1, gen_random_uuid(), 'group.member_removed',
             json_build_object('object', json_build_object(
               'group', json_build_object('id', g.id::text, 'displayName', g.display_name, '$ref', $3 || g.id::text),
               'member', $4::text::json)),
             $5::text::json
      FROM group_member m JOIN scim_group g ON g.tenant_id = m.tenant_id AND g.id = m.group_id
      WHERE m.tenant_id = $1 AND m.member_id = $2
      RETURNING id
      """;

  private Outbox() {}

  /** An event ready to be written with its change: its type, and its data and context as JSON text. */
  public record Draft(UUID id, String type, String data, String context, Origin origin) {

    Draft(String type, String data, Origin origin) {
      this(UUID.randomUUID(), type, data, origin.json().encode(), origin);
    }

    /** Tells the request's log that the statement carrying this event ran (it may still roll back). */
    public void written() {
      origin.recorded(id);
    }
  }

  /** The event of a new resource, {@code object} as SCIM returns it. */
  public static Draft draft(String type, ObjectNode object, Origin origin) {
    return draft(type, object, null, origin);
  }

  /** As {@link #draft(String, ObjectNode, Origin)}, with the app's {@code profile} of the user beside it (or null). */
  public static Draft draft(String type, ObjectNode object, ObjectNode profile, Origin origin) {
    ObjectNode data = ScimJson.object();
    data.set("object", object);
    if (profile != null) {
      data.set("profile", profile);
    }
    return new Draft(type, ScimJson.string(data), origin);
  }

  /**
   * A change and the recording of its one event as one statement: atomic without a transaction of its own, and one
   * round trip where a transaction would take four (the hot path of an import). {@code change} uses {@code $1} (the
   * tenant) to {@code $<changeParams>}; its RETURNING is the statement's. Its values then go through
   * {@link #withEvent(Tuple, Draft)}.
   */
  public static String withEvent(String change, int changeParams) {
    return "WITH change AS (" + change + "), recorded AS (INSERT INTO event (tenant_id, id, type, data, context)"
        + " VALUES ($1, $" + (changeParams + 1) + ", $" + (changeParams + 2) + ", $" + (changeParams + 3)
        + "::text::json, $" + (changeParams + 4) + "::text::json)) SELECT * FROM change";
  }

  /**
   * As {@link #withEvent(String, int)}, for a change that may match no row (an UPDATE conditional on the version
   * read): the event is recorded only with a changed row.
   */
  public static String withEventIfChanged(String change, int changeParams) {
    return "WITH change AS (" + change + "), recorded AS (INSERT INTO event (tenant_id, id, type, data, context)"
        + " SELECT $1, $" + (changeParams + 1) + "::uuid, $" + (changeParams + 2) + "::text, $" + (changeParams + 3)
        + "::text::json, $" + (changeParams + 4) + "::text::json WHERE EXISTS (SELECT 1 FROM change))"
        + " SELECT * FROM change";
  }

  /** The change's values followed by the event's, for a statement of {@link #withEvent(String, int)}. */
  public static Tuple withEvent(Tuple change, Draft draft) {
    return change.addValue(draft.id()).addString(draft.type()).addString(draft.data())
        .addString(draft.context());
  }

  /** One event whose {@code data.object} is {@code object}. */
  public static Future<Void> record(SqlClient conn, String tenant, String type, ObjectNode object, Origin origin) {
    return insert(conn, tenant, draft(type, object, origin));
  }

  /** One event whose {@code data} holds {@code object} and the app's {@code profile} of it (or null). */
  public static Future<Void> record(SqlClient conn, String tenant, String type, ObjectNode object, ObjectNode profile,
      Origin origin) {
    return insert(conn, tenant, draft(type, object, profile, origin));
  }

  /** One event whose {@code data.object} is a document of the admin API (a tenant, a token's public part). */
  public static Future<Void> record(SqlClient conn, String tenant, String type, io.vertx.core.json.JsonObject object,
      Origin origin) {
    return insert(conn, tenant, new Draft(type, new io.vertx.core.json.JsonObject().put("object", object).encode(),
        origin));
  }

  /**
   * The event of a resource that changed from {@code before} to {@code after} (their stored attributes), whose
   * representation is now {@code object}: {@code changed} names the top-level attributes that differ and
   * {@code previousAttributes} holds their old values (null where an attribute was absent).
   */
  public static Future<Void> recordChange(SqlClient conn, String tenant, String type, ObjectNode object,
      ObjectNode before, ObjectNode after, Origin origin) {
    return insert(conn, tenant, changeDraft(type, object, before, after, origin));
  }

  /** The event of a change, as {@link #recordChange} records it, for a statement of {@link #withEvent}. */
  public static Draft changeDraft(String type, ObjectNode object, ObjectNode before, ObjectNode after,
      Origin origin) {
    return changeDraft(type, object, before, after, null, origin);
  }

  /** As {@link #changeDraft(String, ObjectNode, ObjectNode, ObjectNode, Origin)}, with the app's profile (or null). */
  public static Draft changeDraft(String type, ObjectNode object, ObjectNode before, ObjectNode after,
      ObjectNode profile, Origin origin) {
    return new Draft(type, ScimJson.string(changeData(object, before, after, profile)), origin);
  }

  private static ObjectNode changeData(ObjectNode object, ObjectNode before, ObjectNode after, ObjectNode profile) {
    ObjectNode data = ScimJson.object();
    data.set("object", object);
    if (profile != null) {
      data.set("profile", profile);
    }
    ObjectNode previous = data.putObject("previousAttributes");
    ArrayNode changed = data.putArray("changed");
    for (String name : changedAttributes(before, after)) {
      JsonNode old = before.get(name);
      previous.set(name, old == null ? ScimJson.nodes().nullNode() : old.deepCopy());
      changed.add(name);
    }
    return data;
  }

  /** One event of {@code type} per member id, all sharing the origin (and so the request id). */
  public static Future<Void> recordMembers(SqlClient conn, String tenant, String type, ObjectNode group,
      String usersUrl, List<UUID> members, Origin origin) {
    if (members.isEmpty()) {
      return Future.succeededFuture();
    }
    UUID[] eventIds = eventIds(members.size(), origin);
    return conn.preparedQuery(MEMBERS).execute(Tuple.of(tenant, type, ScimJson.string(group), usersUrl + "/",
            origin.json().encode(), members.toArray(new UUID[0]), eventIds))
        .mapEmpty();
  }

  /**
   * One event of {@code type} (license.granted or license.revoked) per pair of {@code users} and {@code licenses}
   * (the same length), naming the group whose membership or link made it (null: the user's own entitlements).
   */
  public static Future<Void> recordLicenses(SqlClient conn, String tenant, String type, ObjectNode group,
      String usersUrl, List<UUID> users, List<String> licenses, Origin origin) {
    if (users.isEmpty()) {
      return Future.succeededFuture();
    }
    UUID[] eventIds = eventIds(users.size(), origin);
    return conn.preparedQuery(LICENSES).execute(Tuple.tuple().addString(tenant).addString(type)
            .addString(group == null ? "null" : ScimJson.string(group)).addString(usersUrl + "/")
            .addString(origin.json().encode())
            .addArrayOfUUID(users.toArray(new UUID[0])).addArrayOfString(licenses.toArray(new String[0]))
            .addArrayOfUUID(eventIds))
        .mapEmpty();
  }

  /** Ids for {@code n} events of one statement, told to the request's log now (the statement may still roll back). */
  private static UUID[] eventIds(int n, Origin origin) {
    UUID[] ids = new UUID[n];
    for (int i = 0; i < n; i++) {
      ids[i] = UUID.randomUUID();
      origin.recorded(ids[i]);
    }
    return ids;
  }

  /** Before a user is deleted: a member_removed event for each group it is in. */
  public static Future<Void> recordUserLeavingGroups(SqlClient conn, String tenant, UUID user, ObjectNode member,
      String groupsUrl, Origin origin) {
    return conn.preparedQuery(LEFT_ALL_GROUPS).execute(Tuple.of(tenant, user, groupsUrl + "/", ScimJson.string(member),
            origin.json().encode()))
        .map(rows -> {
          rows.forEach(row -> origin.recorded(row.getUUID("id")));
          return null;
        });
  }

  /** The top-level attributes whose values differ, in name order (an attribute added or removed counts). */
  static List<String> changedAttributes(ObjectNode before, ObjectNode after) {
    TreeSet<String> names = new TreeSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = after.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!Objects.equals(field.getValue(), before.get(field.getKey()))) {
        names.add(field.getKey());
      }
    }
    for (Iterator<String> it = before.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!after.has(name)) {
        names.add(name);
      }
    }
    return List.copyOf(names);
  }

  /** The one insert of a lone event; a change's own statement carries its event through {@link #withEvent}. */
  private static Future<Void> insert(SqlClient conn, String tenant, Draft draft) {
    return conn.preparedQuery(INSERT).execute(withEvent(Tuple.of(tenant), draft)).map(rows -> {
      draft.written();
      return null;
    });
  }
}
