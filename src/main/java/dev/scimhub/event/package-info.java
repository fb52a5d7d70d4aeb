/**
 * The vendor's app learns of every change here: the outbox (events recorded in the transaction of their change), the
 * sequencer that numbers them after commit, the events API that reads them in that order with long polls, and
 * webhooks — endpoints, their encrypted signing secrets, and the verticle that delivers, retries and keeps every
 * attempt. May import {@code http}, {@code db} and {@code scim}.
 */
package dev.scimhub.event;
