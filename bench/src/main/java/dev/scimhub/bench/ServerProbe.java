package dev.scimhub.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks at the server process from outside: its resident set size from {@code /proc/<pid>/status} (VmRSS), sampled
 * as often as wanted at no cost to the server, and its Java heap from {@code jcmd <pid> GC.heap_info} (a separate
 * JVM attaching; call it only between measurements).
 */
public final class ServerProbe {

  private static final Pattern HEAP = Pattern.compile("total (\\d+)K, used (\\d+)K");

  private final long pid;
  private final Path dataDir;

  /** {@code dataDir} is the server's SCIMHUB_DATA_DIR (for its embedded PostgreSQL), or null. */
  public ServerProbe(long pid, Path dataDir) {
    this.pid = pid;
    this.dataDir = dataDir;
  }

  public long pid() {
    return pid;
  }

  /** VmRSS in KiB, or -1 when the process is gone. */
  public long rssKiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  /**
   * CPU time (clock ticks, user + system) used so far by the server: the java process (all its threads) plus, when
   * the data dir is known, the embedded postmaster and its children (backends, autovacuum, checkpointer...).
   */
  public long cpuTicks() {
    return javaTicks() + postgresTicks();
  }

  /** CPU ticks of the java process alone (all its threads). */
  public long javaTicks() {
    return ticksOf(pid);
  }

  /**
   * CPU ticks of the embedded PostgreSQL (postmaster and every child: backends, autovacuum, checkpointer, WAL
   * writer...), or 0 when the data dir is unknown. A backend that ended since the last call takes its ticks with it.
   */
  public long postgresTicks() {
    long ticks = 0;
    long postmaster = postmasterPid();
    if (postmaster > 0) {
      ticks += ticksOf(postmaster);
      try (var entries = Files.list(Path.of("/proc"))) {
        for (Path entry : (Iterable<Path>) entries::iterator) {
          String name = entry.getFileName().toString();
          if (name.chars().allMatch(Character::isDigit)) {
            String[] f = statFields(Long.parseLong(name));
            if (f != null && Long.parseLong(f[1]) == postmaster) {
              ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        // Best effort: a process that ended while listing is simply not counted.
      }
    }
    return ticks;
  }

  /** CPU ticks of this (the bench's) process. */
  public static long selfTicks() {
    return ticksOf(ProcessHandle.current().pid());
  }

  /**
   * Waits until the server (java + its PostgreSQL) is nearly idle: under {@code maxCores} of CPU over one second,
   * twice in a row; at least {@code minSeconds}, at most {@code maxSeconds}. For autovacuum/autoanalyze after the
   * seeding, and unaffected by other processes on the machine. Returns the seconds waited.
   */
  public double settle(double maxCores, int minSeconds, int maxSeconds) throws InterruptedException {
    long start = System.nanoTime();
    int quiet = 0;
    long previous = cpuTicks();
    while (true) {
      Thread.sleep(1000);
      long now = cpuTicks();
      quiet = (now - previous) <= maxCores * 100 ? quiet + 1 : 0; // USER_HZ is 100 on Linux
      previous = now;
      double waited = (System.nanoTime() - start) / 1e9;
      if ((quiet >= 2 && waited >= minSeconds) || waited >= maxSeconds) {
        return waited;
      }
    }
  }

  private long postmasterPid() {
    if (dataDir == null) {
      return -1;
    }
    try {
      return Long.parseLong(Files.readAllLines(dataDir.resolve("pg").resolve("postmaster.pid")).get(0).trim());
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static long ticksOf(long process) {
    String[] f = statFields(process);
    return f == null ? 0 : Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** The fields of /proc/<pid>/stat after the command name: [0] state, [1] ppid, ... [11] utime, [12] stime. */
  private static String[] statFields(long process) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(process), "stat"));
      return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  public record Heap(long usedKiB, long committedKiB) {}

  /** The Java heap now; after a full GC first when {@code gcFirst} (then "used" is the live set). */
  public Heap heap(boolean gcFirst) throws IOException, InterruptedException {
    if (gcFirst) {
      jcmd("GC.run");
    }
    Matcher m = HEAP.matcher(jcmd("GC.heap_info"));
    if (!m.find()) {
      throw new IOException("cannot read jcmd GC.heap_info of " + pid);
    }
    return new Heap(Long.parseLong(m.group(2)), Long.parseLong(m.group(1)));
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process process = new ProcessBuilder(Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd", Long.toString(pid),
        command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("jcmd " + pid + " " + command + " failed: " + output);
    }
    return output;
  }

  /** Samples RSS every {@code intervalMillis} on a daemon thread until {@link RssSampler#stop()}. */
  public RssSampler sampleRss(long intervalMillis) {
    return new RssSampler(intervalMillis);
  }

  public final class RssSampler {
    private final AtomicLong peak = new AtomicLong(-1);
    private final AtomicLong samples = new AtomicLong();
    private volatile boolean running = true;
    private final Thread thread;

    private RssSampler(long intervalMillis) {
      thread = new Thread(() -> {
        while (running) {
          long rss = rssKiB();
          peak.accumulateAndGet(rss, Math::max);
          samples.incrementAndGet();
          try {
            Thread.sleep(intervalMillis);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "rss-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    /** Stops sampling; the result is the peak VmRSS seen, in KiB. */
    public long stop() throws InterruptedException {
      running = false;
      thread.interrupt();
      thread.join();
      peak.accumulateAndGet(rssKiB(), Math::max);
      return peak.get();
    }

    public long samples() {
      return samples.get();
    }
  }
}
