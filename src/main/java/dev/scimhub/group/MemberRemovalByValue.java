package dev.scimhub.group;

import dev.scimhub.scim.ScimException;
import dev.scimhub.scim.quirks.Tolerance;
import java.util.List;
import java.util.UUID;

/**
 * Microsoft Entra ID removes members with {@code {"op":"Remove","path":"members","value":[{"value":"<id>"}]}}. Read by
 * the letter of RFC 7644 section 3.5.2.2, a remove of {@code members} without a filter empties the group; tolerant, it
 * removes the listed members only, never the whole list. Strict: a remove takes its target from the path alone.
 */
final class MemberRemovalByValue {

  private MemberRemovalByValue() {}

  static MemberChange remove(List<UUID> listed, Tolerance tolerance) {
    tolerance.tolerate("MemberRemovalByValue", "remove of 'members' with a value as a removal of those members",
        what -> ScimException.invalidValue("A remove takes no 'value'; select members with "
            + "members[value eq \"id\"]"));
    return new MemberChange.Remove(listed);
  }
}
