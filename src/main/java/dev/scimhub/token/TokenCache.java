package dev.scimhub.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.scimhub.token.TokenStore.Authenticated;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * Token checks remembered for a short while, so a steady stream of SCIM calls costs a hash and a map lookup, not a
 * query. Nothing in it can go stale for long: every reset, revoke or status change is broadcast with
 * {@code NOTIFY} and drops the tenant's entries on every node; entries also expire on their own, and a grace-period
 * value's entry never outlives the grace. Bounded in size: past it, the least used entries go, not all of them.
 */
public final class TokenCache {

  static final long TTL_NANOS = Duration.ofSeconds(30).toNanos();
  private static final int MAX_ENTRIES = 100_000;

  /** Hash bytes compare by content as a {@link ByteBuffer}. */
  private final Cache<ByteBuffer, Authenticated> entries = Caffeine.newBuilder()
      .maximumSize(MAX_ENTRIES)
      // Hits and misses for the metrics: a few striped counters, against a query per miss.
      .recordStats()
      .expireAfter(new Expiry<ByteBuffer, Authenticated>() {
        @Override
        public long expireAfterCreate(ByteBuffer key, Authenticated token, long currentTime) {
          if (token.expiresAt() == null) {
            return TTL_NANOS;
          }
          long untilGraceEnds = Duration.between(OffsetDateTime.now(), token.expiresAt()).toNanos();
          return Math.max(0, Math.min(TTL_NANOS, untilGraceEnds));
        }

        @Override
        public long expireAfterUpdate(ByteBuffer key, Authenticated token, long currentTime, long currentDuration) {
          return expireAfterCreate(key, token, currentTime);
        }

        @Override
        public long expireAfterRead(ByteBuffer key, Authenticated token, long currentTime, long currentDuration) {
          return currentDuration;
        }
      })
      .build();

  public Authenticated get(byte[] hash) {
    return entries.getIfPresent(ByteBuffer.wrap(hash));
  }

  public void put(byte[] hash, Authenticated token) {
    entries.put(ByteBuffer.wrap(hash), token);
  }

  public void forgetTenant(String tenant) {
    entries.asMap().values().removeIf(token -> token.tenant().equals(tenant));
  }

  public void clear() {
    entries.invalidateAll();
  }

  /** Reports hits, misses, size and evictions as Micrometer's {@code cache_*} meters with {@code cache="tokens"}. */
  public void bindTo(MeterRegistry registry) {
    CaffeineCacheMetrics.monitor(registry, entries, "tokens");
  }
}
