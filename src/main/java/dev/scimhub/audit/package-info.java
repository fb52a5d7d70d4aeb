/** The admin audit trail, written in the transaction of the action it records. May import {@code db}. */
package dev.scimhub.audit;
