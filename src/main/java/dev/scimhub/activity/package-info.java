/**
 * What each identity provider sent and what scimhub answered: the request log (recorded off the request path,
 * redacted, in daily partitions) and connection health (counters per tenant and token), with their search API.
 */
package dev.scimhub.activity;
