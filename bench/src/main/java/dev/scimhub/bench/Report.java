package dev.scimhub.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints the run as one table (scenario, req/s, p50, p99, the ceiling's req/s and p50, the ratio), then memory,
 * database size and the targets, and writes it all as JSON and CSV.
 */
public final class Report {

  private static final String CEILING = "@ceiling";

  private final List<Phase> phases;
  private final List<Targets.Result> targets;
  private final JsonObject machine;
  private final String stamp;
  private final long elapsedSeconds;

  public Report(List<Phase> phases, JsonObject machine, String stamp, long elapsedSeconds) {
    this.phases = phases;
    this.targets = Targets.evaluate(phases);
    this.machine = machine;
    this.stamp = stamp;
    this.elapsedSeconds = elapsedSeconds;
  }

  public boolean allPassed() {
    return targets.stream().allMatch(t -> Boolean.TRUE.equals(t.pass()));
  }

  public String table() {
    StringBuilder out = new StringBuilder();
    out.append("scimhub benchmark\n");
    out.append(String.format(Locale.ROOT, "run %s%s%n", stamp,
        elapsedSeconds > 0 ? String.format(Locale.ROOT, ", took %dm%02ds", elapsedSeconds / 60, elapsedSeconds % 60)
            : ""));
    out.append(String.format(Locale.ROOT, "machine: nproc %d | %s | %.1f GiB RAM | Linux %s%n",
        machine.getInteger("nproc"), machine.getString("cpuModel"), machine.getDouble("memTotalGiB"),
        machine.getString("kernel")));
    out.append("java: ").append(machine.getString("javaVersion")).append('\n');
    List<String> servers = new ArrayList<>();
    phases.forEach(p -> servers.add(p.name() + " -Xmx" + p.serverHeap() + " (load avg at start "
        + p.loadAverageAtStart() + ")"));
    out.append("server: scimhub.jar (revision ").append(machine.getString("serverRevision", "?"))
        .append(") with its embedded PostgreSQL, same machine; phases: ")
        .append(String.join("; ", servers)).append('\n');
    phases.stream().map(p -> p.settings().getJsonObject("postgres")).filter(pg -> pg != null).findFirst()
        .ifPresent(pg -> out.append("postgres: ").append(pg.getString("server_version", "?"))
            .append(", fsync=").append(pg.getString("fsync", "?"))
            .append(", synchronous_commit=").append(pg.getString("synchronous_commit", "?"))
            .append(", shared_buffers=").append(pg.getString("shared_buffers", "?")).append('\n'));
    out.append("latency: end to end at the client (request sent → last byte received), HdrHistogram;\n")
        .append("         conn 1 = sequential on one keep-alive connection, conn N = closed loop of N connections;\n")
        .append("         ceiling = bare Vert.x + vertx-pg-client doing the same single statement on the same"
            + " database;\n         ratio = scimhub req/s ÷ ceiling req/s\n\n");

    String header = String.format(Locale.ROOT, "%-9s %-62s %4s %7s %4s %8s %8s %8s %9s %8s %6s%n",
        "phase", "scenario", "conn", "n", "err", "req/s", "p50 ms", "p99 ms", "ceil req/s", "ceil p50", "ratio");
    out.append(header).append("-".repeat(header.length() - 1)).append('\n');
    for (Phase phase : phases) {
      for (Measurement m : phase.measurements()) {
        if (m.id().endsWith(CEILING) || m.count() == 0 || m.extra().getBoolean("notMeasured", false)) {
          continue;
        }
        Measurement c = phase.find(m.id() + CEILING).orElse(null);
        out.append(String.format(Locale.ROOT, "%-9s %-62s %4d %7d %4d %8.1f %8.2f %8.2f %9s %8s %6s%n",
            phase.name(), clip(m.title(), 62), m.connections(), m.count(), m.errors(), m.requestsPerSecond(),
            m.p50Ms(), m.p99Ms(), c == null ? "" : String.format(Locale.ROOT, "%.1f", c.requestsPerSecond()),
            c == null ? "" : String.format(Locale.ROOT, "%.2f", c.p50Ms()),
            c == null || c.requestsPerSecond() == 0 ? ""
                : String.format(Locale.ROOT, "%.2f", m.requestsPerSecond() / c.requestsPerSecond())));
      }
    }

    boolean cpuHeader = false;
    for (Phase phase : phases) {
      for (Measurement m : phase.measurements()) {
        JsonObject cpu = m.extra().getJsonObject("cpu");
        if (cpu == null) {
          continue;
        }
        if (!cpuHeader) {
          out.append("\nCPU per request while each was measured, ms (server = the HTTP server measured, postgres = all"
              + " its processes, client = the bench; cores = all three together, of ").append(machine.getInteger("nproc"))
              .append("):\n");
          cpuHeader = true;
        }
        out.append(String.format(Locale.ROOT, "  %-62s server %6.3f  postgres %6.3f  client %6.3f  cores %4.2f%n",
            clip(m.title(), 62), cpu.getDouble("serverMsPerRequest"), cpu.getDouble("postgresMsPerRequest"),
            cpu.getDouble("clientMsPerRequest"), cpu.getDouble("coresBusy")));
      }
    }

    for (Phase phase : phases) {
      List<String> firsts = new ArrayList<>();
      for (Measurement m : phase.measurements()) {
        if (m.id().startsWith("paging/") && m.extra().containsKey("firstRequestMs")) {
          firsts.add(String.format(Locale.ROOT, "startIndex=%,d %.0f ms", m.extra().getLong("startIndex", 0L),
              m.extra().getDouble("firstRequestMs")));
        }
      }
      if (!firsts.isEmpty()) {
        out.append("\npaging, the first request at each position (no remembered cursor yet: OFFSET; not in the"
            + " figures above): ").append(String.join(", ", firsts)).append('\n');
      }
    }

    out.append("\nserver memory (RSS = VmRSS of the java process, its PostgreSQL not included):\n");
    for (Phase phase : phases) {
      phase.find("server-rss").ifPresent(m -> out.append(String.format(Locale.ROOT,
          "  %-9s -Xmx%-5s peak RSS over the whole phase %s MiB (at its end %s MiB)%n", phase.name(),
          phase.serverHeap(), fig(m.extra(), "rssPeakMiB"), fig(m.extra(), "rssAtEndMiB"))));
      phase.find("mixed").ifPresent(m -> out.append(String.format(Locale.ROOT,
          "  %-7s -Xmx%-5s mixed scenario: RSS %s → peak %s → %s MiB%n", phase.name(), phase.serverHeap(),
          fig(m.extra(), "rssAtStartMiB"), fig(m.extra(), "rssPeakMiB"), fig(m.extra(), "rssAtEndMiB"))));
      phase.find("get-group-full").ifPresent(m -> {
        JsonObject x = m.extra();
        out.append(String.format(Locale.ROOT,
            "  %-7s -Xmx%-5s GETs with all %,d members, %.1f MB each (%s): RSS %s → peak %s → %s MiB; heap live %s,"
                + " used right after %s, live after %s MiB (committed %s MiB)%n",
            phase.name(), phase.serverHeap(), x.getLong("members", 0L), x.getLong("responseBytes", 0L) / 1e6,
            x.getString("transferEncoding") == null ? "Content-Length" : "Transfer-Encoding: "
                + x.getString("transferEncoding"),
            fig(x, "rssBeforeMiB"), fig(x, "rssPeakMiB"), fig(x, "rssAfterMiB"), fig(x, "heapLiveBeforeMiB"),
            fig(x, "heapUsedAfterMiB"), fig(x, "heapLiveAfterMiB"), fig(x, "heapCommittedMiB")));
      });
    }
    for (Phase phase : phases) {
      phase.find("db-size").ifPresent(m -> {
        JsonObject x = m.extra();
        out.append(String.format(Locale.ROOT,
            "%ndatabase size: scim_user %,d rows, %.1f MiB (heap %.1f, indexes %.1f, TOAST and maps %.1f MiB) → %s MiB"
                + " per 100,000 users (%,d bytes a user); group_member %,d rows → %s MiB per 100,000 memberships%n",
            x.getLong("users", 0L), x.getLong("scimUserTotalBytes", 0L) / 1048576.0,
            x.getLong("scimUserHeapBytes", 0L) / 1048576.0, x.getLong("scimUserIndexBytes", 0L) / 1048576.0,
            x.getLong("scimUserToastAndMapsBytes", 0L) / 1048576.0, fig(x, "scimUserMiBPer100kUsers"),
            x.getLong("bytesPerUser", 0L), x.getLong("memberships", 0L), fig(x, "groupMemberMiBPer100kMemberships")));
      });
    }

    out.append("\ntargets:\n");
    for (Targets.Result t : targets) {
      out.append(String.format(Locale.ROOT, "  %-7s %-72s %-18s %s%n", t.verdict(), t.description(), t.limit(),
          t.measured()));
    }
    out.append(allPassed() ? "all targets met\n" : "SOME TARGETS NOT MET\n");
    return out.toString();
  }

  public JsonObject toJson() {
    JsonArray phaseList = new JsonArray();
    phases.forEach(p -> phaseList.add(p.toJson()));
    JsonArray targetList = new JsonArray();
    targets.forEach(t -> targetList.add(new JsonObject().put("id", t.id()).put("description", t.description())
        .put("limit", t.limit()).put("measured", t.measured()).put("verdict", t.verdict())));
    return new JsonObject()
        .put("run", stamp)
        .put("elapsedSeconds", elapsedSeconds)
        .put("machine", machine)
        .put("phases", phaseList)
        .put("targets", targetList)
        .put("allTargetsMet", allPassed());
  }

  /** Writes {@code <stamp>.json}, {@code <stamp>-measurements.csv} and {@code <stamp>-targets.csv}. */
  public List<Path> write(Path directory) throws IOException {
    Files.createDirectories(directory);
    String base = stamp.replace(":", "").replace("-", "");
    Path json = directory.resolve(base + ".json");
    Files.writeString(json, toJson().encodePrettily() + "\n");

    StringBuilder csv = new StringBuilder("phase,server_heap,id,title,connections,warmup,count,errors,seconds,"
        + "requests_per_s,p50_ms,p90_ms,p99_ms,max_ms,ceiling_requests_per_s,ceiling_p50_ms,ratio,extra\n");
    for (Phase phase : phases) {
      for (Measurement m : phase.measurements()) {
        Measurement c = m.id().endsWith(CEILING) ? null : phase.find(m.id() + CEILING).orElse(null);
        csv.append(String.join(",", List.of(phase.name(), phase.serverHeap(), m.id(), quote(m.title()),
            Integer.toString(m.connections()), Long.toString(m.warmup()), Long.toString(m.count()),
            Long.toString(m.errors()), num(m.seconds()), num(m.requestsPerSecond()), num(m.p50Ms()), num(m.p90Ms()),
            num(m.p99Ms()), num(m.maxMs()), c == null ? "" : num(c.requestsPerSecond()),
            c == null ? "" : num(c.p50Ms()),
            c == null || c.requestsPerSecond() == 0 ? "" : num(m.requestsPerSecond() / c.requestsPerSecond()),
            quote(m.extra().encode())))).append('\n');
      }
    }
    Path measurements = directory.resolve(base + "-measurements.csv");
    Files.writeString(measurements, csv);

    StringBuilder tcsv = new StringBuilder("id,description,limit,measured,verdict\n");
    for (Targets.Result t : targets) {
      tcsv.append(String.join(",", List.of(t.id(), quote(t.description()), quote(t.limit()), quote(t.measured()),
          t.verdict()))).append('\n');
    }
    Path targetsCsv = directory.resolve(base + "-targets.csv");
    Files.writeString(targetsCsv, tcsv);
    return List.of(json, measurements, targetsCsv);
  }

  private static String fig(JsonObject extra, String key) {
    Double value = extra.getDouble(key);
    return value == null || value < 0 ? "?" : String.format(Locale.ROOT, "%.1f", value);
  }

  private static String num(double value) {
    return String.format(Locale.ROOT, "%.3f", value);
  }

  private static String quote(String text) {
    return "\"" + (text == null ? "" : text.replace("\"", "\"\"")) + "\"";
  }

  private static String clip(String text, int width) {
    return text.length() <= width ? text : text.substring(0, width - 1) + "…";
  }
}
