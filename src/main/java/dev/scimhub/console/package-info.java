/**
 * The console at {@code /console}: one-time portal links for a tenant's IT admin and staff links for the vendor's
 * platform admins, the browser sessions they start (cookie, CSRF token, idle and absolute expiry), and the pages,
 * static ES modules served from the jar that work over the same JSON APIs as curl.
 */
package dev.scimhub.console;
