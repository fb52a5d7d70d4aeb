package dev.scimhub.scim;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** xsd:dateTime values (RFC 7643 section 2.3.5), whose time zone is optional; without one we read UTC. */
public final class DateTimes {

  /** PostgreSQL's timestamptz range: 4713 BC (ISO year -4712) to 294276 AD, in microseconds. */
  private static final OffsetDateTime FIRST = OffsetDateTime.of(-4712, 11, 24, 0, 0, 0, 0, ZoneOffset.UTC);
  private static final OffsetDateTime LAST = OffsetDateTime.of(294276, 12, 31, 23, 59, 59, 999_999_000, ZoneOffset.UTC);

  private DateTimes() {}

  /** Whether PostgreSQL can hold {@code when}; a parameter beyond its range fails the statement. */
  public static boolean storable(OffsetDateTime when) {
    return !when.isBefore(FIRST) && !when.isAfter(LAST);
  }

  /** The instant, or {@code null} if {@code text} is not an xsd:dateTime. */
  public static OffsetDateTime parse(String text) {
    try {
      return OffsetDateTime.parse(text);
    } catch (DateTimeParseException withoutZone) {
      try {
        return LocalDateTime.parse(text).atOffset(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
  }
}
