package dev.scimhub.scim;

import java.util.UUID;

/** Resource ids: UUIDs issued by scimhub. */
public final class Ids {

  private Ids() {}

  /**
   * The id, or {@code null} when {@code text} cannot be one of ours: only the canonical form counts
   * ({@code UUID.fromString} also accepts short forms such as "1-2-3-4-5").
   */
  public static UUID parse(String text) {
    if (text == null) {
      return null;
    }
    try {
      UUID id = UUID.fromString(text);
      return id.toString().equalsIgnoreCase(text) ? id : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
