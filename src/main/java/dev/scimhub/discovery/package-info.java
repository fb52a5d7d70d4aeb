/**
 * SCIM discovery: {@code /ServiceProviderConfig}, {@code /ResourceTypes}, {@code /Schemas}. May import {@code user},
 * {@code group}, {@code scim} and {@code http}.
 */
package dev.scimhub.discovery;
