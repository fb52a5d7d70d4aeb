package dev.scimhub.scim.schema;

import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.types.SchemaResource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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
  // Lookups by lower-cased name, and by the canonical spelling too, built once: every request resolves attribute names
  // many times, nearly always spelled canonically, and lower-casing each one cost 5 % of a lookup's CPU.
  private final Map<String, AttributeDefinition> topLevel = new HashMap<>();
  private final Map<String, Map<String, AttributeDefinition>> extensionAttributes = new HashMap<>();
  private final Map<String, String> urns = new HashMap<>();
  private final List<String> attributeOrder;

  ResourceType(String name, String endpoint, SchemaResource core, List<SchemaResource> extensions,
      SchemaResource common, Map<String, String> aliases) {
    this.name = name;
    this.endpoint = endpoint;
    this.core = core;
    this.extensions = List.copyOf(extensions);
    this.common = common;
    this.aliases = Map.copyOf(aliases);
    for (AttributeDefinition attribute : core.getAttributes()) {
      topLevel.put(attribute.getName().toLowerCase(Locale.ROOT), attribute);
      topLevel.put(attribute.getName(), attribute);
    }
    for (AttributeDefinition attribute : common.getAttributes()) {
      topLevel.putIfAbsent(attribute.getName().toLowerCase(Locale.ROOT), attribute);
      topLevel.putIfAbsent(attribute.getName(), attribute);
    }
    for (SchemaResource extension : extensions) {
      Map<String, AttributeDefinition> byName = new HashMap<>();
      extension.getAttributes().forEach(a -> {
        byName.put(a.getName().toLowerCase(Locale.ROOT), a);
        byName.put(a.getName(), a);
      });
      extensionAttributes.put(extension.getId(), byName);
      urns.put(extension.getId().toLowerCase(Locale.ROOT), extension.getId());
      urns.put(extension.getId(), extension.getId());
    }
    urns.put(core.getId().toLowerCase(Locale.ROOT), core.getId());
    urns.put(core.getId(), core.getId());
    aliases.forEach((alias, canonical) -> urns.put(alias.toLowerCase(Locale.ROOT), canonical));
    List<String> order = new ArrayList<>();
    order.add("externalId");
    core.getAttributes().forEach(a -> order.add(a.getName()));
    extensions.forEach(e -> order.add(e.getId()));
    this.attributeOrder = List.copyOf(order);
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
    return canonical != null && extensionAttributes.containsKey(canonical) ? canonical : null;
  }

  public boolean isCoreUrn(String urn) {
    return core.getId().equals(canonicalUrn(urn));
  }

  /** The aliases of this type's schemas: alias URN to canonical URN. */
  public Map<String, String> aliases() {
    return aliases;
  }

  /** The canonical spelling of a URN this type knows (its own, an extension's, or an alias), else null. */
  private String canonicalUrn(String urn) {
    return urn == null || !urn.regionMatches(true, 0, "urn:", 0, 4) ? null : ignoringCase(urns, urn);
  }

  /**
   * A top-level attribute: in the extension named by {@code urn}, or, with no URN or the core URN, in the core or
   * common attributes. {@code null} if there is none.
   */
  public AttributeDefinition attribute(String urn, String attributeName) {
    if (urn == null || isCoreUrn(urn)) {
      return ignoringCase(topLevel, attributeName);
    }
    String extension = extensionUrn(urn);
    return extension == null ? null : ignoringCase(extensionAttributes.get(extension), attributeName);
  }

  /** A value of a map keyed by canonical and lower-cased names; lower-cases only a name not spelled canonically. */
  private static <V> V ignoringCase(Map<String, V> byName, String name) {
    V value = byName.get(name);
    return value != null ? value : byName.get(name.toLowerCase(Locale.ROOT));
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
    return attributeOrder;
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
