package dev.scimhub.scim;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** xsd:dateTime values (RFC 7643 section 2.3.5), whose time zone is optional; without one we read UTC. */
public final class DateTimes {

  private DateTimes() {}

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
