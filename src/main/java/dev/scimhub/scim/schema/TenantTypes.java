package dev.scimhub.scim.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.types.AttributeDefinition;
import dev.scimhub.scim.Entitlements;
import dev.scimhub.scim.ScimException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The resource types of one tenant: the platform's, extended with the tenant's custom attributes (its own extension
 * schemas, and attributes it added to the core or enterprise schemas, as Okta's profile editor adds them), with the
 * discovery documents that describe exactly those. Built by {@link Schemas#extend}; a tenant without custom
 * attributes shares {@link Schemas#base()}.
 *
 * @param custom the attributes the tenant defined, which the generic schema machinery does not check on its own
 * @param entitlements the app's declared licenses and roles, which a user's entitlements and roles may name
 */
public record TenantTypes(ResourceType user, ResourceType group, Map<String, ObjectNode> schemaDocuments,
    List<ObjectNode> resourceTypeDocuments, List<Custom> custom, Entitlements entitlements) {

  /**
   * One attribute a tenant defined: top-level in the schema {@code urn} (the core one for a core attribute) of the
   * resource type named {@code resourceType}.
   */
  public record Custom(String resourceType, String urn, boolean core, AttributeDefinition definition) {

    /** The attribute's value in a stored resource, or null. */
    JsonNode in(ObjectNode stored) {
      JsonNode holder = core ? stored : stored.get(urn);
      return holder == null ? null : holder.get(definition.getName());
    }

    String path() {
      return core ? definition.getName() : urn + ":" + definition.getName();
    }
  }

  /**
   * A value of a custom attribute whose {@code uniqueness} is {@code server} or {@code global}: no other resource of
   * the tenant may have it.
   *
   * @param keys the JSON keys to it in a stored resource ({@code [urn, name]}, or {@code [name]} for a core one)
   * @param value as stored; compared ignoring case unless the attribute is {@code caseExact}
   */
  public record Unique(String path, List<String> keys, boolean caseExact, String value) {

    /** The value as uniqueness compares it. */
    public String compared() {
      return caseExact ? value : value.toLowerCase(Locale.ROOT);
    }
  }

  /** The values of the tenant's unique custom attributes in a stored resource of {@code type} (single, simple ones). */
  public List<Unique> uniqueValues(ResourceType type, ObjectNode stored) {
    List<Unique> unique = new java.util.ArrayList<>();
    for (Custom attribute : custom) {
      AttributeDefinition definition = attribute.definition();
      if (!attribute.resourceType().equals(type.name())
          || definition.getUniqueness() == AttributeDefinition.Uniqueness.NONE || definition.isMultiValued()
          || definition.getType() == AttributeDefinition.Type.COMPLEX) {
        continue;
      }
      JsonNode value = attribute.in(stored);
      if (value != null && value.isValueNode() && !value.isNull()) {
        unique.add(new Unique(attribute.path(), attribute.core() ? List.of(definition.getName())
            : List.of(attribute.urn(), definition.getName()), definition.isCaseExact(), value.asText()));
      }
    }
    return unique;
  }

  /**
   * A change may not give an {@code immutable} custom attribute that has a value another one (RFC 7643 section
   * 2.2): 400 {@code mutability}.
   */
  public void checkImmutable(ResourceType type, ObjectNode before, ObjectNode after) {
    for (Custom attribute : custom) {
      if (!attribute.resourceType().equals(type.name())
          || attribute.definition().getMutability() != AttributeDefinition.Mutability.IMMUTABLE) {
        continue;
      }
      JsonNode was = attribute.in(before);
      if (was != null && !was.isNull() && !was.equals(attribute.in(after))) {
        throw ScimException.mutability("'" + attribute.path() + "' is immutable: it keeps the value it was given");
      }
    }
  }

  public ResourceType type(String name) {
    return "Group".equals(name) ? group : user;
  }

  /**
   * Whether a stored resource of this tenant may be sent as stored, without a projection: not when a custom attribute
   * is returned only on request or never.
   */
  public boolean sendsStoredAsIs() {
    for (Custom attribute : custom) {
      AttributeDefinition.Returned returned = attribute.definition().getReturned();
      if (returned == AttributeDefinition.Returned.NEVER || returned == AttributeDefinition.Returned.REQUEST) {
        return false;
      }
    }
    return true;
  }

  /**
   * Checks what the schema machinery leaves to the definitions (RFC 7643 section 2.2): a required custom attribute
   * present, and a value among {@code canonicalValues} where those are given. Fails with 400 invalidValue.
   */
  public void check(ResourceType type, ObjectNode stored) {
    if (type.name().equals("User")) {
      checkDeclared(stored.get("entitlements"), entitlements.licenses(), true);
      checkDeclared(stored.get("roles"), entitlements.roles(), false);
    }
    for (Custom attribute : custom) {
      if (!attribute.resourceType().equals(type.name())) {
        continue;
      }
      AttributeDefinition definition = attribute.definition();
      JsonNode value = attribute.in(stored);
      if (definition.isRequired() && (value == null || value.isNull() || (value.isArray() && value.isEmpty()))) {
        throw ScimException.invalidValue("'" + attribute.path() + "' is required");
      }
      if (value != null && definition.getCanonicalValues() != null && !definition.getCanonicalValues().isEmpty()) {
        for (JsonNode one : value.isArray() ? value : List.of(value)) {
          if (one.isValueNode() && !canonical(definition, one.asText())) {
            throw ScimException.invalidValue("'" + attribute.path() + "' must be one of "
                + definition.getCanonicalValues() + ", got '" + one.asText() + "'");
          }
        }
      }
    }
  }

  /** A license (an entitlement of type License) or role a user holds must be one the app declared, if it did. */
  private static void checkDeclared(JsonNode values, List<Entitlements.Item> declared, boolean licenses) {
    if (values == null || declared.isEmpty()) {
      return;
    }
    for (JsonNode value : values) {
      if (licenses && !Entitlements.LICENSE.equalsIgnoreCase(value.path("type").asText())) {
        continue;
      }
      String id = value.path("value").asText();
      if (declared.stream().noneMatch(item -> item.id().equals(id))) {
        throw ScimException.invalidValue("'" + id + "' is not one of the app's " + (licenses ? "licenses" : "roles")
            + " (see /" + (licenses ? "Licenses" : "Roles") + ")");
      }
    }
  }

  private static boolean canonical(AttributeDefinition definition, String value) {
    for (String allowed : definition.getCanonicalValues()) {
      if (definition.isCaseExact() ? allowed.equals(value)
          : allowed.toLowerCase(Locale.ROOT).equals(value.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }
}
