package dev.scimhub.group;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimhub.db.SqlState;
import dev.scimhub.scim.Ids;
import dev.scimhub.scim.ScimException;
import dev.scimhub.scim.ScimJson;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Group membership as rows of {@code group_member}. A change touches only the rows it names, so its cost does not
 * depend on the size of the group. Members are users of the same tenant (a foreign key says so too).
 */
final class MembershipStore {

  private static final String MISSING_USERS = """
      SELECT m.id FROM unnest($2::uuid[]) AS m(id)
      WHERE NOT EXISTS (SELECT 1 FROM scim_user u WHERE u.tenant_id = $1 AND u.id = m.id)
      LIMIT 5
      """;

  private static final String ADD = """
      INSERT INTO group_member (tenant_id, group_id, member_id)
      SELECT $1, $2, m FROM unnest($3::uuid[]) AS m
      ON CONFLICT DO NOTHING
      RETURNING member_id
      """;

  private static final String REMOVE = """
      DELETE FROM group_member WHERE tenant_id = $1 AND group_id = $2 AND member_id = ANY($3::uuid[])
      RETURNING member_id
      """;

  private static final String REMOVE_ALL = """
      DELETE FROM group_member WHERE tenant_id = $1 AND group_id = $2
      RETURNING member_id
      """;

  private static final String KEEP_ONLY = """
      DELETE FROM group_member WHERE tenant_id = $1 AND group_id = $2 AND NOT (member_id = ANY($3::uuid[]))
      RETURNING member_id
      """;

  /**
   * One page of a group's members after a known member id, in id order. The display name is a subquery per member, so
   * each page costs 1,000 primary-key lookups wherever it starts; as a join, the planner restarted a scan of the
   * tenant's users from its first row on every page (4.6 s for 100,000 members, against 0.7 s).
   */
  private static final String MEMBERS_PAGE = """
      SELECT m.member_id,
             (SELECT coalesce(u.resource ->> 'displayName', u.user_name)
              FROM scim_user u WHERE u.tenant_id = $1 AND u.id = m.member_id) AS display
      FROM group_member m
      WHERE m.tenant_id = $1 AND m.group_id = $2 AND m.member_id > $3
      ORDER BY m.member_id
      LIMIT $4
      """;

  /** A member as a group lists it. */
  record Member(UUID id, String display) {}

  /**
   * What a list of member changes did, in the order it did it: the members that became members and those that
   * stopped being members (a member added and removed again by one request is in both, as its events will be).
   * Adding a member already there, or removing one who was not, does nothing and is in neither.
   */
  record Changed(List<UUID> added, List<UUID> removed) {
    boolean none() {
      return added.isEmpty() && removed.isEmpty();
    }
  }

  private MembershipStore() {}

  /**
   * Up to {@code limit} members after {@code after}, in id order: each page is its own short query, so a reader that
   * streams a large group page by page holds no connection between pages.
   */
  static Future<List<Member>> page(SqlClient client, String tenant, UUID group, UUID after, int limit) {
    return client.preparedQuery(MEMBERS_PAGE).execute(Tuple.of(tenant, group, after, limit)).map(rows -> {
      List<Member> members = new ArrayList<>(rows.size());
      rows.forEach(row -> members.add(new Member(row.getUUID("member_id"), row.getString("display"))));
      return members;
    });
  }

  /** Applies the changes in order inside the caller's transaction, and tells which members they added and removed. */
  static Future<Changed> applyAll(SqlConnection conn, String tenant, UUID group, List<MemberChange> changes) {
    Changed changed = new Changed(new ArrayList<>(), new ArrayList<>());
    Future<Void> done = Future.succeededFuture();
    for (MemberChange change : changes) {
      done = done.compose(v -> apply(conn, tenant, group, change, changed));
    }
    return done.map(changed).recover(MembershipStore::mapMissingMember);
  }

  private static Future<Void> apply(SqlConnection conn, String tenant, UUID group, MemberChange change,
      Changed changed) {
    if (change instanceof MemberChange.Add add) {
      return requireUsers(conn, tenant, add.ids())
          .compose(ok -> conn.preparedQuery(ADD).execute(Tuple.of(tenant, group, array(add.ids()))))
          .map(rows -> collect(rows, changed.added()));
    }
    if (change instanceof MemberChange.Remove remove) {
      return conn.preparedQuery(REMOVE).execute(Tuple.of(tenant, group, array(remove.ids())))
          .map(rows -> collect(rows, changed.removed()));
    }
    if (change instanceof MemberChange.Replace replace) {
      return requireUsers(conn, tenant, replace.ids())
          .compose(ok -> conn.preparedQuery(KEEP_ONLY).execute(Tuple.of(tenant, group, array(replace.ids()))))
          .map(rows -> collect(rows, changed.removed()))
          .compose(v -> conn.preparedQuery(ADD).execute(Tuple.of(tenant, group, array(replace.ids()))))
          .map(rows -> collect(rows, changed.added()));
    }
    return conn.preparedQuery(REMOVE_ALL).execute(Tuple.of(tenant, group)).map(rows -> collect(rows,
        changed.removed()));
  }

  private static Void collect(RowSet<Row> rows, List<UUID> into) {
    rows.forEach(row -> into.add(row.getUUID(0)));
    return null;
  }

  /** The member ids of a {@code members} value: a list of objects with {@code value} (or one object). */
  static List<UUID> ids(JsonNode members) {
    Set<UUID> ids = new LinkedHashSet<>();
    if (members == null || members.isNull()) {
      return List.of();
    }
    for (JsonNode member : members.isArray() ? members : List.of(members)) {
      JsonNode value = member.isObject() ? ScimJson.field(member, "value") : member;
      if (value == null || !value.isTextual()) {
        throw ScimException.invalidValue("Each member needs a 'value' with the id of a user");
      }
      UUID id = Ids.parse(value.asText());
      if (id == null) {
        throw ScimException.invalidValue("Member '" + value.asText() + "' is not a user of this tenant");
      }
      ids.add(id);
    }
    return List.copyOf(ids);
  }

  /** Fails with 400 invalidValue, naming a few, if any id is not a user of the tenant. */
  private static Future<Void> requireUsers(SqlConnection conn, String tenant, List<UUID> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery(MISSING_USERS).execute(Tuple.of(tenant, (Object) array(ids))).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture();
      }
      List<String> missing = new ArrayList<>();
      rows.forEach(row -> missing.add(row.getUUID(0).toString()));
      return Future.failedFuture(ScimException.invalidValue(
          "Not users of this tenant, so they cannot be members: " + String.join(", ", missing)));
    });
  }

  /** A member deleted between the check and the insert still fails cleanly. */
  private static <T> Future<T> mapMissingMember(Throwable failure) {
    if (SqlState.is(failure, SqlState.FOREIGN_KEY_VIOLATION)) {
      return Future.failedFuture(ScimException.invalidValue("A member is not a user of this tenant"));
    }
    return Future.failedFuture(failure);
  }

  /** Pass it to {@code Tuple.of} as one value: with two arguments the varargs overload would spread it. */
  private static UUID[] array(List<UUID> ids) {
    return ids.toArray(new UUID[0]);
  }
}
