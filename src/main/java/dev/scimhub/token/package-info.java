/**
 * API tokens: issue, reset, revoke, hashing, the tenant-token authentication of SCIM calls, their routes. May import
 * {@code http}, {@code db}, {@code audit}, {@code event}, {@code tenant} and {@code scim} (its error type).
 */
package dev.scimhub.token;
