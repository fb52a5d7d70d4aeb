package dev.scimhub.group;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimhub.event.EventTypes;
import dev.scimhub.event.Origin;
import dev.scimhub.event.Outbox;
import dev.scimhub.http.BaseUrls;
import dev.scimhub.scim.Ids;
import dev.scimhub.scim.ScimException;
import dev.scimhub.scim.ScimJson;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * License groups: a group linked to a license key of the vendor's app (LivePreso's "assign and revoke licenses
 * directly from Okta"). A user holds a license while it is a member of any group linked to it, so an event is
 * recorded only where that changes: {@code license.granted} when a member joins a linked group (or a group is
 * linked) and no other group of the user already gave it, {@code license.revoked} when the last such group lets it
 * go (a member leaves, the group is unlinked or deleted). Events are recorded in the transaction of the change.
 *
 * <p>Two changes that could each think another group still gives a license (one user leaving two linked groups at
 * once) must not both decide so: the group's row lock orders changes of one group, and a transaction-scoped advisory
 * lock per (tenant, license), taken in license order, orders changes across the groups of one license.
 */
public final class Licenses {

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");

  /** The licenses of a group, each locked until the transaction ends; empty (and no lock) for most groups. */
  private static final String LOCK_LICENSES = """
      SELECT license, pg_advisory_xact_lock(hashtextextended(tenant_id || '/' || license, 0))
      FROM license_link WHERE tenant_id = $1 AND group_id = $2 ORDER BY license
      """;

  private static final String LOCK_LICENSE = "SELECT pg_advisory_xact_lock(hashtextextended($1 || '/' || $2, 0))";

  /**
   * Of these members and licenses, the pairs neither another group of the member nor its own entitlements give:
   * those whose holding changes with this group's membership or link.
   */
  private static final String ONLY_HERE = """
      SELECT x.m, l.license
      FROM %s CROSS JOIN unnest($3::text[]) AS l(license)
      WHERE NOT EXISTS (
        SELECT 1 FROM group_member gm
        JOIN license_link o ON o.tenant_id = gm.tenant_id AND o.group_id = gm.group_id
        WHERE gm.tenant_id = $1 AND gm.member_id = x.m AND gm.group_id <> $2 AND o.license = l.license)
      AND NOT EXISTS (
        SELECT 1 FROM scim_user u, jsonb_array_elements(coalesce(u.resource -> 'entitlements', '[]'::jsonb)) e
        WHERE u.tenant_id = $1 AND u.id = x.m AND lower(e ->> 'type') = 'license' AND e ->> 'value' = l.license)
      ORDER BY l.license, x.m
      """;
  private static final String ONLY_HERE_OF = ONLY_HERE.formatted("unnest($4::uuid[]) AS x(m)");
  private static final String ONLY_HERE_OF_GROUP = ONLY_HERE.formatted(
      "(SELECT member_id FROM group_member WHERE tenant_id = $1 AND group_id = $2) AS x(m)");

  private static final String GROUP = """
      SELECT id, display_name FROM scim_group
      WHERE tenant_id = $1 AND (id = $2 OR lower(display_name) = lower($3))
      ORDER BY id = $2 DESC LIMIT 1 FOR UPDATE
      """;
  private static final String LINK = """
      INSERT INTO license_link (tenant_id, group_id, license) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1
      """;
  private static final String UNLINK =
      "DELETE FROM license_link WHERE tenant_id = $1 AND group_id = $2 AND license = $3";
  private static final String LINKS = """
      SELECT k.license, g.id, g.display_name FROM license_link k
      JOIN scim_group g ON g.tenant_id = k.tenant_id AND g.id = k.group_id
      WHERE k.tenant_id = $1 ORDER BY k.license, lower(g.display_name)
      """;
  /** Through groups, and (with no group) the user's own entitlements of type License. */
  private static final String OF_USER = """
      SELECT k.license, g.id, g.display_name FROM group_member gm
      JOIN license_link k ON k.tenant_id = gm.tenant_id AND k.group_id = gm.group_id
      JOIN scim_group g ON g.tenant_id = gm.tenant_id AND g.id = gm.group_id
      WHERE gm.tenant_id = $1 AND gm.member_id = $2
      UNION ALL
      SELECT e ->> 'value', NULL, NULL
      FROM scim_user u, jsonb_array_elements(coalesce(u.resource -> 'entitlements', '[]'::jsonb)) e
      WHERE u.tenant_id = $1 AND u.id = $2 AND lower(e ->> 'type') = 'license' AND e ->> 'value' IS NOT NULL
      ORDER BY 1, 3
      """;
  private static final String KEYS = "SELECT DISTINCT license FROM license_link WHERE tenant_id = $1 ORDER BY license";
  private static final String USER_EXISTS = "SELECT 1 FROM scim_user WHERE tenant_id = $1 AND id = $2";

