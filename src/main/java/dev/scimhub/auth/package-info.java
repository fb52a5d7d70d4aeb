/**
 * JWTs of the admin, app and self-service APIs: verification, roles, the HS256 key. May import {@code http} and {@code
 * scim} (its error type).
 */
package dev.scimhub.auth;
