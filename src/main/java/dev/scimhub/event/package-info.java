/**
 * The vendor's app learns of every change here: the outbox (events recorded in the transaction of their change), the
 * sequencer that numbers them after commit, and the events API that reads them in that order, with long polls.
 * May import {@code http}, {@code db} and {@code scim}.
 */
package dev.scimhub.event;
