package dev.scimhub.db;

import dev.scimhub.db.PostgresProcesses.PidFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes an embedded data directory startable after scimhub died without stopping its PostgreSQL (kill -9, the OOM
 * killer, a power cut of the JVM only). The postmaster is not scimhub's child, so it outlives the JVM, keeps the data
 * directory locked through {@code postmaster.pid}, and the next start (on a new port) would wait for a server that
 * refuses to come up. Runs before the library starts PostgreSQL, on the main thread.
 *
 * <p>Only a postmaster that no running scimhub owns is stopped, and only one that is a PostgreSQL process working in
 * this very data directory: the library's {@code epg-lock} file lock, held by the JVM that started it and released by
 * the kernel when that JVM dies, tells an orphan from a live server's database.
 */
final class CrashRecovery {

  private static final Logger log = LoggerFactory.getLogger(CrashRecovery.class);
  /** The library's lock file; another JVM holding it is a running scimhub (or a test) on this directory. */
  private static final String LIBRARY_LOCK = "epg-lock";
  /** Fast shutdown writes a checkpoint, which may take a while with much dirty data; crash recovery is the fallback. */
  private static final Duration FAST_SHUTDOWN = Duration.ofSeconds(30);
  private static final Duration IMMEDIATE_SHUTDOWN = Duration.ofSeconds(5);
  private static final Duration KILLED = Duration.ofSeconds(5);
  /** Backends of a killed postmaster notice its death and exit on their own, within milliseconds when idle. */
  private static final Duration ORPHANED_BACKENDS = Duration.ofSeconds(10);

  private CrashRecovery() {}

