package dev.scimhub.db;

import dev.scimhub.db.PostgresProcesses.PidFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon thread that notices when the embedded postmaster ends while scimhub still uses it, logs what can be known
 * about it, and runs the action the process chose. Polling: the postmaster is not scimhub's child, so there is no
 * exit to wait for, and {@link ProcessHandle#onExit()} would take a zombie that nobody reaps for a live server.
 */
final class PostmasterWatch implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(PostmasterWatch.class);
  /** How late a dead database is noticed; reading one small /proc file a second costs nothing. */
  private static final Duration EVERY = Duration.ofSeconds(1);

  private final ProcessHandle postmaster;
  private final Path dataDir;
  private final long startedAt = System.nanoTime();
  private final BooleanSupplier stopping;
  private final Runnable onExit;

  private PostmasterWatch(ProcessHandle postmaster, Path dataDir, BooleanSupplier stopping, Runnable onExit) {
    this.postmaster = postmaster;
    this.dataDir = dataDir;
    this.stopping = stopping;
    this.onExit = onExit;
  }

  /**
   * Starts watching; {@code stopping} says the exit was asked for, and then nothing is logged or run. {@code onExit}
   * runs on a thread of its own that keeps the JVM alive until it returns.
   */
  static Thread start(ProcessHandle postmaster, Path dataDir, BooleanSupplier stopping, Runnable onExit) {
    Thread thread = new Thread(new PostmasterWatch(postmaster, dataDir, stopping, onExit), "scimhub-postgres-watch");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  @Override
  public void run() {
    try {
      while (PostgresProcesses.running(postmaster)) {
        Thread.sleep(EVERY.toMillis());
      }
    } catch (InterruptedException stopped) {
      // Only close() interrupts this thread: the database is being stopped on purpose.
      return;
    }
    if (stopping.getAsBoolean()) {
      return;
    }
    // Read while it may still be a zombie, before anything else gives its parent time to reap it.
    Optional<String> status = PostgresProcesses.exitStatus(postmaster.pid());
    log.error("embedded PostgreSQL (pid {}, data in {}) ended after {} s while scimhub was using it: {}; {} "
        + "(its own messages are logged with logger io.zonky at INFO)", postmaster.pid(), dataDir,
        (System.nanoTime() - startedAt) / 1_000_000_000, status.orElse("exit status unknown (not scimhub's child)"),
        how());
    // Not on this daemon thread: a shutdown that closes the last other threads would let the JVM end under it.
    Thread act = new Thread(() -> {
      try {
        onExit.run();
      } catch (RuntimeException e) {
        log.error("the action on the embedded PostgreSQL's exit failed", e);
      }
    }, "scimhub-postgres-lost");
    act.setDaemon(false);
    act.start();
  }

  /** An orderly shutdown removes postmaster.pid; a kill or a crash leaves it, naming the dead postmaster. */
  private String how() {
    try {
      Optional<PidFile> file = PidFile.read(dataDir);
      if (file.isPresent() && file.get().pid() == postmaster.pid()) {
        return "it left " + PostgresProcesses.PID_FILE + " behind, so it was killed or crashed";
      }
      return "it removed " + PostgresProcesses.PID_FILE + ", so it was shut down from outside scimhub (a signal, "
          + "pg_ctl stop, or a service manager stopping every process of the unit)";
    } catch (IOException e) {
      return "its " + PostgresProcesses.PID_FILE + " is unreadable: " + e.getMessage();
    }
  }
}
