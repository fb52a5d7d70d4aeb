package dev.scimhub.scim.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.types.SchemaResource;
import dev.scimhub.scim.Entitlements;
import dev.scimhub.scim.Paging;
import dev.scimhub.scim.ScimJson;
import dev.scimhub.scim.filter.ListCursor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SCIM schemas and resource types, read once at start from {@code scim/schemas/*.json} (blocking is fine there).
 * They drive both the discovery endpoints and how representations are validated, filtered and projected.
 */
public final class Schemas {

  public static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
  public static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
  public static final String ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
  public static final String LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
  public static final String SEARCH_REQUEST = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
  public static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
  public static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
  public static final String OKTA_GROUP = "urn:okta:custom:group:1.0";
  /** SCIM 1.1's names of the same schemas. */
  public static final String CORE_1 = "urn:scim:schemas:core:1.0";
  public static final String ENTERPRISE_1 = "urn:scim:schemas:extension:enterprise:1.0";
  /** The SCIM 1.1 list of {@code /Schemas}, as Okta's 1.1 tests expect it. */
  public static final String LIST_RESPONSE_1 = "urn:scim:schemas:core:1.0:ListResponse";

  private final ObjectNode serviceProviderConfig;
  private final ObjectNode serviceProviderConfigs11;
  /** The schema documents as read, before a tenant's attributes are added to copies of them. */
  private final ObjectNode coreUser;
  private final ObjectNode enterprise;
  private final ObjectNode coreGroup;
  private final ObjectNode oktaGroup;
  private final List<ObjectNode> resourceTypes = new ArrayList<>();
  private final SchemaResource common;
  private final ObjectNode oktaEntitlement;
  private final ObjectNode oktaRole;
  private Entitlements entitlements = Entitlements.NONE;
  private TenantTypes base;

  private Schemas(int maxResults) {
    coreUser = read("core-user.json");
    enterprise = read("enterprise-user.json");
    coreGroup = read("core-group.json");
    oktaGroup = read("okta-group.json");
    for (JsonNode type : (ArrayNode) readNode("resource-types.json")) {
      resourceTypes.add((ObjectNode) type);
    }
    serviceProviderConfig = read("service-provider-config.json");
    ((ObjectNode) serviceProviderConfig.get("filter")).put("maxResults", maxResults);
    ((ObjectNode) serviceProviderConfig.get("pagination")).put("maxPageSize", maxResults)
        .put("defaultPageSize", Math.min(Paging.DEFAULT_COUNT, maxResults))
        .put("cursorTimeout", ListCursor.TIMEOUT_SECONDS);
    serviceProviderConfigs11 = read("service-provider-configs-1.1.json");
    ((ObjectNode) serviceProviderConfigs11.get("filter")).put("maxResults", maxResults);
    common = schema(read("common.json"));
    oktaEntitlement = read("okta-entitlement.json");
    oktaRole = read("okta-role.json");
    base = extend(List.of());
  }

  /**
   * Announces the app's licenses (and roles, when it declares some) the way Okta's entitlement management discovers
   * them: resource types {@code License} at {@code /Licenses} and {@code Role} at {@code /Roles}, with Okta's schemas.
   * Called once, before the first request.
   */
  public Schemas announceEntitlements(Entitlements declared) {
    this.entitlements = declared;
    this.base = extend(List.of());
    return this;
  }

  public Entitlements entitlements() {
    return entitlements;
  }

  /** The resource types and discovery documents of a tenant without custom attributes. */
  public TenantTypes base() {
    return base;
  }

  /**
   * The resource types of a tenant with these custom schema documents (each checked by {@link CustomSchema#check}):
   * attributes of the core or enterprise URN join that schema, any other URN is an extension of its resource type.
   */
  public TenantTypes extend(List<ObjectNode> documents) {
    Map<String, ObjectNode> user = new LinkedHashMap<>();
    user.put(USER, coreUser.deepCopy());
    user.put(ENTERPRISE_USER, enterprise.deepCopy());
    Map<String, ObjectNode> group = new LinkedHashMap<>();
    group.put(GROUP, coreGroup.deepCopy());
    group.put(OKTA_GROUP, oktaGroup.deepCopy());
    for (ObjectNode document : documents) {
      Map<String, ObjectNode> of = "Group".equals(document.path("resourceType").asText()) ? group : user;
      String urn = document.get("id").asText();
      ObjectNode schema = of.get(urn);
      if (schema == null) {
        schema = ScimJson.object();
        schema.put("id", urn).put("name", document.path("name").asText(urn));
        if (document.hasNonNull("description")) {
          schema.put("description", document.get("description").asText());
        }
        schema.putArray("attributes");
        ObjectNode meta = schema.putObject("meta");
        meta.put("resourceType", "Schema").put("location", "/Schemas/" + urn);
        of.put(urn, schema);
      }
      ArrayNode attributes = (ArrayNode) schema.get("attributes");
      document.get("attributes").forEach(attribute -> attributes.add(attribute.deepCopy()));
    }
    Map<String, ObjectNode> schemaDocuments = new LinkedHashMap<>();
    for (Map<String, ObjectNode> of : List.of(user, group)) {
      of.forEach((urn, schema) -> {
        ObjectNode document = ScimJson.object();
        document.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:Schema");
        document.setAll(schema);
        schemaDocuments.put(urn, document);
      });
    }
    schemaDocuments.put(Entitlements.ENTITLEMENT_SCHEMA, document(oktaEntitlement));
    if (entitlements.declaresRoles()) {
      schemaDocuments.put(Entitlements.ROLE_SCHEMA, document(oktaRole));
    }
    ResourceType userType = type("User", "/Users", user, Map.of(CORE_1, USER, ENTERPRISE_1, ENTERPRISE_USER));
    ResourceType groupType = type("Group", "/Groups", group, Map.of(CORE_1, GROUP));
    List<ObjectNode> resourceTypeDocuments = new ArrayList<>();
    for (ObjectNode document : resourceTypes) {
      ObjectNode copy = document.deepCopy();
      Map<String, ObjectNode> of = "Group".equals(copy.path("id").asText()) ? group : user;
      ArrayNode extensions = copy.withArray("schemaExtensions");
      List<String> listed = new ArrayList<>();
      extensions.forEach(e -> listed.add(e.path("schema").asText()));
      of.keySet().stream().skip(1).filter(urn -> !listed.contains(urn))
          .forEach(urn -> extensions.addObject().put("schema", urn).put("required", false));
      resourceTypeDocuments.add(copy);
    }
    resourceTypeDocuments.add(entitlementType(Entitlements.LICENSE, "/Licenses", Entitlements.ENTITLEMENT_SCHEMA,
        "The app's licenses; a user holds one through a license group or its own entitlements (type License)"));
    if (entitlements.declaresRoles()) {
      resourceTypeDocuments.add(entitlementType("Role", "/Roles", Entitlements.ROLE_SCHEMA,
          "The app's roles, assigned through a user's roles"));
    }
    List<TenantTypes.Custom> custom = new ArrayList<>();
    for (ObjectNode document : documents) {
      boolean isGroup = "Group".equals(document.path("resourceType").asText());
      ResourceType type = isGroup ? groupType : userType;
      String urn = document.get("id").asText();
      boolean core = type.isCoreUrn(urn);
      for (JsonNode attribute : document.get("attributes")) {
        AttributeDefinition definition = type.attribute(core ? null : urn, attribute.get("name").asText());
        if (definition == null) {
          throw new IllegalArgumentException("'" + urn + "' does not name a schema of " + type.name()
              + " that its attributes can join");
        }
        custom.add(new TenantTypes.Custom(type.name(), urn, core, definition));
      }
    }
    return new TenantTypes(userType, groupType, schemaDocuments, resourceTypeDocuments, List.copyOf(custom),
        entitlements);
  }

  private static ObjectNode document(ObjectNode schema) {
    ObjectNode document = ScimJson.object();
    document.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:Schema");
    document.setAll(schema.deepCopy());
    return document;
  }

  private static ObjectNode entitlementType(String name, String endpoint, String schema, String description) {
    ObjectNode type = ScimJson.object();
    type.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:ResourceType");
    type.put("id", name).put("name", name).put("endpoint", endpoint).put("description", description)
        .put("schema", schema);
    type.putObject("meta").put("resourceType", "ResourceType").put("location", "/ResourceTypes/" + name);
    return type;
  }

  private ResourceType type(String name, String endpoint, Map<String, ObjectNode> schemas, Map<String, String> aliases) {
    List<SchemaResource> all = new ArrayList<>();
    schemas.values().forEach(document -> all.add(schema(document)));
    return new ResourceType(name, endpoint, all.get(0), all.subList(1, all.size()), common, aliases);
  }

  public static Schemas load(int maxResults) {
    return new Schemas(maxResults);
  }

  /** The User resource type of a tenant without custom attributes. */
  public ResourceType user() {
    return base.user();
  }

  public ResourceType group() {
    return base.group();
  }

  /** The core and extension schemas of {@code resourceType} as the platform defines them, by URN (core first). */
  public Map<String, ObjectNode> platformSchemas(String resourceType) {
    Map<String, ObjectNode> of = new LinkedHashMap<>();
    if ("Group".equals(resourceType)) {
      of.put(GROUP, coreGroup);
      of.put(OKTA_GROUP, oktaGroup);
    } else {
      of.put(USER, coreUser);
      of.put(ENTERPRISE_USER, enterprise);
    }
    return of;
  }

  /** Announces Bulk in {@code /ServiceProviderConfig} (RFC 7643 section 5), with the limits the endpoint enforces. */
  public Schemas announceBulk(int maxOperations, long maxPayloadSize) {
    ((ObjectNode) serviceProviderConfig.get("bulk")).put("supported", true).put("maxOperations", maxOperations)
        .put("maxPayloadSize", maxPayloadSize);
    return this;
  }

  public ObjectNode serviceProviderConfig() {
    return serviceProviderConfig;
  }

  /** SCIM 1.1's {@code /ServiceProviderConfigs}, with the capabilities Okta reads from its own extension. */
  public ObjectNode serviceProviderConfigs11() {
    return serviceProviderConfigs11;
  }

  private static SchemaResource schema(ObjectNode document) {
    try {
      return ScimJson.convert(document, SchemaResource.class);
    } catch (IOException e) {
      throw new UncheckedIOException("invalid schema " + document.get("id"), e);
    }
  }

  private static ObjectNode read(String file) {
    return (ObjectNode) readNode(file);
  }

  private static JsonNode readNode(String file) {
    try (InputStream in = Schemas.class.getResourceAsStream("/scim/schemas/" + file)) {
      if (in == null) {
        throw new IllegalStateException("missing resource scim/schemas/" + file);
      }
      return ScimJson.parseTree(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
