package dev.scimhub.bench.scenario;

import dev.scimhub.bench.CeilingApi;
import dev.scimhub.bench.Db;
import dev.scimhub.bench.Fixture;
import dev.scimhub.bench.LoadGenerator;
import dev.scimhub.bench.Options;
import dev.scimhub.bench.ScimApi;
import dev.scimhub.bench.ServerProbe;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;

/**
 * What a scenario works with: the API client (the large tenant selected; other tenants by {@link ScimApi.Tenant}),
 * the ceiling client (null when no ceiling server runs), the load generator, the fixture, the options, a probe on the
 * server process (null when no pid was given) and the bench's database connection (null without {@code --pg-port}).
 */
public final class ScenarioContext {

  private final Vertx vertx;
  private final String serverUrl;
  private final ScimApi api;
  private final CeilingApi ceiling;
  private final LoadGenerator load;
  private final Fixture fixture;
  private final Options options;
  private final ServerProbe probe;
  private final Db db;
  private ServerProbe ceilingProbe;
  private int nextSpare;
  private BitSet inactive;

  public ScenarioContext(Vertx vertx, String serverUrl, ScimApi api, CeilingApi ceiling, LoadGenerator load,
      Fixture fixture, Options options, ServerProbe probe, Db db) {
    this.vertx = vertx;
    this.serverUrl = serverUrl;
    this.api = api;
    this.ceiling = ceiling;
    this.load = load;
    this.fixture = fixture;
    this.options = options;
    this.probe = probe;
    this.db = db;
  }

  public Vertx vertx() {
    return vertx;
  }

  public String serverUrl() {
    return serverUrl;
  }

  public ScimApi api() {
    return api;
  }

  public CeilingApi ceiling() {
    return ceiling;
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

  public Db db() {
    return db;
  }

  /** A probe on the ceiling server's process (for its CPU time), or null. */
  public ServerProbe ceilingProbe() {
    return ceilingProbe;
  }

  public ScenarioContext withCeilingProbe(ServerProbe probe) {
    this.ceilingProbe = probe;
    return this;
  }

  /** Connections of the throughput scenarios ({@code --connections}, 16). */
  public int connections() {
    return options.integer("connections", 16);
  }

  /** Warm-up of each side of a timed scenario ({@code --warmup-seconds}, 3). */
  public Duration warmup() {
    return Duration.ofMillis(Math.round(options.doubleValue("warmup-seconds", 3) * 1000));
  }

  /** Measured time of each side of a timed scenario ({@code --seconds}, 10). */
  public Duration measured() {
    return Duration.ofMillis(Math.round(options.doubleValue("seconds", 10) * 1000));
  }

  /**
   * Which of the small tenants' users are inactive now (bit {@code tenant * usersPerTenant + n}), so that every
   * deactivation or reactivation the bench sends is a real change. All are active after the seeding.
   */
  public BitSet inactive() {
    if (inactive == null) {
      inactive = new BitSet(fixture.tenants().size() * fixture.usersPerTenant());
    }
    return inactive;
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
