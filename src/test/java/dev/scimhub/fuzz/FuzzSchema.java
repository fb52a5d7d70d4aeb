package dev.scimhub.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The attributes of Users and Groups as the generators see them, read from the server's own schema files
 * ({@code scim/schemas/*.json} on the class path), so that a new attribute is fuzzed without anyone listing it here.
 */
final class FuzzSchema {

  static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
  static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
  static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
  static final String OKTA_GROUP = "urn:okta:custom:group:1.0";
  static final String CORE_1 = "urn:scim:schemas:core:1.0";
  static final String ENTERPRISE_1 = "urn:scim:schemas:extension:enterprise:1.0";
  static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
  static final String SEARCH_REQUEST = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
  static final String LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
  static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

  /** One attribute of a schema (RFC 7643 section 7), with what the generators need of it. */
  record Attr(String name, String type, boolean multiValued, String mutability, List<String> canonicalValues,
      List<Attr> subAttributes) {

    boolean complex() {
      return type.equals("complex");
    }
  }

  /**
   * A resource type: its endpoint, core schema, the one extension it has, and their attributes ({@code core}
   * includes the common ones, id, externalId and meta).
   */
  record Resource(String endpoint, String coreUrn, List<Attr> core, String extensionUrn, String extensionAlias11,
      List<Attr> extension) {

    boolean isUser() {
      return endpoint.equals("/Users");
    }
  }

  static final Resource USERS;
  static final Resource GROUPS;

  static {
    List<Attr> common = attributes("common.json");
    List<Attr> user = new ArrayList<>(attributes("core-user.json"));
    user.addAll(common);
    List<Attr> group = new ArrayList<>(attributes("core-group.json"));
    group.addAll(common);
    USERS = new Resource("/Users", USER, List.copyOf(user), ENTERPRISE, ENTERPRISE_1, attributes("enterprise-user.json"));
    GROUPS = new Resource("/Groups", GROUP, List.copyOf(group), OKTA_GROUP, null, attributes("okta-group.json"));
  }

  private FuzzSchema() {}

  private static List<Attr> attributes(String file) {
    try (InputStream in = FuzzSchema.class.getClassLoader().getResourceAsStream("scim/schemas/" + file)) {
      if (in == null) {
        throw new IllegalStateException("no scim/schemas/" + file + " on the class path");
      }
      return attributes(new ObjectMapper().readTree(in).path("attributes"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Attr> attributes(JsonNode array) {
    List<Attr> attrs = new ArrayList<>();
    for (JsonNode a : array) {
      List<String> canonical = new ArrayList<>();
      a.path("canonicalValues").forEach(v -> canonical.add(v.asText()));
      attrs.add(new Attr(a.path("name").asText(), a.path("type").asText(), a.path("multiValued").asBoolean(),
          a.path("mutability").asText("readWrite"), List.copyOf(canonical), attributes(a.path("subAttributes"))));
    }
    return List.copyOf(attrs);
  }
}
