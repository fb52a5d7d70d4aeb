package dev.scimhub.scim.schema;

import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.types.SchemaResource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A resource type with its core schema, its extension schemas and the common attributes (RFC 7643 section 3.1):
 * the one place that knows attribute names, types, mutability and {@code caseExact}. Every lookup ignores case,
 * because SCIM attribute names are case-insensitive; what it returns carries the canonical spelling.
 */
public final class ResourceType {

  private final String name;
  private final String endpoint;
  private final SchemaResource core;
  private final List<SchemaResource> extensions;
  private final SchemaResource common;
  /** Other names of the same schemas (SCIM 1.1 URNs), to their canonical URN. */
  private final Map<String, String> aliases;

  ResourceType(String name, String endpoint, SchemaResource core, List<SchemaResource> extensions,
      SchemaResource common, Map<String, String> aliases) {
    this.name = name;
    this.endpoint = endpoint;
    this.core = core;
    this.extensions = List.copyOf(extensions);
    this.common = common;
    this.aliases = Map.copyOf(aliases);
  }

  public String name() {
    return name;
  }

  public String endpoint() {
    return endpoint;
  }

  public String coreUrn() {
    return core.getId();
  }

  public List<SchemaResource> extensions() {
    return extensions;
  }

  /** The schema URNs a representation of this type may list in {@code schemas}. */
  public List<String> schemaUrns() {
    List<String> urns = new ArrayList<>();
    urns.add(core.getId());
    extensions.forEach(e -> urns.add(e.getId()));
    return urns;
  }

  /** The canonical URN of an extension of this type, or {@code null} if {@code urn} names none. */
  public String extensionUrn(String urn) {
    String canonical = canonicalUrn(urn);
    for (SchemaResource extension : extensions) {
      if (extension.getId().equalsIgnoreCase(canonical)) {
        return extension.getId();
      }
    }
    return null;
  }

  public boolean isCoreUrn(String urn) {
    return core.getId().equalsIgnoreCase(canonicalUrn(urn));
  }

  /** The aliases of this type's schemas: alias URN to canonical URN. */
  public Map<String, String> aliases() {
    return aliases;
  }

  private String canonicalUrn(String urn) {
    if (urn == null) {
      return null;
    }
    for (Map.Entry<String, String> alias : aliases.entrySet()) {
      if (alias.getKey().equalsIgnoreCase(urn)) {
        return alias.getValue();
      }
    }
    return urn;
  }

  /**
   * A top-level attribute: in the extension named by {@code urn}, or, with no URN or the core URN, in the core or
   * common attributes. {@code null} if there is none.
   */
  public AttributeDefinition attribute(String urn, String attributeName) {
    if (urn == null || isCoreUrn(urn)) {
      AttributeDefinition found = find(core.getAttributes(), attributeName);
      return found != null ? found : find(common.getAttributes(), attributeName);
    }
    String extension = extensionUrn(urn);
    if (extension == null) {
      return null;
    }
    for (SchemaResource schema : extensions) {
      if (schema.getId().equals(extension)) {
        return find(schema.getAttributes(), attributeName);
      }
    }
    return null;
  }

  /** The attributes of the extension named by its canonical URN. */
  public Collection<AttributeDefinition> extensionAttributes(String canonicalUrn) {
    for (SchemaResource schema : extensions) {
      if (schema.getId().equals(canonicalUrn)) {
        return schema.getAttributes();
      }
    }
    return List.of();
  }

  /** Top-level keys in the order a representation shows them: externalId, the core attributes, the extensions. */
  public List<String> attributeOrder() {
    List<String> order = new ArrayList<>();
    order.add("externalId");
    core.getAttributes().forEach(a -> order.add(a.getName()));
    extensions.forEach(e -> order.add(e.getId()));
    return order;
  }

  /** Core and common attributes, for walking a whole representation. */
  public List<AttributeDefinition> topLevelAttributes() {
    List<AttributeDefinition> all = new ArrayList<>(core.getAttributes());
    all.addAll(common.getAttributes());
    return all;
  }

  public static AttributeDefinition subAttribute(AttributeDefinition parent, String name) {
    return parent.getSubAttributes() == null ? null : find(parent.getSubAttributes(), name);
  }

  static AttributeDefinition find(Collection<AttributeDefinition> attributes, String name) {
    if (attributes == null) {
      return null;
    }
    for (AttributeDefinition attribute : attributes) {
      if (attribute.getName().equalsIgnoreCase(name)) {
        return attribute;
      }
    }
    return null;
  }
}
