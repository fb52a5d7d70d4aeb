package dev.scimhub.token;

import dev.scimhub.token.TokenStore.Authenticated;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token checks remembered for a short while, so a steady stream of SCIM calls costs a hash and a map lookup, not a
 * query. Nothing in it can go stale for long: every reset, revoke or status change is broadcast with
 * {@code NOTIFY} and drops the tenant's entries on every node; entries also expire on their own, and a grace-period
 * value's entry never outlives the grace.
 */
public final class TokenCache {

  static final long TTL_NANOS = 30_000_000_000L;
  private static final int MAX_ENTRIES = 100_000;

  private record Entry(Authenticated token, long expiresAtNanos) {}

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  public Authenticated get(byte[] hash) {
    Entry entry = entries.get(key(hash));
    if (entry == null) {
      return null;
    }
    if (System.nanoTime() - entry.expiresAtNanos() > 0) {
      entries.remove(key(hash), entry);
      return null;
    }
    return entry.token();
  }

  public void put(byte[] hash, Authenticated token) {
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
    long expires = System.nanoTime() + TTL_NANOS;
    if (token.expiresAt() != null) {
      long untilGraceEnds = java.time.Duration.between(java.time.OffsetDateTime.now(), token.expiresAt()).toNanos();
      expires = Math.min(expires, System.nanoTime() + Math.max(0, untilGraceEnds));
    }
    entries.put(key(hash), new Entry(token, expires));
  }

  public void forgetTenant(String tenant) {
    entries.values().removeIf(entry -> entry.token().tenant().equals(tenant));
  }

  public void clear() {
    entries.clear();
  }

  private static String key(byte[] hash) {
    return HexFormat.of().formatHex(hash);
  }
}
