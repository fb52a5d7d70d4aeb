package dev.scimhub.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimhub.scim.schema.ResourceType;
import java.util.List;

/**
 * The protocol version a base URL speaks. Both versions work on the same data through the same handlers; a dialect
 * converts at the edges: its PATCH bodies into RFC 7644 PatchOp messages, and representations and list responses
 * out of the RFC 7643 forms.
 */
public interface Dialect {

  /** SCIM 2.0 (RFC 7643/7644): the forms everything inside already uses. */
  Dialect SCIM_2 = new Dialect() {
    @Override
    public ObjectNode representation(ResourceType type, ObjectNode resource) {
      return resource;
    }

    @Override
    public ObjectNode listResponse(long total, int startIndex, List<ObjectNode> resources) {
      return ListResponse.of(total, startIndex, resources);
    }

    @Override
    public ObjectNode patchRequest(ResourceType type, ObjectNode body) {
      return body;
    }

    @Override
    public String toString() {
      return "SCIM 2.0";
    }
  };

  /** A SCIM 2.0 representation as this dialect shows it; may change it in place. */
  ObjectNode representation(ResourceType type, ObjectNode resource);

  ObjectNode listResponse(long total, int startIndex, List<ObjectNode> resources);

  /** A PATCH body of this dialect as an RFC 7644 PatchOp message. */
  ObjectNode patchRequest(ResourceType type, ObjectNode body);

  /** An RFC 7644 error body as this dialect shows it; may change it in place. */
  default ObjectNode error(ObjectNode body, ScimException error) {
    return body;
  }
}
