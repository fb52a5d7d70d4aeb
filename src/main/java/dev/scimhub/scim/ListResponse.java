package dev.scimhub.scim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimhub.scim.schema.Schemas;
import java.util.List;

/** The ListResponse message (RFC 7644 section 3.4.2): {@code itemsPerPage} is what this page actually holds. */
public final class ListResponse {

  private ListResponse() {}

  public static ObjectNode of(long totalResults, int startIndex, List<ObjectNode> resources) {
    ObjectNode body = ScimJson.object();
    body.putArray("schemas").add(Schemas.LIST_RESPONSE);
    body.put("totalResults", totalResults);
    body.put("startIndex", startIndex);
    body.put("itemsPerPage", resources.size());
    ArrayNode array = body.putArray("Resources");
    resources.forEach(array::add);
    return body;
  }
}
