/**
 * Identity providers' known deviations from the RFCs, one class each, tolerated by default and refused in strict mode.
 * Part of {@code scim}.
 */
package dev.scimhub.scim.quirks;
