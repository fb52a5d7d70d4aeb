package dev.scimhub.discovery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimhub.http.RequestKeys;
import dev.scimhub.http.Responses;
import dev.scimhub.http.ScimBase;
import dev.scimhub.scim.Dialect;
import dev.scimhub.scim.Entitlements;
import dev.scimhub.scim.ScimException;
import dev.scimhub.scim.schema.Schemas;
import dev.scimhub.scim.schema.TenantTypes;
import dev.scimhub.tenant.TenantContext;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The discovery endpoints (RFC 7644 section 4): {@code /ServiceProviderConfig}, {@code /ResourceTypes} and
 * {@code /Schemas}, served from the resource files with {@code meta.location} made absolute for the caller's base URL.
 */
public final class DiscoveryRoutes {

  private final Schemas schemas;
  private final ScimBase base;
  private final Dialect dialect;

  public DiscoveryRoutes(Schemas schemas, ScimBase base) {
    this.schemas = schemas;
    this.base = base;
    this.dialect = base.dialect();
  }

  public void mount(Router scim) {
    if (dialect == Dialect.SCIM_2) {
      scim.get("/ServiceProviderConfig").handler(this::serviceProviderConfig);
    } else {
      scim.get("/ServiceProviderConfigs").handler(ctx -> Responses.scim(ctx, 200,
          located(ctx, schemas.serviceProviderConfigs11())).onFailure(ctx::fail));
    }
    scim.get("/ResourceTypes").handler(this::resourceTypes);
    scim.get("/ResourceTypes/:name").handler(this::resourceType);
    scim.get("/Schemas").handler(this::schemaList);
    scim.get("/Schemas/:urn").handler(this::schema);
  }

  private void serviceProviderConfig(RoutingContext ctx) {
    Responses.scim(ctx, 200, located(ctx, schemas.serviceProviderConfig())).onFailure(ctx::fail);
  }

  private void resourceTypes(RoutingContext ctx) {
    List<ObjectNode> all = new ArrayList<>();
    types(ctx).resourceTypeDocuments().stream().filter(doc -> advertised(doc.path("schema").asText()))
        .forEach(doc -> all.add(advertisedExtensions(located(ctx, doc))));
    Responses.scim(ctx, 200, dialect.listResponse(all.size(), 1, all)).onFailure(ctx::fail);
  }

  private void resourceType(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    types(ctx).resourceTypeDocuments().stream()
        .filter(doc -> doc.get("id").asText().equalsIgnoreCase(name) && advertised(doc.path("schema").asText()))
        .findFirst()
        .ifPresentOrElse(
            doc -> Responses.scim(ctx, 200, advertisedExtensions(located(ctx, doc))).onFailure(ctx::fail),
            () -> ctx.fail(ScimException.notFound("ResourceType " + name)));
  }

  private void schemaList(RoutingContext ctx) {
    List<ObjectNode> all = new ArrayList<>();
    types(ctx).schemaDocuments().forEach((urn, doc) -> {
      if (advertised(urn)) {
        all.add(located(ctx, doc));
      }
    });
    ObjectNode list = dialect.listResponse(all.size(), 1, all);
    if (dialect != Dialect.SCIM_2) {
      // Okta's SCIM 1.1 test reads this list by its own message URN, which no other 1.1 list carries.
      list.putArray("schemas").add(Schemas.LIST_RESPONSE_1);
    }
    Responses.scim(ctx, 200, list).onFailure(ctx::fail);
  }

  private void schema(RoutingContext ctx) {
    String urn = ctx.pathParam("urn");
    types(ctx).schemaDocuments().entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(urn) && advertised(e.getKey()))
        .findFirst()
        .ifPresentOrElse(
            e -> Responses.scim(ctx, 200, located(ctx, e.getValue())).onFailure(ctx::fail),
            () -> ctx.fail(ScimException.notFound("Schema " + urn)));
  }

  /**
   * Whether a schema (or a resource type, by its schema) is shown at this base URL. Okta's group extension belongs to
   * its SCIM 1.1 dialect (the 1.1 app pushes group descriptions in it): a 2.0 client is not told of a schema it has no
   * use for. A group that carries it still shows it over 2.0, as stored.
   */
  private boolean advertised(String urn) {
    if (dialect == Dialect.SCIM_2) {
      return !Schemas.OKTA_GROUP.equalsIgnoreCase(urn);
    }
    // Okta's entitlement management reads SCIM 2.0 apps only; /Licenses and /Roles are served there.
    return !Entitlements.ENTITLEMENT_SCHEMA.equals(urn) && !Entitlements.ROLE_SCHEMA.equals(urn);
  }

  private ObjectNode advertisedExtensions(ObjectNode resourceType) {
    if (resourceType.get("schemaExtensions") instanceof ArrayNode extensions) {
      for (int i = extensions.size() - 1; i >= 0; i--) {
        if (!advertised(extensions.get(i).path("schema").asText())) {
          extensions.remove(i);
        }
      }
      if (extensions.isEmpty()) {
        resourceType.remove("schemaExtensions");
      }
    }
    return resourceType;
  }

  /** The tenant's schemas: the platform's and its custom attributes, which no other tenant's discovery shows. */
  private static TenantTypes types(RoutingContext ctx) {
    return TenantContext.of(ctx).types();
  }

  /** A copy whose relative {@code meta.location} is prefixed with the caller's base URL. */
  private ObjectNode located(RoutingContext ctx, ObjectNode document) {
    ObjectNode copy = document.deepCopy();
    if (copy.get("meta") instanceof ObjectNode meta && meta.has("location")) {
      meta.put("location", base.url(RequestKeys.tenant(ctx)) + meta.get("location").asText());
    }
    return copy;
  }
}
