package dev.scimhub.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints the run as a table (measurements, memory, targets, machine) and writes it as JSON and CSV. */
public final class Report {

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
    out.append("scimhub benchmark: group membership at scale\n");
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
    out.append("server: scimhub.jar with its embedded PostgreSQL, same machine; phases: ")
        .append(String.join("; ", servers)).append('\n');
    out.append("latency: end to end at the client (request sent → last byte received), HdrHistogram;\n")
        .append("         conn 1 = sequential on one keep-alive connection, conn N = closed loop of N connections\n\n");

    String header = String.format(Locale.ROOT, "%-8s %-5s %-52s %4s %6s %7s %4s %9s %8s %8s %8s %8s%n",
        "phase", "heap", "measurement", "conn", "warmup", "n", "err", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms");
    out.append(header).append("-".repeat(header.length() - 1)).append('\n');
    for (Phase phase : phases) {
      for (Measurement m : phase.measurements()) {
        out.append(String.format(Locale.ROOT, "%-8s %-5s %-52s %4d %6d %7d %4d %9.1f %8.2f %8.2f %8.2f %8.2f%n",
            phase.name(), phase.serverHeap(), clip(m.title(), 52), m.connections(), m.warmup(), m.count(),
            m.errors(), m.requestsPerSecond(), m.p50Ms(), m.p90Ms(), m.p99Ms(), m.maxMs()));
      }
    }

    out.append("\nserver memory around the GETs with all members (RSS = VmRSS of the java process; heap from jcmd"
        + " GC.heap_info, \"live\" = after a full GC):\n");
    for (Phase phase : phases) {
      phase.find("get-group-full").ifPresent(m -> {
        JsonObject x = m.extra();
        out.append(String.format(Locale.ROOT,
            "  -Xmx%-5s %,d members, %.1f MB per response (%s); RSS %s → peak %s → %s MiB; heap live %s, used right"
                + " after %s, live after %s MiB (committed %s MiB)%n",
            phase.serverHeap(), x.getLong("members", 0L), x.getLong("responseBytes", 0L) / 1e6,
            x.getString("transferEncoding") == null ? "Content-Length" : "Transfer-Encoding: "
                + x.getString("transferEncoding"),
            fig(x, "rssBeforeMiB"), fig(x, "rssPeakMiB"), fig(x, "rssAfterMiB"), fig(x, "heapLiveBeforeMiB"),
            fig(x, "heapUsedAfterMiB"), fig(x, "heapLiveAfterMiB"), fig(x, "heapCommittedMiB")));
      });
    }

    out.append("\ntargets (latency targets on p50):\n");
    for (Targets.Result t : targets) {
      out.append(String.format(Locale.ROOT, "  %-7s %-66s %-16s %s%n", t.verdict(), t.description(), t.limit(),
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
        + "requests_per_s,p50_ms,p90_ms,p99_ms,max_ms,extra\n");
    for (Phase phase : phases) {
      for (Measurement m : phase.measurements()) {
        csv.append(String.join(",", List.of(phase.name(), phase.serverHeap(), m.id(), quote(m.title()),
            Integer.toString(m.connections()), Long.toString(m.warmup()), Long.toString(m.count()),
            Long.toString(m.errors()), num(m.seconds()), num(m.requestsPerSecond()), num(m.p50Ms()), num(m.p90Ms()),
            num(m.p99Ms()), num(m.maxMs()), quote(m.extra().encode())))).append('\n');
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
