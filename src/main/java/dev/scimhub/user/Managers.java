package dev.scimhub.user;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimhub.scim.Ids;
import dev.scimhub.scim.StoredResource;
import dev.scimhub.scim.schema.Schemas;
import dev.scimhub.tenant.TenantSettings.ManagerRule;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The enterprise extension's {@code manager} as a link between users of a tenant. IdPs send the manager as whatever
 * they have: Okta and Entra an id or externalId, others (the "Manager ID (Email)" mapping of the seed pages) an
 * e-mail address or userName. {@link #resolve} turns it into the manager's id, with {@code $ref} and
 * {@code displayName}; a manager not there yet stays as sent, without {@code $ref}: pending, until a user it names is
 * created or changed ({@link #waiting}). The stored {@code manager_key} column (V009) is that value lower-cased, so
 * both questions are one index probe.
 */
final class Managers {

  private static final String EXTENSION = Schemas.ENTERPRISE_USER;
  private static final String MANAGER = "manager";
  private static final String LINKED = "(resource #> '{" + EXTENSION + "," + MANAGER + "}') ? '$ref'";

  /** Who waits for a user with one of these keys ({@code $2}) as their manager. */
  static final String WAITING = "SELECT id FROM scim_user WHERE tenant_id = $1 AND manager_key = ANY($2::text[])"
      + " AND NOT coalesce(" + LINKED + ", false) ORDER BY created, id";

  /** Whose linked manager is the user with id {@code $2}. */
  private static final String REPORTS = "SELECT id FROM scim_user WHERE tenant_id = $1 AND manager_key = $2"
      + " AND " + LINKED + " ORDER BY created, id";

  /** The one statement that lets a write say whether someone waits for the user it wrote, as {@code awaited}. */
  static final String AWAITED = "EXISTS (SELECT 1 FROM scim_user w WHERE w.tenant_id = $1 AND w.manager_key ="
      + " ANY($%d::text[]) AND NOT coalesce((w.resource #> '{" + EXTENSION + "," + MANAGER + "}') ? '$ref', false))"
      + " AS awaited";

  private final Function<String, String> usersUrl;

  /** @param usersUrl the {@code /Users} URL of a tenant's SCIM 2.0 base, for {@code $ref} */
  Managers(Function<String, String> usersUrl) {
    this.usersUrl = usersUrl;
  }

  /**
   * Links {@code resource}'s manager (in place) to the user it names under {@code rule}, or leaves it pending. A
   * manager that {@code current} already links by the same value is kept without a lookup, so a PUT that resends
   * it changes nothing.
   */
  Future<ObjectNode> resolve(SqlClient client, String tenant, ManagerRule rule, ObjectNode resource,
      StoredResource current) {
    JsonNode extension = resource.get(EXTENSION);
    JsonNode manager = extension == null ? null : extension.get(MANAGER);
    if (rule == ManagerRule.OFF || manager == null || !manager.isObject() || !manager.path("value").isTextual()
        || manager.path("value").asText().isBlank()) {
      return Future.succeededFuture(resource);
    }
    ObjectNode link = (ObjectNode) manager;
    String value = link.get("value").asText();
    JsonNode before = current == null || current.resource().get(EXTENSION) == null ? null
        : current.resource().get(EXTENSION).get(MANAGER);
    if (before != null && before.has("$ref") && before.path("value").asText().equalsIgnoreCase(value)) {
      link.removeAll().setAll((ObjectNode) before.deepCopy());
      return Future.succeededFuture(resource);
    }
    return client.preparedQuery(find(rule)).execute(Tuple.of(tenant, Ids.parse(value), value)).map(rows -> {
      link.remove("$ref");
      link.remove("displayName");
      if (rows.size() > 0) {
        Row found = rows.iterator().next();
        String id = found.getUUID("id").toString();
        link.put("value", id).put("$ref", usersUrl.apply(tenant) + "/" + id)
            .put("displayName", found.getString("display"));
      }
      return resource;
    });
  }

  /** Whether a stored user names a manager it is not linked to (yet). */
  static boolean pending(ObjectNode resource) {
    JsonNode extension = resource.get(EXTENSION);
    JsonNode manager = extension == null ? null : extension.get(MANAGER);
    return manager != null && manager.path("value").isTextual() && !manager.has("$ref");
  }

    /** The keys by which users wait for {@code user} as their manager, lower-cased as {@code manager_key} is. */
  static String[] keys(ManagerRule rule, UUID id, ObjectNode user) {
    Set<String> keys = new LinkedHashSet<>();
    if (rule == ManagerRule.AUTO || rule == ManagerRule.ID) {
      keys.add(id.toString());
    }
    if ((rule == ManagerRule.AUTO || rule == ManagerRule.EXTERNAL_ID) && user.hasNonNull("externalId")) {
      keys.add(lower(user.get("externalId").asText()));
    }
    if (rule == ManagerRule.AUTO || rule == ManagerRule.USER_NAME_OR_EMAIL) {
      keys.add(lower(user.path("userName").asText()));
      for (JsonNode email : user.path("emails")) {
        if (email.path("value").isTextual()) {
          keys.add(lower(email.get("value").asText()));
        }
      }
    }
    return keys.toArray(new String[0]);
  }

  /** The users that wait for one with these keys as their manager. */
  static Future<List<UUID>> waiting(SqlClient client, String tenant, String[] keys) {
    return ids(client, WAITING, Tuple.tuple().addString(tenant).addArrayOfString(keys));
  }

  /** The users whose linked manager is {@code manager}. */
  static Future<List<UUID>> reports(SqlClient client, String tenant, UUID manager) {
    return ids(client, REPORTS, Tuple.of(tenant, manager.toString()));
  }

  /** {@code resource} (a copy) with its manager set to {@code manager}'s id, to be resolved again. */
  static ObjectNode managedBy(ObjectNode resource, UUID manager) {
    ObjectNode copy = resource.deepCopy();
    JsonNode extension = copy.get(EXTENSION);
    if (extension instanceof ObjectNode ext && ext.get(MANAGER) instanceof ObjectNode link) {
      link.removeAll().put("value", manager.toString());
    }
    return copy;
  }

  /** {@code resource} (a copy) without its manager; an extension left empty goes too. */
  static ObjectNode withoutManager(ObjectNode resource) {
    ObjectNode copy = resource.deepCopy();
    if (copy.get(EXTENSION) instanceof ObjectNode ext) {
      ext.remove(MANAGER);
      if (ext.isEmpty()) {
        copy.remove(EXTENSION);
      }
    }
    return copy;
  }

  private static Future<List<UUID>> ids(SqlClient client, String sql, Tuple params) {
    return client.preparedQuery(sql).execute(params).map(rows -> {
      List<UUID> ids = new ArrayList<>(rows.size());
      rows.forEach(row -> ids.add(row.getUUID("id")));
      return ids;
    });
  }

  /** The user a manager value names under {@code rule}: by id (always), then externalId, then userName or e-mail. */
  private static String find(ManagerRule rule) {
    List<String> tests = new ArrayList<>();
    // A user's own id names it under every rule: a late manager is linked by writing its id into the report.
    tests.add("id = p.u");
    if (rule == ManagerRule.AUTO || rule == ManagerRule.EXTERNAL_ID) {
      tests.add("external_id = p.v");
    }
    if (rule == ManagerRule.AUTO || rule == ManagerRule.USER_NAME_OR_EMAIL) {
      tests.add("lower(user_name) = lower(p.v)");
      tests.add("emails @> ARRAY[lower(p.v)]");
    }
    StringBuilder rank = new StringBuilder("CASE");
    for (int i = 0; i < tests.size(); i++) {
      rank.append(" WHEN ").append(tests.get(i)).append(" THEN ").append(i);
    }
    rank.append(" END");
    // Both values are named once, typed, whichever tests the rule uses.
    return "SELECT id, coalesce(resource ->> 'displayName', user_name) AS display"
        + " FROM scim_user, (SELECT $2::uuid AS u, $3::text AS v) p WHERE tenant_id = $1 AND (" + String.join(" OR ", tests) + ") ORDER BY " + rank + ", created LIMIT 1";
  }

  private static String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }
}
