package dev.scimhub.db;

import dev.scimhub.db.PostgresProcesses.PidFile;
import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zero-configuration default: a PostgreSQL 17 server (binaries from Maven Central) with its data under
 * {@code <dataDir>/pg}, kept across restarts. Starting and stopping it block, so both happen outside the event loops.
 *
 * <p>The server is not a child of this JVM (pg_ctl starts it and exits), so it outlives a JVM that is killed. The next
 * start stops such an orphan first (see {@link CrashRecovery}), and {@link #onUnexpectedExit} lets the process learn
 * that its database went away underneath it.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
  /**
   * Data directories started by this JVM. A second start on one must fail before it opens the library's lock file:
   * closing any channel of that file would drop the first one's lock with it (POSIX record locks are per process).
   */
  private static final Set<Path> RUNNING = ConcurrentHashMap.newKeySet();

  private final EmbeddedPostgres postgres;
  private final Path directory;
  private final ProcessHandle postmaster;
  private volatile boolean closing;
  private volatile Thread watch;

  private EmbeddedDatabase(EmbeddedPostgres postgres, Path directory, ProcessHandle postmaster) {
    this.postgres = postgres;
    this.directory = directory;
    this.postmaster = postmaster;
  }

  /**
   * Starts PostgreSQL on {@code directory}, creating it on first use. A postmaster that a killed scimhub left running
   * on it is stopped first, so the first start after a crash succeeds.
   *
   * @throws IllegalStateException when another live process (another scimhub) runs PostgreSQL on this directory
   */
  public static EmbeddedDatabase start(Path directory) throws IOException {
    // Absolute, so the server's arguments name the directory wherever the next scimhub starts from.
    Path absolute = directory.toAbsolutePath().normalize();
    Files.createDirectories(absolute);
    Path real = absolute.toRealPath();
    if (!RUNNING.add(real)) {
      throw new IllegalStateException("embedded PostgreSQL already runs on " + real + " in this process");
    }
    try {
      CrashRecovery.prepare(absolute);
      EmbeddedPostgres postgres = EmbeddedPostgres.builder()
          .setDataDirectory(absolute)
          .setCleanDataDirectory(false)
          // This is the default store of a real server, not a test fixture: the library starts PostgreSQL with fsync
          // and synchronous_commit off, and these settings (given after its own) turn durability back on.
          .setServerConfig("fsync", "on")
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("max_connections", "200")
          .start();
      ProcessHandle postmaster = PidFile.read(real).filter(file -> file.pid() > 0)
          .flatMap(file -> ProcessHandle.of(file.pid())).orElse(null);
      log.info("embedded PostgreSQL running (pid {}) on port {} with data in {}",
          postmaster != null ? postmaster.pid() : "unknown", postgres.getPort(), real);
      return new EmbeddedDatabase(postgres, real, postmaster);
    } catch (IOException | RuntimeException e) {
      RUNNING.remove(real);
      throw e;
    }
  }

  /** A throwaway database for tests and benchmarks: a fresh directory, and no fsync because nothing must survive. */
  public static EmbeddedDatabase startEphemeral() throws IOException {
    EmbeddedPostgres postgres = EmbeddedPostgres.builder()
        .setServerConfig("fsync", "off")
        .setServerConfig("synchronous_commit", "off")
        .setServerConfig("full_page_writes", "off")
        .setServerConfig("max_connections", "200")
        .start();
    return new EmbeddedDatabase(postgres, null, null);
  }

  public Database database() {
    PgConnectOptions options = Database.tuned(new PgConnectOptions()
        .setHost("localhost")
        .setPort(postgres.getPort())
        .setDatabase("postgres")
        .setUser("postgres"));
    String where = directory != null ? " with data in " + directory : " (ephemeral)";
    return new Database(options, "embedded PostgreSQL on port " + postgres.getPort() + where);
  }

  /**
   * Runs {@code action} once, on a thread that keeps the JVM alive until it returns, if PostgreSQL ends before
   * {@link #close()}: killed, crashed, or stopped by someone else. The cause is logged at ERROR first. Within a second
   * of the exit; not at all if the pid was unknown at start. Call it once.
   */
  public void onUnexpectedExit(Runnable action) {
    if (postmaster == null) {
      log.warn("the embedded PostgreSQL's pid is unknown, so nothing notices if it stops while scimhub runs");
      return;
    }
    watch = PostmasterWatch.start(postmaster, directory, () -> closing, action);
  }

  @Override
  public void close() {
    // First, so that the watch takes the exit for what it is.
    closing = true;
    Thread watching = watch;
    if (watching != null && watching != Thread.currentThread()) {
      watching.interrupt();
    }
    try {
      postgres.close();
      log.info("embedded PostgreSQL stopped");
    } catch (IOException e) {
      log.warn("embedded PostgreSQL did not stop cleanly", e);
    } finally {
      if (directory != null) {
        RUNNING.remove(directory);
      }
    }
  }
}
