package dev.scimhub.bench.scenario;

import dev.scimhub.bench.Fixture;
import dev.scimhub.bench.LoadGenerator;
import dev.scimhub.bench.Options;
import dev.scimhub.bench.ScimApi;
import dev.scimhub.bench.ServerProbe;
import java.util.List;

/**
 * What a scenario works with: the API client (tenant already selected), the load generator, the fixture, the
 * options (counts), and a probe on the server process (null when no pid was given).
 */
public final class ScenarioContext {

  private final ScimApi api;
  private final LoadGenerator load;
  private final Fixture fixture;
  private final Options options;
  private final ServerProbe probe;
  private int nextSpare;

  public ScenarioContext(ScimApi api, LoadGenerator load, Fixture fixture, Options options, ServerProbe probe) {
    this.api = api;
    this.load = load;
    this.fixture = fixture;
    this.options = options;
    this.probe = probe;
  }

  public ScimApi api() {
    return api;
  }

  public LoadGenerator load() {
    return load;
  }

  public Fixture fixture() {
    return fixture;
  }

  public Options options() {
    return options;
  }

  public ServerProbe probe() {
    return probe;
  }

  /**
   * {@code n} spare users (in no group) for this scenario, distinct from those handed to earlier scenarios of this
   * run while there are enough; then they wrap around, which is fine because every scenario removes what it added.
   */
  public List<String> spares(int n) {
    List<String> all = fixture.spareUserIds();
    if (n > all.size()) {
      throw new IllegalArgumentException("need " + n + " spare users, the fixture has " + all.size()
          + " (raise --spares)");
    }
    if (nextSpare + n > all.size()) {
      nextSpare = 0;
    }
    List<String> slice = all.subList(nextSpare, nextSpare + n);
    nextSpare += n;
    return slice;
  }
}