  private final Pool pool;
  private final BaseUrls urls;

  public Licenses(Pool pool, BaseUrls urls) {
    this.pool = pool;
    this.urls = urls;
  }

  /** Every license of the tenant with its groups: {@code [{license, groups: [{id, displayName}]}]}. */
  public Future<JsonArray> links(String tenant) {
    return pool.preparedQuery(LINKS).execute(Tuple.of(tenant)).map(Licenses::byLicense);
  }

  /** The license keys the tenant's license groups use. */
  public Future<List<String>> keys(String tenant) {
    return pool.preparedQuery(KEYS).execute(Tuple.of(tenant)).map(rows -> {
      List<String> keys = new ArrayList<>(rows.size());
      rows.forEach(row -> keys.add(row.getString("license")));
      return keys;
    });
  }

  /** The licenses a user holds, each with the groups that give it; 404 for a user the tenant does not have. */
  public Future<JsonArray> ofUser(String tenant, String userId) {
    UUID id = Ids.parse(userId);
    if (id == null) {
      return Future.failedFuture(ScimException.notFound("User " + userId));
    }
    return pool.preparedQuery(USER_EXISTS).execute(Tuple.of(tenant, id)).compose(found -> found.size() == 0
        ? Future.failedFuture(ScimException.notFound("User " + userId))
        : pool.preparedQuery(OF_USER).execute(Tuple.of(tenant, id)).map(Licenses::byLicense));
  }

  /**
   * Links the group named by {@code group} (its id, or its displayName) to {@code license}, and grants the license
   * to its members who did not hold it. Linking twice changes nothing. Answers the link.
   */
  public Future<JsonObject> link(String tenant, String license, String group, Origin origin) {
    return Future.succeededFuture(checked(license)).compose(key -> pool.withTransaction(conn ->
        group(conn, tenant, group).compose(found -> conn.preparedQuery(LOCK_LICENSE).execute(Tuple.of(tenant, key))
            .compose(locked -> conn.preparedQuery(LINK).execute(Tuple.of(tenant, found.id(), key)))
            .compose(inserted -> inserted.size() == 0 ? Future.succeededFuture()
                : allMembers(conn, tenant, found, key, EventTypes.LICENSE_GRANTED, origin))
            .map(v -> new JsonObject().put("license", key).put("group", found.json())))));
  }

  /** Unlinks the group from {@code license}, revoking it from members no other group gives it; 404 if not linked. */
  public Future<Void> unlink(String tenant, String license, String group, Origin origin) {
    return Future.succeededFuture(checked(license)).compose(key -> pool.withTransaction(conn ->
        group(conn, tenant, group).compose(found -> conn.preparedQuery(LOCK_LICENSE).execute(Tuple.of(tenant, key))
            .compose(locked -> allMembers(conn, tenant, found, key, EventTypes.LICENSE_REVOKED, origin)
                .compose(v -> conn.preparedQuery(UNLINK).execute(Tuple.of(tenant, found.id(), key))))
            .compose(deleted -> deleted.rowCount() == 0
                ? Future.failedFuture(ScimException.notFound("A link of group '" + group + "' to license '" + key
                    + "'"))
                : Future.succeededFuture()))));
  }

  /**
   * After a linked group's membership changed in {@code conn}'s transaction (the group row locked): grants and
   * revokes what the members that net joined or left gained or lost.
   */
  Future<Void> membershipChanged(SqlConnection conn, String tenant, ObjectNode group, UUID groupId,
      MembershipStore.Changed changed, Origin origin) {
    if (changed.none()) {
      return Future.succeededFuture();
    }
    Set<UUID> removed = new HashSet<>(changed.removed());
    Set<UUID> added = new HashSet<>(changed.added());
    // Added and removed again by one request (or the other way round): where it was, it still is.
    List<UUID> joined = changed.added().stream().filter(id -> !removed.contains(id)).distinct().toList();
    List<UUID> left = changed.removed().stream().filter(id -> !added.contains(id)).distinct().toList();
    return lockedLicenses(conn, tenant, groupId).compose(licenses -> licenses.isEmpty() ? Future.succeededFuture()
        : record(conn, tenant, group, groupId, ONLY_HERE_OF, licenses, joined, EventTypes.LICENSE_GRANTED, origin)
            .compose(v -> record(conn, tenant, group, groupId, ONLY_HERE_OF, licenses, left,
                EventTypes.LICENSE_REVOKED, origin)));
  }

