package dev.scimhub.user;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A user row: the stored attributes (canonical names, no id/meta/password) and the server-owned metadata. */
record StoredUser(UUID id, ObjectNode resource, long version, OffsetDateTime created, OffsetDateTime lastModified) {}
