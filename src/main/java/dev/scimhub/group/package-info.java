/**
 * SCIM Groups with members as rows: the HTTP-free {@code Groups} service, its stores and its routes. May import {@code
 * http}, {@code db}, {@code scim}, {@code event} and {@code tenant}.
 */
package dev.scimhub.group;
