/**
 * The shared HTTP kit: request keys, media types, bodies, responses, SCIM failure handling per dialect, 405 from the
 * routes, the access log. May import {@code scim} and {@code log}.
 */
package dev.scimhub.http;
