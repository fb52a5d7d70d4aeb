/** SCIM PATCH (RFC 7644 section 3.5.2) applied to a representation. Part of {@code scim}. */
package dev.scimhub.scim.patch;
