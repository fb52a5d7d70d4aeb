package dev.scimhub.scim.quirks;

import dev.scimhub.scim.ScimException;

/**
 * Microsoft Entra ID sends PATCH requests with an empty {@code Operations} array, and periodic no-op PATCHes. Tolerant:
 * they succeed and change nothing (not even {@code meta.version}). Strict: RFC 7644 section 3.5.2 requires "one or
 * more" operations.
 */
public final class EmptyOperations {

  private EmptyOperations() {}

  public static void check(int count, Tolerance tolerance) {
    if (count == 0) {
      tolerance.tolerate("EmptyOperations", "a PATCH without operations as a no-op",
          what -> ScimException.invalidSyntax("'Operations' must hold one or more operations"));
    }
  }
}
