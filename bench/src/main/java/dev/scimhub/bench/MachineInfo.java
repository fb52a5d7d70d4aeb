package dev.scimhub.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The machine the figures come from: cores, CPU model, memory, kernel, and {@code java -version}. */
public final class MachineInfo {

  private MachineInfo() {}

  public static JsonObject collect() {
    return new JsonObject()
        .put("nproc", Runtime.getRuntime().availableProcessors())
        .put("cpuModel", cpuModel())
        .put("memTotalGiB", memTotalGiB())
        .put("kernel", read("/proc/sys/kernel/osrelease").trim())
        .put("javaVersion", javaVersion());
  }

  /** {@code /proc/loadavg}'s first three figures. */
  public static String loadAverage() {
    String[] parts = read("/proc/loadavg").trim().split("\\s+");
    return parts.length >= 3 ? parts[0] + " " + parts[1] + " " + parts[2] : "?";
  }

  private static String cpuModel() {
    for (String line : read("/proc/cpuinfo").split("\n")) {
      if (line.startsWith("model name")) {
        return line.substring(line.indexOf(':') + 1).trim();
      }
    }
    return "?";
  }

  private static double memTotalGiB() {
    for (String line : read("/proc/meminfo").split("\n")) {
      if (line.startsWith("MemTotal:")) {
        return Math.round(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0 * 10) / 10.0;
      }
    }
    return -1;
  }

  /** The first lines of {@code java -version} of the JVM running this (the same {@code java} runs the server). */
  private static String javaVersion() {
    try {
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      Process process = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor(30, TimeUnit.SECONDS);
      return String.join(" / ", out.trim().lines().toList());
    } catch (IOException e) {
      return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file));
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Waits until the machine is mostly idle (≥ {@code idleShare} idle over one second, twice in a row), at least
   * {@code min} and at most {@code max} seconds, e.g. for autovacuum after seeding. Returns the seconds waited.
   */
  public static double settle(double idleShare, int minSeconds, int maxSeconds) throws InterruptedException {
    long start = System.nanoTime();
    int quiet = 0;
    long[] previous = cpuTimes();
    while (true) {
      Thread.sleep(1000);
      long[] now = cpuTimes();
      long total = now[0] - previous[0];
      long idle = now[1] - previous[1];
      previous = now;
      quiet = total > 0 && (double) idle / total >= idleShare ? quiet + 1 : 0;
      double waited = (System.nanoTime() - start) / 1e9;
      if ((quiet >= 2 && waited >= minSeconds) || waited >= maxSeconds) {
        return waited;
      }
    }
  }

  /** Total and idle (idle + iowait) jiffies from the first line of /proc/stat. */
  private static long[] cpuTimes() {
    List<String> lines = read("/proc/stat").lines().toList();
    if (lines.isEmpty()) {
      return new long[] {0, 0};
    }
    String[] f = lines.get(0).trim().split("\\s+");
    long total = 0;
    for (int i = 1; i < f.length; i++) {
      total += Long.parseLong(f[i]);
    }
    return new long[] {total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
  }
}
