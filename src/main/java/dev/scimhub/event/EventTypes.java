package dev.scimhub.event;

import dev.scimhub.scim.ScimException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The event types, and a reader's choice of them: {@code types=user.*,group.member_added} is every user event and
 * one group event. A name that is no type and no family is 400, so that a typo does not silently read nothing.
 */
public record EventTypes(String[] exact, String[] prefixes) {

  public static final String USER_CREATED = "user.created";
  public static final String USER_UPDATED = "user.updated";
  public static final String USER_DEACTIVATED = "user.deactivated";
  public static final String USER_REACTIVATED = "user.reactivated";
  public static final String USER_DELETED = "user.deleted";
  public static final String GROUP_CREATED = "group.created";
  public static final String GROUP_UPDATED = "group.updated";
  public static final String GROUP_DELETED = "group.deleted";
  public static final String GROUP_MEMBER_ADDED = "group.member_added";
  public static final String GROUP_MEMBER_REMOVED = "group.member_removed";
  public static final String TENANT_CREATED = "tenant.created";
  public static final String TENANT_SUSPENDED = "tenant.suspended";
  public static final String TENANT_RESUMED = "tenant.resumed";
  public static final String TENANT_DELETED = "tenant.deleted";
  public static final String TOKEN_CREATED = "token.created";
  public static final String TOKEN_RESET = "token.reset";
  public static final String TOKEN_REVOKED = "token.revoked";
  public static final String LICENSE_GRANTED = "license.granted";
  public static final String LICENSE_REVOKED = "license.revoked";

  public static final Set<String> ALL = Set.of(USER_CREATED, USER_UPDATED, USER_DEACTIVATED, USER_REACTIVATED,
      USER_DELETED, GROUP_CREATED, GROUP_UPDATED, GROUP_DELETED, GROUP_MEMBER_ADDED, GROUP_MEMBER_REMOVED,
      TENANT_CREATED, TENANT_SUSPENDED, TENANT_RESUMED, TENANT_DELETED, TOKEN_CREATED, TOKEN_RESET, TOKEN_REVOKED,
      LICENSE_GRANTED, LICENSE_REVOKED);
  private static final Set<String> FAMILIES = Set.of("user", "group", "tenant", "token", "license");

  /** Every type. */
  public static final EventTypes EVERY = new EventTypes(null, null);

  /** From the {@code types} parameter: comma-separated types and {@code family.*}; none or blank is every type. */
  public static EventTypes parse(String types) {
    if (types == null || types.isBlank()) {
      return EVERY;
    }
    List<String> exact = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    for (String raw : types.split(",", 50)) {
      String type = raw.trim();
      if (type.endsWith(".*") && FAMILIES.contains(type.substring(0, type.length() - 2))) {
        prefixes.add(type.substring(0, type.length() - 1) + "%");
      } else if (ALL.contains(type)) {
        exact.add(type);
      } else if (!type.isEmpty()) {
        throw ScimException.invalidValue("'" + (type.length() > 40 ? type.substring(0, 40) + "…" : type)
            + "' is not an event type (known: " + String.join(", ", ALL.stream().sorted().toList())
            + "; or a family such as user.*)");
      }
    }
    return new EventTypes(exact.toArray(new String[0]), prefixes.toArray(new String[0]));
  }
}