  /** Stops this directory's orphaned postmaster and removes a pid file that PostgreSQL would wrongly obey. */
  static void prepare(Path dataDir) throws IOException {
    if (!Files.exists(dataDir.resolve(PostgresProcesses.PID_FILE))) {
      return;
    }
    Path realDataDir = dataDir.toRealPath();
    try (FileChannel channel = FileChannel.open(dataDir.resolve(LIBRARY_LOCK), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); FileLock lock = tryLock(channel)) {
      if (lock == null) {
        throw new IllegalStateException("the embedded PostgreSQL in " + realDataDir + " belongs to another running "
            + "process (it holds " + LIBRARY_LOCK + "): is another scimhub running on the same data directory?");
      }
      prepareLocked(realDataDir);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping an orphaned PostgreSQL in " + realDataDir, e);
    }
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException heldInThisJvm) {
      return null;
    }
  }

  private static void prepareLocked(Path dataDir) throws IOException, InterruptedException {
    Optional<PidFile> found = PidFile.read(dataDir);
    if (found.isEmpty()) {
      return;
    }
    long pid = found.get().pid();
    Optional<ProcessHandle> process = pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
    // A negative pid is a single-user backend (postgres --single), someone's manual session: never ours to stop.
    if (process.isPresent() && PostgresProcesses.isPostgresOf(process.get(), dataDir)) {
      stop(process.get(), dataDir);
    }
    List<ProcessHandle> left = awaitNoPostgres(dataDir);
    if (!left.isEmpty()) {
      // PostgreSQL's own check (the shared memory they still hold) refuses to start, with a message that says why.
      log.warn("PostgreSQL processes {} still run in {} after their postmaster ended; PostgreSQL will not start until "
          + "they exit", left.stream().map(ProcessHandle::pid).toList(), dataDir);
      return;
    }
    Optional<PidFile> stale = PidFile.read(dataDir);
    if (stale.isEmpty()) {
      return;
    }
    long stalePid = Math.abs(stale.get().pid());
    Optional<ProcessHandle> holder = stalePid > 0 ? ProcessHandle.of(stalePid) : Optional.empty();
    if (stalePid > 0 && holder.isEmpty()) {
      // PostgreSQL removes such a file itself, after checking that no process still holds the old shared memory.
      log.warn("found a stale {} in {} (pid {} is gone); PostgreSQL replaces it", PostgresProcesses.PID_FILE,
          dataDir, stalePid);
      return;
    }
    if (!PostgresProcesses.procAvailable()) {
      return;
    }
    // PostgreSQL refuses to start while any process has the pid in the file: a zombie nobody reaps, or another program
    // that got the pid after a reboot or in a new container. /proc has just shown no PostgreSQL process left in this
    // directory, which is what PostgreSQL's own check protects, so the file says nothing true any more.
    String what = stalePid == 0 ? "names no pid"
        : holder.map(p -> PostgresProcesses.zombie(p.pid()) ? "names pid " + p.pid() + ", a zombie"
            : "names pid " + p.pid() + ", now " + p.info().command().orElse("another program")).orElse("");
    Files.deleteIfExists(dataDir.resolve(PostgresProcesses.PID_FILE));
    log.warn("removed a stale {} from {}: it {}, and no PostgreSQL process runs in that directory",
        PostgresProcesses.PID_FILE, dataDir, what);
  }

  /**
   * SIGINT first: PostgreSQL's fast shutdown, which rolls back open transactions, disconnects clients and writes a
   * shutdown checkpoint, so the next start needs no crash recovery. SIGTERM (smart shutdown, what
   * {@link ProcessHandle#destroy()} sends) would wait for every client to leave, and one that never does (an
   * administrator's psql, say) would hold the start up until the escalation anyway. Then SIGQUIT (immediate shutdown:
   * every process quits, WAL replay at the next start), then SIGKILL.
   */
  private static void stop(ProcessHandle postmaster, Path dataDir) throws IOException, InterruptedException {
    long started = System.nanoTime();
    log.warn("found PostgreSQL (pid {}) still running on {} with no scimhub owning it, left behind by a crash; "
        + "stopping it with SIGINT (fast shutdown)", postmaster.pid(), dataDir);
    if (sent(postmaster, "INT") && PostgresProcesses.awaitExit(postmaster, FAST_SHUTDOWN)) {
      log.warn("orphaned PostgreSQL (pid {}) stopped {} ms after SIGINT", postmaster.pid(), millisSince(started));
      return;
    }
    log.warn("orphaned PostgreSQL (pid {}) still runs {} ms after SIGINT; sending SIGQUIT (immediate shutdown)",
        postmaster.pid(), millisSince(started));
    if (sent(postmaster, "QUIT") && PostgresProcesses.awaitExit(postmaster, IMMEDIATE_SHUTDOWN)) {
      log.warn("orphaned PostgreSQL (pid {}) stopped {} ms after SIGINT, on SIGQUIT", postmaster.pid(),
          millisSince(started));
      return;
    }
    log.warn("orphaned PostgreSQL (pid {}) still runs {} ms after SIGINT; sending SIGKILL", postmaster.pid(),
        millisSince(started));
    postmaster.destroyForcibly();
    if (PostgresProcesses.awaitExit(postmaster, KILLED)) {
      log.warn("orphaned PostgreSQL (pid {}) stopped {} ms after SIGINT, on SIGKILL", postmaster.pid(),
          millisSince(started));
      return;
    }
    throw new IOException("PostgreSQL (pid " + postmaster.pid() + ") on " + dataDir + " did not exit, not even on "
        + "SIGKILL");
  }

  /** False when the signal could not be sent (no shell): the caller escalates. */
  private static boolean sent(ProcessHandle process, String signal) throws InterruptedException {
    try {
      PostgresProcesses.signal(process, signal);
      return true;
    } catch (IOException e) {
      log.warn("could not send SIG{} to pid {}: {}", signal, process.pid(), e.getMessage());
      return false;
    }
  }

  private static List<ProcessHandle> awaitNoPostgres(Path dataDir) throws InterruptedException {
    long deadline = System.nanoTime() + ORPHANED_BACKENDS.toNanos();
    List<ProcessHandle> left = PostgresProcesses.postgresOf(dataDir);
    while (!left.isEmpty() && System.nanoTime() - deadline < 0) {
      Thread.sleep(100);
      left = PostgresProcesses.postgresOf(dataDir);
    }
    return left;
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
