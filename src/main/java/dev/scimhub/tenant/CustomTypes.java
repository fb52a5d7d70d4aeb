package dev.scimhub.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.scimhub.scim.ScimException;
import dev.scimhub.scim.ScimJson;
import dev.scimhub.scim.schema.CustomSchema;
import dev.scimhub.scim.schema.Schemas;
import dev.scimhub.scim.schema.TenantTypes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The resource types a tenant's custom schema documents make, over the platform-wide defaults of
 * {@code scim.defaultSchemas} (a tenant's document of the same URN replaces a default one). Built once per distinct
 * set of documents, however many tokens and tenants share it.
 */
public final class CustomTypes {

  private final Schemas platform;
  private final List<ObjectNode> defaults;
  private final TenantTypes withDefaults;
  private final Cache<String, TenantTypes> compiled = Caffeine.newBuilder().maximumSize(1_000).build();

  /** @param defaults the platform-wide documents (a JSON array, or null), checked here: a bad one fails the start */
  public CustomTypes(Schemas platform, String defaults) {
    this.platform = platform;
    List<ObjectNode> checked = new ArrayList<>();
    if (defaults != null && !defaults.isBlank()) {
      for (JsonNode document : ScimJson.parseTree(defaults.getBytes(StandardCharsets.UTF_8))) {
        if (!document.isObject()) {
          throw new IllegalArgumentException("scim.defaultSchemas must be an array of schema documents");
        }
        checked.add(CustomSchema.check(platform, document.path("id").asText(null), (ObjectNode) document));
      }
    }
    this.defaults = List.copyOf(checked);
    this.withDefaults = platform.extend(this.defaults);
  }

  /** The resource types of a tenant whose own documents are {@code documents} (a JSON array's text, or null). */
  public TenantTypes of(String documents) {
    if (documents == null) {
      return withDefaults;
    }
    return compiled.get(documents, text -> platform.extend(merged(parse(text))));
  }

  /** The platform-wide documents every tenant has. */
  public List<ObjectNode> defaults() {
    return defaults;
  }

  Schemas platform() {
    return platform;
  }

  /** The types of these own documents, or 400 invalidValue when they cannot be used together. */
  TenantTypes check(List<ObjectNode> own) {
    try {
      return platform.extend(merged(own));
    } catch (ScimException e) {
      throw e;
    } catch (RuntimeException e) {
      throw ScimException.invalidValue("These definitions cannot be used together: " + e.getMessage());
    }
  }

  private List<ObjectNode> merged(List<ObjectNode> own) {
    Map<String, ObjectNode> byUrn = new LinkedHashMap<>();
    defaults.forEach(d -> byUrn.put(d.get("id").asText().toLowerCase(Locale.ROOT), d));
    own.forEach(d -> byUrn.put(d.get("id").asText().toLowerCase(Locale.ROOT), d));
    return List.copyOf(byUrn.values());
  }

  private static List<ObjectNode> parse(String documents) {
    List<ObjectNode> parsed = new ArrayList<>();
    ScimJson.parseTree(documents.getBytes(StandardCharsets.UTF_8)).forEach(d -> parsed.add((ObjectNode) d));
    return parsed;
  }
}
