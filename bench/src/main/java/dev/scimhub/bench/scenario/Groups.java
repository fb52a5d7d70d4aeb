package dev.scimhub.bench.scenario;

import dev.scimhub.bench.Fixture;
import java.util.List;
import java.util.Locale;

/** The large tenant's three groups as the group scenarios use them: series name, id and size, smallest first. */
record Groups(List<String> names, List<String> ids, List<Integer> sizes) {

  static Groups of(Fixture fixture) {
    return new Groups(List.of("empty", "10k", "large"),
        List.of(fixture.emptyGroupId(), fixture.group10kId(), fixture.largeGroupId()),
        List.of(0, fixture.group10kSize(), fixture.largeGroupSize()));
  }

  int count() {
    return ids.size();
  }

  String describe(int g) {
    return sizes.get(g) == 0 ? "empty group" : String.format(Locale.ROOT, "%,d-member group", sizes.get(g));
  }
}
