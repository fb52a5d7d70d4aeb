/**
 * The SCIM protocol only (RFC 7643/7644): errors, dialects, representations, projections, paging, filter text; knows
 * no tenants, pools or routes. Imports no other scimhub package.
 */
package dev.scimhub.scim;
