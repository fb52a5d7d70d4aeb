package dev.scimhub.event;

import dev.scimhub.scim.ScimException;

/**
 * The events API's cursor: opaque to the app, a position in the feed here ({@code c1_} and the position in base 36),
 * so that it can change form later without breaking a stored cursor of this form.
 */
final class EventCursor {

  private static final String PREFIX = "c1_";

  private EventCursor() {}

  static String of(long position) {
    return PREFIX + Long.toString(position, 36);
  }

  /** The position after which to read: 0 (the beginning) for none; a malformed cursor is 400 invalidValue. */
  static long parse(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return 0;
    }
    if (cursor.startsWith(PREFIX) && cursor.length() <= PREFIX.length() + 13) {
      try {
        long position = Long.parseLong(cursor.substring(PREFIX.length()), 36);
        if (position >= 0) {
          return position;
        }
      } catch (NumberFormatException e) {
        // falls through to the error below
      }
    }
    throw ScimException.invalidValue("'" + (cursor.length() > 40 ? cursor.substring(0, 40) + "…" : cursor)
        + "' is not a cursor this API returned");
  }
}
