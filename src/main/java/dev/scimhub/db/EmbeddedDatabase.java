package dev.scimhub.db;

import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zero-configuration default: a PostgreSQL 17 server (binaries from Maven Central) with its data under
 * {@code <dataDir>/pg}, kept across restarts. Starting and stopping it block, so both happen outside the event loops.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

  private final EmbeddedPostgres postgres;
  private final Path directory;

  private EmbeddedDatabase(EmbeddedPostgres postgres, Path directory) {
    this.postgres = postgres;
    this.directory = directory;
  }

  public static EmbeddedDatabase start(Path directory) throws IOException {
    Files.createDirectories(directory);
    EmbeddedPostgres postgres = EmbeddedPostgres.builder()
        .setDataDirectory(directory)
        .setCleanDataDirectory(false)
        // This is the default store of a real server, not a test fixture: the library starts PostgreSQL with fsync
        // and synchronous_commit off, and these settings (given after its own) turn durability back on.
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("max_connections", "200")
        .start();
    return new EmbeddedDatabase(postgres, directory.toAbsolutePath().normalize());
  }

  /** A throwaway database for tests and benchmarks: a fresh directory, and no fsync because nothing must survive. */
  public static EmbeddedDatabase startEphemeral() throws IOException {
    EmbeddedPostgres postgres = EmbeddedPostgres.builder()
        .setServerConfig("fsync", "off")
        .setServerConfig("synchronous_commit", "off")
        .setServerConfig("full_page_writes", "off")
        .setServerConfig("max_connections", "200")
        .start();
    return new EmbeddedDatabase(postgres, null);
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

  @Override
  public void close() {
    try {
      postgres.close();
      log.info("embedded PostgreSQL stopped");
    } catch (IOException e) {
      log.warn("embedded PostgreSQL did not stop cleanly", e);
    }
  }
}
