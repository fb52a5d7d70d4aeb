package dev.scimhub.activity;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A request record's id: a version 7 UUID (RFC 9562), whose first 48 bits are the record's time in milliseconds.
 * Fetching a record by id then goes through the table's key (tenant, time, id) into one day's partition, so no index
 * of ids is kept up on every insert. The id is not a secret (only a tenant's admins see it), so its random bits need
 * not come from a secure generator.
 */
final class RecordIds {

  private RecordIds() {}

  static UUID at(OffsetDateTime at) {
    long millis = at.toInstant().toEpochMilli();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long msb = (millis << 16) | 0x7000L | (random.nextLong() & 0x0fffL);
    long lsb = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }

  /** The millisecond an id names; null for an id that is not one of these (a record written before them). */
  static OffsetDateTime time(UUID id) {
    if (id.version() != 7 || id.variant() != 2) {
      return null;
    }
    return OffsetDateTime.ofInstant(Instant.ofEpochMilli(id.getMostSignificantBits() >>> 16), ZoneOffset.UTC);
  }
}
