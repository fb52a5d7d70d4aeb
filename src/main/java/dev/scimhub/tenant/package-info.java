/**
 * Tenants, their typed settings and the tenant context of a request, onboarding and offboarding. May import {@code
 * http}, {@code db}, {@code audit}, {@code event} and {@code scim} (its error type).
 */
package dev.scimhub.tenant;
