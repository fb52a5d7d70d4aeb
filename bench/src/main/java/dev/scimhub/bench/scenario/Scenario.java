package dev.scimhub.bench.scenario;

import dev.scimhub.bench.Measurement;
import java.util.List;

/**
 * One benchmark scenario. It runs against the seeded {@link dev.scimhub.bench.Fixture}, does its own warm-up, and
 * must leave the fixture as it found it (what it adds, it removes), so scenarios can run in any order and again
 * against a restarted server. To add one: implement this, register it in {@link Scenarios}, and (if it has a
 * target) add the target to {@link dev.scimhub.bench.Targets}.
 */
public interface Scenario {

  /** The name used on the command line ({@code --scenarios}). */
  String id();

  List<Measurement> run(ScenarioContext ctx) throws Exception;
}
