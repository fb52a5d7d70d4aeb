package dev.scimhub.group;

import java.util.List;
import java.util.UUID;

/** One change to a group's membership rows, in the order the request gave them. */
sealed interface MemberChange {

  /** Adds these users; those already members are left as they are. */
  record Add(List<UUID> ids) implements MemberChange {}

  /** Removes these users; those not members are ignored. */
  record Remove(List<UUID> ids) implements MemberChange {}

  record RemoveAll() implements MemberChange {}

  /** Makes the membership exactly these users: a set difference, not a rewrite. */
  record Replace(List<UUID> ids) implements MemberChange {}
}
