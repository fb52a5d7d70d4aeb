package dev.scimhub.scim;

import com.fasterxml.jackson.databind.JsonNode;
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

  /**
   * A list response as a cursor-paged request gets it (RFC 9865 section 2.2): no {@code startIndex}, and the
   * {@code nextCursor} unless this is the last page. Index-paged responses are returned unchanged.
   */
  public static ObjectNode positioned(ObjectNode body, SearchRequest request, String nextCursor) {
    if (!request.cursorPaged()) {
      return body;
    }
    body.remove("startIndex");
    JsonNode resources = body.remove("Resources");
    if (nextCursor != null) {
      body.put("nextCursor", nextCursor);
    }
    if (resources != null) {
      body.set("Resources", resources);
    }
    return body;
  }
}
