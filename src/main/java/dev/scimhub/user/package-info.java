/**
 * SCIM Users: the HTTP-free {@code Users} service, its store (SQL text blocks) and its routes. May import {@code
 * http}, {@code db}, {@code scim}, {@code event} and {@code tenant}.
 */
package dev.scimhub.user;
