package dev.scimhub.token;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each token was last used, gathered in memory and written in one batch every few seconds: knowing that a
 * connection is alive must not cost a database write per SCIM request.
 */
public final class TokenUsage {

  record Use(String tenant, UUID tokenId, OffsetDateTime at) {}

  private final ConcurrentHashMap<UUID, Use> pending = new ConcurrentHashMap<>();

  public void used(String tenant, UUID tokenId) {
    pending.put(tokenId, new Use(tenant, tokenId, OffsetDateTime.now()));
  }

  /** Takes what was gathered since the last call. */
  List<Use> drain() {
    List<Use> uses = new ArrayList<>(pending.size());
    for (UUID id : List.copyOf(pending.keySet())) {
      Use use = pending.remove(id);
      if (use != null) {
        uses.add(use);
      }
    }
    return uses;
  }
}
