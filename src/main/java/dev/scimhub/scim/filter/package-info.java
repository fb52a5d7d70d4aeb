/**
 * SCIM filters and sorts as SQL over a store's allow-listed columns and its JSONB resource, and listings' page SQL and
 * cursors. Part of {@code scim}.
 */
package dev.scimhub.scim.filter;