  /** Before a group's deletion (its row locked): revokes what only it gave. */
  Future<Void> groupDeleting(SqlConnection conn, String tenant, ObjectNode group, UUID groupId, Origin origin) {
    return lockedLicenses(conn, tenant, groupId).compose(licenses -> licenses.isEmpty() ? Future.succeededFuture()
        : record(conn, tenant, group, groupId, ONLY_HERE_OF_GROUP, licenses, null, EventTypes.LICENSE_REVOKED,
            origin));
  }

  private Future<List<String>> lockedLicenses(SqlConnection conn, String tenant, UUID groupId) {
    return conn.preparedQuery(LOCK_LICENSES).execute(Tuple.of(tenant, groupId)).map(rows -> {
      List<String> licenses = new ArrayList<>(rows.size());
      rows.forEach(row -> licenses.add(row.getString("license")));
      return licenses;
    });
  }

  private Future<Void> allMembers(SqlConnection conn, String tenant, Found group, String license, String type,
      Origin origin) {
    return record(conn, tenant, summary(tenant, group.id(), group.displayName()), group.id(), ONLY_HERE_OF_GROUP,
        List.of(license), null, type, origin);
  }

  /** @param members the members to consider, or null for all of the group's ({@code ONLY_HERE_OF_GROUP}) */
  private Future<Void> record(SqlConnection conn, String tenant, ObjectNode group, UUID groupId, String sql,
      List<String> licenses, List<UUID> members, String type, Origin origin) {
    if (members != null && members.isEmpty()) {
      return Future.succeededFuture();
    }
    Tuple params = Tuple.tuple().addString(tenant).addUUID(groupId).addArrayOfString(licenses.toArray(new String[0]));
    if (members != null) {
      params.addArrayOfUUID(members.toArray(new UUID[0]));
    }
    return conn.preparedQuery(sql).execute(params).compose(rows -> {
      List<UUID> users = new ArrayList<>(rows.size());
      List<String> keys = new ArrayList<>(rows.size());
      for (Row row : rows) {
        users.add(row.getUUID(0));
        keys.add(row.getString(1));
      }
      return Outbox.recordLicenses(conn, tenant, type, group, urls.scimV2(tenant) + "/Users", users, keys, origin);
    });
  }

  /** What a license event says of the group: as a group event's {@code group}. */
  ObjectNode summary(String tenant, UUID id, String displayName) {
    return ScimJson.object()
        .put("id", id.toString())
        .put("displayName", displayName)
        .put("$ref", urls.scimV2(tenant) + "/Groups/" + id);
  }

  private record Found(UUID id, String displayName) {
    JsonObject json() {
      return new JsonObject().put("id", id.toString()).put("displayName", displayName);
    }
  }

  /** The group by id or (case-insensitively) displayName, its row locked like a membership change locks it. */
  private static Future<Found> group(SqlConnection conn, String tenant, String group) {
    return conn.preparedQuery(GROUP).execute(Tuple.of(tenant, Ids.parse(group), group)).compose(rows -> rows.size() == 0
        ? Future.failedFuture(ScimException.notFound("Group '" + group + "' (by id or displayName)"))
        : Future.succeededFuture(new Found(rows.iterator().next().getUUID("id"),
            rows.iterator().next().getString("display_name"))));
  }

  private static String checked(String license) {
    if (license == null || !KEY.matcher(license).matches()) {
      throw ScimException.invalidValue("A license key is 1 to 100 letters, digits, '.', '_', ':' or '-', starting"
          + " with a letter or digit");
    }
    return license;
  }

  private static JsonArray byLicense(io.vertx.sqlclient.RowSet<Row> rows) {
    Map<String, JsonArray> groups = new LinkedHashMap<>();
    Set<String> direct = new HashSet<>();
    for (Row row : rows) {
      JsonArray of = groups.computeIfAbsent(row.getString(0), k -> new JsonArray());
      if (row.getUUID(1) == null) {
        direct.add(row.getString(0));
      } else {
        of.add(new JsonObject().put("id", row.getUUID(1).toString()).put("displayName", row.getString(2)));
      }
    }
    JsonArray out = new JsonArray();
    groups.forEach((license, list) -> {
      JsonObject item = new JsonObject().put("license", license).put("groups", list);
      if (direct.contains(license)) {
        item.put("direct", true);
      }
      out.add(item);
    });
    return out;
  }
}
