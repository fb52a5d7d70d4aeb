package dev.scimhub.scim.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.types.SchemaResource;
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

  private final Map<String, ObjectNode> schemaDocuments = new LinkedHashMap<>();
  private final List<ObjectNode> resourceTypeDocuments = new ArrayList<>();
  private final ObjectNode serviceProviderConfig;
  private final ObjectNode serviceProviderConfigs11;
  private final ResourceType user;
  private final ResourceType group;

  private Schemas(int maxResults) {
    ObjectNode coreUser = read("core-user.json");
    ObjectNode enterprise = read("enterprise-user.json");
    ObjectNode coreGroup = read("core-group.json");
    ObjectNode oktaGroup = read("okta-group.json");
    for (ObjectNode schema : List.of(coreUser, enterprise, coreGroup, oktaGroup)) {
      ObjectNode document = ScimJson.object();
      document.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:Schema");
      document.setAll(schema);
      schemaDocuments.put(schema.get("id").asText(), document);
    }
    for (JsonNode type : (ArrayNode) readNode("resource-types.json")) {
      resourceTypeDocuments.add((ObjectNode) type);
    }
    serviceProviderConfig = read("service-provider-config.json");
    ((ObjectNode) serviceProviderConfig.get("filter")).put("maxResults", maxResults);
    ((ObjectNode) serviceProviderConfig.get("pagination")).put("maxPageSize", maxResults)
        .put("defaultPageSize", Math.min(Paging.DEFAULT_COUNT, maxResults))
        .put("cursorTimeout", ListCursor.TIMEOUT_SECONDS);
    serviceProviderConfigs11 = read("service-provider-configs-1.1.json");
    ((ObjectNode) serviceProviderConfigs11.get("filter")).put("maxResults", maxResults);
    SchemaResource common = schema(read("common.json"));
    user = new ResourceType("User", "/Users", schema(coreUser), List.of(schema(enterprise)), common,
        Map.of(CORE_1, USER, ENTERPRISE_1, ENTERPRISE_USER));
    group = new ResourceType("Group", "/Groups", schema(coreGroup), List.of(schema(oktaGroup)), common,
        Map.of(CORE_1, GROUP));
  }

  public static Schemas load(int maxResults) {
    return new Schemas(maxResults);
  }

  public ResourceType user() {
    return user;
  }

  public ResourceType group() {
    return group;
  }

  public Map<String, ObjectNode> schemaDocuments() {
    return schemaDocuments;
  }

  public List<ObjectNode> resourceTypeDocuments() {
    return resourceTypeDocuments;
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
