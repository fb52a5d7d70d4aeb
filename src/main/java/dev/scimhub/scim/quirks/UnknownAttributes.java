package dev.scimhub.scim.quirks;

import dev.scimhub.scim.ScimException;

/**
 * Identity providers send attributes and schema URNs a server does not have: Entra's group URN
 * {@code http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group}, OneLogin's
 * {@code urn:scim:schemas:core:1.0} in a 2.0 body, custom attributes. Tolerant: ignored. Strict: the body does not
 * conform to the schema (RFC 7644 section 3.12, {@code invalidSyntax}).
 */
public final class UnknownAttributes {

  private UnknownAttributes() {}

  public static void attribute(String where, Tolerance tolerance) {
    tolerance.tolerate("UnknownAttributes", "unknown attribute '" + where + "' ignored",
        what -> ScimException.invalidSyntax("Unknown attribute '" + where + "'"));
  }

  public static void schema(String urn, Tolerance tolerance) {
    tolerance.tolerate("UnknownAttributes", "unknown schema '" + urn + "' ignored",
        what -> ScimException.invalidSyntax("Unknown schema '" + urn + "' in 'schemas'"));
  }
}
