/**
 * SCIM Bulk (RFC 7644 section 3.7): many operations in one request, each through the user and group services. May
 * import {@code user}, {@code group}, {@code scim}, {@code http} and {@code tenant} (the services take a
 * {@code TenantContext}).
 */
package dev.scimhub.bulk;
