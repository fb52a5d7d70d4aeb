package dev.scimhub.fuzz;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * Stand-ins for ids that exist only once the server runs: generators write {@code @@U0@@} for "the id of the tenant's
 * first seeded user", and {@link FuzzWorld} replaces them just before a request is sent. A mutation that breaks a
 * marker simply leaves text behind, which is one more hostile value.
 */
final class Markers {

  static final int USERS = 4;
  static final int GROUPS = 2;

  /** A well-formed id that is no resource of the tenant. */
  static final String UNKNOWN = "@@X@@";
  /** The id of the resource a PATCH or PUT is sent to. */
  static final String SELF = "@@SELF@@";

  private Markers() {}

  static String user(int i) {
    return "@@U" + i + "@@";
  }

  static String group(int i) {
    return "@@G" + i + "@@";
  }

  static Arbitrary<String> userId() {
    return Arbitraries.integers().between(0, USERS - 1).map(Markers::user);
  }

  static Arbitrary<String> groupId() {
    return Arbitraries.integers().between(0, GROUPS - 1).map(Markers::group);
  }

  /** What a member's or manager's value may be: a user, another group, an unknown id, or no id at all. */
  static Arbitrary<String> memberValue() {
    return Arbitraries.frequencyOf(
        Tuple.of(8, userId()),
        Tuple.of(1, groupId()),
        Tuple.of(1, Arbitraries.just(UNKNOWN)),
        Tuple.of(1, Arbitraries.just(SELF)),
        Tuple.of(1, badId()));
  }

  /** Ids no resource can have, for the {@code /Users/{id}} of a request. */
  static Arbitrary<String> badId() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.of(List.of(
            "x", "0", "-1", "1-2-3-4-5", "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
            "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF", "{00000000-0000-0000-0000-000000000000}", "null", ".search",
            ".", "..", "%", "%00", " ", "a b", "😀", "\u0000", "\ud800", "'; DROP TABLE scim_user; --",
            "00000000-0000-0000-0000-0000000000000", "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz"))),
        Tuple.of(1, Texts.text()),
        Tuple.of(1, Arbitraries.integers().between(1_000, 17_000).map(n -> "a".repeat(n))));
  }
}
