package dev.scimhub.scim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A resource as a store keeps it: the client-writable attributes (canonical names; never id, meta, or what is kept
 * elsewhere such as passwords and memberships) and the server-owned metadata.
 *
 * @param groups the groups it is a direct member of, as {@code [{value, display}]}, when the store read them; else
 *     null
 */
public record StoredResource(UUID id, ObjectNode resource, long version, OffsetDateTime created,
    OffsetDateTime lastModified, ArrayNode groups) {

  public StoredResource(UUID id, ObjectNode resource, long version, OffsetDateTime created,
      OffsetDateTime lastModified) {
    this(id, resource, version, created, lastModified, null);
  }
}
