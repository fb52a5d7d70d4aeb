package dev.scimhub.user;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimhub.event.EventTypes;
import dev.scimhub.event.Outbox;
import dev.scimhub.scim.Entitlements;
import dev.scimhub.scim.StoredResource;
import dev.scimhub.tenant.TenantContext;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Licenses a user holds directly: its {@code entitlements} of type {@code License}, as Okta's entitlement management
 * assigns them. A user holds a license through these or through a license group, so a direct assignment or removal
 * records {@code license.granted} or {@code license.revoked} only where no group of the user gives it; under the same
 * advisory lock per (tenant, license) as the groups' changes take, in the transaction of the change.
 */
final class DirectLicenses {

  private static final String LOCK = """
      SELECT pg_advisory_xact_lock(hashtextextended($1 || '/' || l, 0)) FROM unnest($2::text[]) AS l ORDER BY l
      """;

  private static final String NOT_FROM_GROUPS = """
      SELECT l FROM unnest($3::text[]) AS l
      WHERE NOT EXISTS (
        SELECT 1 FROM group_member gm
        JOIN license_link k ON k.tenant_id = gm.tenant_id AND k.group_id = gm.group_id
        WHERE gm.tenant_id = $1 AND gm.member_id = $2 AND k.license = l)
      ORDER BY l
      """;

  private DirectLicenses() {}

  /** The license keys among a stored user's entitlements. */
  static Set<String> of(ObjectNode resource) {
    JsonNode entitlements = resource.get("entitlements");
    if (entitlements == null || !entitlements.isArray()) {
      return Collections.emptySet();
    }
    Set<String> licenses = new TreeSet<>();
    for (JsonNode entitlement : entitlements) {
      if (Entitlements.LICENSE.equalsIgnoreCase(entitlement.path("type").asText())
          && entitlement.path("value").isTextual()) {
        licenses.add(entitlement.get("value").asText());
      }
    }
    return licenses;
  }

  static boolean changed(ObjectNode before, ObjectNode after) {
    return !of(before).equals(of(after));
  }

  /** Records what the change from {@code before} to {@code after} granted and revoked, in {@code conn}'s transaction. */
  static Future<Void> record(SqlConnection conn, TenantContext tenant, StoredResource user, Set<String> before,
      Set<String> after, String usersUrl) {
    Set<String> granted = new TreeSet<>(after);
    granted.removeAll(before);
    Set<String> revoked = new TreeSet<>(before);
    revoked.removeAll(after);
    if (granted.isEmpty() && revoked.isEmpty()) {
      return Future.succeededFuture();
    }
    Set<String> all = new TreeSet<>(granted);
    all.addAll(revoked);
    return conn.preparedQuery(LOCK).execute(Tuple.tuple().addString(tenant.id())
            .addArrayOfString(all.toArray(new String[0])))
        .compose(locked -> events(conn, tenant, user.id(), granted, EventTypes.LICENSE_GRANTED, usersUrl))
        .compose(v -> events(conn, tenant, user.id(), revoked, EventTypes.LICENSE_REVOKED, usersUrl));
  }

  private static Future<Void> events(SqlConnection conn, TenantContext tenant, UUID user, Set<String> licenses,
      String type, String usersUrl) {
    if (licenses.isEmpty()) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery(NOT_FROM_GROUPS).execute(Tuple.tuple().addString(tenant.id()).addUUID(user)
            .addArrayOfString(licenses.toArray(new String[0])))
        .compose(rows -> {
          List<String> keys = new ArrayList<>();
          List<UUID> users = new ArrayList<>();
          rows.forEach(row -> {
            keys.add(row.getString(0));
            users.add(user);
          });
          return Outbox.recordLicenses(conn, tenant.id(), type, null, usersUrl, users, keys, tenant.origin());
        });
  }
}
