/**
 * SCIM discovery: {@code /ServiceProviderConfig}, {@code /ResourceTypes}, {@code /Schemas}, each the tenant's own (its
 * custom attributes, Okta's entitlement types). May import {@code user}, {@code group}, {@code scim}, {@code http} and
 * {@code tenant} (whose {@code TenantContext} carries the tenant's types).
 */
package dev.scimhub.discovery;
