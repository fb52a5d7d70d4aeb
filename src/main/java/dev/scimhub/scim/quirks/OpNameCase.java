package dev.scimhub.scim.quirks;

import dev.scimhub.scim.ScimException;
import java.util.Locale;

/** Microsoft Entra ID sends PATCH {@code op} values as "Add", "Replace", "Remove"; RFC 7644 spells them lowercase. */
public final class OpNameCase {

  private OpNameCase() {}

  public static String normalize(String op, Tolerance tolerance) {
    String lower = op.toLowerCase(Locale.ROOT);
    if (!lower.equals(op) && (lower.equals("add") || lower.equals("remove") || lower.equals("replace"))) {
      tolerance.tolerate("OpNameCase", "op '" + op + "'",
          what -> ScimException.invalidSyntax("Unknown PATCH " + what + "; use add, remove or replace"));
      return lower;
    }
    return op;
  }
}
