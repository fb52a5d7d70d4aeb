package dev.scimhub.bench;

import dev.scimhub.bench.scenario.ScenarioContext;
import dev.scimhub.bench.scenario.Scenarios;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's command line; {@code bench/run.sh} drives it.
 *
 * <pre>
 * run     --server-url http://127.0.0.1:PORT --run-dir DIR --phase NAME [--seed] [--scenarios a,b,...]
 *         [--ceiling-url http://127.0.0.1:PORT --ceiling-pid PID] [--pg-port N] [--server-pid PID]
 *         [--server-data-dir DIR]
 *         [--server-heap 256m] [counts and durations...]
 *                                                                 one phase against one running server
 * report  --run-dir DIR --phases main,lowheap --results-dir DIR [--stamp S] [--elapsed-seconds N] [--strict]
 * free-port                                                       prints a free TCP port on 127.0.0.1
 * scenarios                                                       lists the scenario ids
 * </pre>
 *
 * With {@code --seed}, {@code run} first creates the tenant, users and groups (the admin JWT comes from the
 * environment variable {@code BENCH_ADMIN_TOKEN}, so that it is not on a command line) and saves the fixture to
 * {@code <run-dir>/fixture.json}; without it, it loads that file. Each run writes {@code <run-dir>/<phase>.json}.
 */
public final class Bench {

  static final String DEFAULT_SCENARIOS = String.join(",", Scenarios.ids());

  private Bench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      usage();
    }
    Options options = Options.parse(Arrays.asList(args).subList(1, args.length));
    int status = switch (args[0]) {
      case "run" -> run(options);
      case "report" -> report(options);
      case "free-port" -> {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
          System.out.println(socket.getLocalPort());
        }
        yield 0;
      }
      case "scenarios" -> {
        Scenarios.ids().forEach(System.out::println);
        yield 0;
      }
      default -> {
        usage();
        yield 2;
      }
    };
    System.exit(status);
  }

  private static int run(Options options) throws Exception {
    String phaseName = options.required("phase");
    Path runDir = Path.of(options.required("run-dir"));
    Files.createDirectories(runDir);
    List<String> scenarioIds = options.list("scenarios", DEFAULT_SCENARIOS).stream().filter(s -> !s.isBlank())
        .toList();
    scenarioIds.forEach(Scenarios::byId); // fail fast on a typo
    String pid = options.string("server-pid", null);
    String dataDir = options.string("server-data-dir", null);
    ServerProbe probe = pid == null ? null
        : new ServerProbe(Long.parseLong(pid), dataDir == null ? null : Path.of(dataDir));
    String startedAt = now();
    String load = MachineInfo.loadAverage();
    List<Measurement> measurements = new ArrayList<>();
    JsonObject settings = new JsonObject();
    // The server's RSS over the whole phase (seeding included), every 100 ms.
    ServerProbe.RssSampler phaseRss = probe == null ? null : probe.sampleRss(100);
    long phaseStart = System.nanoTime();

    Vertx vertx = Vertx.vertx();
    int seedConnections = options.integer("seed-connections", 16);
    int poolSize = Math.max(Math.max(seedConnections, options.integer("connections", 16)), 4);
    String serverUrl = options.required("server-url");
    String ceilingUrl = options.string("ceiling-url", null);
    String pgPort = options.string("pg-port", null);
    Db db = pgPort == null ? null : new Db(vertx, options.string("pg-host", "localhost"), Integer.parseInt(pgPort));
    CeilingApi ceiling = ceilingUrl == null ? null : new CeilingApi(vertx, ceilingUrl, poolSize);
    try (ScimApi api = new ScimApi(vertx, serverUrl, poolSize).userQuery(options.string("user-query", null))) {
      if (db != null) {
        settings.put("postgres", db.settings());
      }
      if (ceiling != null) {
        HttpResponse<Buffer> up = Await.result(ceiling.health());
        if (up.statusCode() != 200) {
          throw new IllegalStateException("ceiling server at " + ceilingUrl + ": HTTP " + up.statusCode());
        }
        settings.put("ceilingUrl", ceilingUrl);
      }
      LoadGenerator load1 = new LoadGenerator(vertx);
      Fixture fixture;
      Path fixtureFile = runDir.resolve("fixture.json");
      if (options.flag("seed")) {
        String admin = System.getenv("BENCH_ADMIN_TOKEN");
        if (admin == null || admin.isBlank()) {
          throw new IllegalArgumentException("--seed needs the admin JWT in BENCH_ADMIN_TOKEN");
        }
        Seeder seeder = new Seeder(load1, api, options);
        settings.put("seed", seeder.settings());
        System.out.printf(Locale.ROOT, "[%s] seeding: %s%n", phaseName, seeder.describe());
        long seedStart = System.nanoTime();
        Seeder.Seeded seeded = seeder.seed(admin);
        fixture = seeded.fixture();
        fixture.save(fixtureFile);
        measurements.addAll(seeded.measurements());
        if (db != null) {
          long t0 = System.nanoTime();
          db.vacuumAnalyze();
          System.out.printf(Locale.ROOT, "  VACUUM (ANALYZE) after the seeding: %.1f s%n", (System.nanoTime() - t0) / 1e9);
        }
        int minSettle = options.integer("settle-min-seconds", 3);
        int maxSettle = options.integer("settle-max-seconds", 60);
        double waited = probe != null ? probe.settle(0.05, minSettle, maxSettle)
            : MachineInfo.settle(0.75, minSettle, maxSettle);
        System.out.printf(Locale.ROOT, "  settled for %.0f s (until the server and its PostgreSQL were idle)%n", waited);
        settings.put("settleSeconds", Math.round(waited));
        settings.put("seedSeconds", Math.round((System.nanoTime() - seedStart) / 1e9));
      } else {
        fixture = Fixture.load(fixtureFile);
      }
      api.tenant(fixture.scimBaseUrl(), fixture.token());
      String ceilingPid = options.string("ceiling-pid", null);
      ScenarioContext ctx = new ScenarioContext(vertx, serverUrl, api, ceiling, load1, fixture, options, probe, db)
          .withCeilingProbe(ceilingPid == null ? null : new ServerProbe(Long.parseLong(ceilingPid), null));
      for (String id : scenarioIds) {
        String loadNow = MachineInfo.loadAverage();
        long t0 = System.nanoTime();
        System.out.printf(Locale.ROOT, "[%s] scenario %s (load average %s)%n", phaseName, id, loadNow);
        for (Measurement m : Scenarios.byId(id).run(ctx)) {
          Seeder.log(m);
          measurements.add(m.withExtra(new JsonObject().put("loadAverageAtScenarioStart", loadNow)));
        }
        System.out.printf(Locale.ROOT, "  (%s took %.1f s)%n", id, (System.nanoTime() - t0) / 1e9);
      }
    } finally {
      if (ceiling != null) {
        ceiling.close();
      }
      if (db != null) {
        db.close();
      }
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
    if (phaseRss != null) {
      long peak = phaseRss.stop();
      double seconds = (System.nanoTime() - phaseStart) / 1e9;
      measurements.add(new Measurement("server-rss", "server RSS, whole phase (seeding included)", 0, 0, 0, 0,
          seconds, 0, 0, 0, 0, 0, null, new JsonObject()
              .put("rssPeakMiB", Math.round(peak / 1024.0 * 10) / 10.0)
              .put("rssAtEndMiB", Math.round(probe.rssKiB() / 1024.0 * 10) / 10.0)
              .put("rssSamples", phaseRss.samples())));
      System.out.printf(Locale.ROOT, "[%s] server RSS peak over the phase: %.1f MiB%n", phaseName, peak / 1024.0);
    }
    Phase phase = new Phase(phaseName, options.string("server-heap", "?"), startedAt, now(), load, settings,
        measurements);
    Files.writeString(runDir.resolve(phaseName + ".json"), phase.toJson().encodePrettily() + "\n");
    return 0;
  }

  private static int report(Options options) throws IOException {
    Path runDir = Path.of(options.required("run-dir"));
    List<Phase> phases = new ArrayList<>();
    for (String name : options.list("phases", "main,lowheap")) {
      Path file = runDir.resolve(name + ".json");
      if (Files.exists(file)) {
        phases.add(Phase.load(file));
      } else {
        System.out.println("(phase " + name + " did not run: no " + file + ")");
      }
    }
    Report report = new Report(phases, MachineInfo.collect().put("serverRevision", options.string("revision", "?")),
        options.string("stamp", now()), options.longValue("elapsed-seconds", 0));
    System.out.println();
    System.out.print(report.table());
    List<Path> written = report.write(Path.of(options.required("results-dir")));
    System.out.println("\nwritten: " + String.join(", ", written.stream().map(Path::toString).toList()));
    return options.flag("strict") && !report.allPassed() ? 3 : 0;
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static void usage() {
    System.err.println("usage: java -jar scimhub-bench.jar (run | report | free-port | scenarios) [--options]"
        + " (see bench/README.md)");
    System.exit(2);
  }
}
