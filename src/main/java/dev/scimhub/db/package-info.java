/**
 * The database kit: embedded PostgreSQL, Flyway, SQLSTATE mapping, tenant parameters, the listing runner, stored JSON.
 * Imports no other scimhub package.
 */
package dev.scimhub.db;
