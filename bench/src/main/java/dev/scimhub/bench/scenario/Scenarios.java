package dev.scimhub.bench.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The registry of scenarios by id, in their default order (reads first, writes last, the mix at the end). */
public final class Scenarios {

  private static final Map<String, Scenario> ALL = new LinkedHashMap<>();

  static {
    register(new DbSizeScenario());
    register(new WarmupScenario());
    register(new AuthOverheadScenario());
    register(new LookupScenario());
    register(new GetUserScenario());
    register(new PagingScenario());
    register(new AddMemberScenario());
    register(new GetGroupExcludedMembersScenario());
    register(new GetFullGroupScenario());
    register(new ImportScenario());
    register(new BulkCreateScenario());
    register(new PutUserScenario());
    register(new PatchDeactivateScenario());
    register(new MixedScenario());
    register(new HostileFilterScenario());
    register(new NoisyNeighbourScenario());
    register(new OpsCostScenario());
    register(new EventsReadScenario());
    register(new WebhookLagScenario());
    register(new RequestLogCostScenario());
  }

  private Scenarios() {}

  private static void register(Scenario scenario) {
    ALL.put(scenario.id(), scenario);
  }

  public static Scenario byId(String id) {
    Scenario scenario = ALL.get(id);
    if (scenario == null) {
      throw new IllegalArgumentException("unknown scenario '" + id + "'; known: " + String.join(", ", ids()));
    }
    return scenario;
  }

  public static List<String> ids() {
    return List.copyOf(ALL.keySet());
  }
}
