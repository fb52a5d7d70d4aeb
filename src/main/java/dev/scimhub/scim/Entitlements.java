package dev.scimhub.scim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The licenses and roles the vendor's app declares ({@code scim.entitlements}), which Okta Identity Governance
 * discovers at {@code /Licenses} and {@code /Roles} and assigns through a user's {@code entitlements} (type
 * {@code License}) and {@code roles}. A tenant's licenses are these and the keys its license groups use; with a
 * declared list of licenses (or roles), a user may hold only those.
 */
public record Entitlements(List<Item> licenses, List<Item> roles) {

  public static final String ENTITLEMENT_SCHEMA = "urn:okta:scim:schemas:core:1.0:Entitlement";
  public static final String ROLE_SCHEMA = "urn:okta:scim:schemas:core:1.0:Role";
  /** The {@code type} of a user's entitlement that is a license, and the resource type's name. */
  public static final String LICENSE = "License";

  public static final Entitlements NONE = new Entitlements(List.of(), List.of());

  /** One license or role: its key, the name Okta shows, and what it gives. */
  public record Item(String id, String displayName, String description) {}

  /** From its JSON form {@code {"licenses": [{id, displayName, description}], "roles": [...]}}; null is none. */
  public static Entitlements parse(JsonNode json) {
    if (json == null || json.isNull()) {
      return NONE;
    }
    if (!json.isObject()) {
      throw new IllegalArgumentException("scim.entitlements must be {\"licenses\": [...], \"roles\": [...]}");
    }
    return new Entitlements(items(json.get("licenses")), items(json.get("roles")));
  }

  private static List<Item> items(JsonNode list) {
    List<Item> items = new ArrayList<>();
    if (list == null || list.isNull()) {
      return items;
    }
    for (JsonNode item : list) {
      String id = item.path("id").asText("");
      if (id.isBlank() || id.length() > 100) {
        throw new IllegalArgumentException("each of scim.entitlements' licenses and roles needs an id");
      }
      items.add(new Item(id, item.path("displayName").asText(id), item.path("description").asText(null)));
    }
    return List.copyOf(items);
  }

  public boolean declaresRoles() {
    return !roles.isEmpty();
  }

  /** The entitlement or role as a resource of its endpoint. */
  public static com.fasterxml.jackson.databind.node.ObjectNode resource(Item item, boolean license, String baseUrl) {
    var out = ScimJson.object();
    out.putArray("schemas").add(license ? ENTITLEMENT_SCHEMA : ROLE_SCHEMA);
    out.put("id", item.id());
    if (license) {
      out.put("type", LICENSE);
    }
    out.put("displayName", item.displayName());
    if (item.description() != null) {
      out.put("description", item.description());
    }
    var meta = out.putObject("meta");
    meta.put("resourceType", license ? LICENSE : "Role")
        .put("location", baseUrl + (license ? "/Licenses/" : "/Roles/") + item.id());
    return out;
  }
}
