package dev.scimhub.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What every create and replace body must respect, whatever its resource type: {@code id} is the server's. */
public final class ResourceBodies {

  private ResourceBodies() {}

  /** A create body must not name an {@code id}: the server assigns it (RFC 7643 section 3.1). */
  public static ObjectNode forCreate(ObjectNode body) {
    if (ScimJson.field(body, "id") != null) {
      throw ScimException.mutability("'id' is assigned by the server and must not be sent");
    }
    return body;
  }

  /** A replace body may repeat the resource's {@code id}, but not name another one. */
  public static ObjectNode forReplace(ObjectNode body, String id) {
    JsonNode sentId = ScimJson.field(body, "id");
    if (sentId != null && !sentId.asText().equals(id)) {
      throw ScimException.mutability("'id' is readOnly; the body's id differs from the URL's");
    }
    return body;
  }
}
