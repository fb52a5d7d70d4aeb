/** SCIM Bulk (RFC 7644 section 3.7): many operations in one request, each through the user and group services. */
package dev.scimhub.bulk;
