package dev.scimhub.support;

import dev.scimhub.db.Database;
import dev.scimhub.db.EmbeddedDatabase;
import dev.scimhub.db.Migrations;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * One real PostgreSQL per test JVM, migrated once: {@code SCIMHUB_TEST_DB_URL} when set, else a Testcontainers
 * {@code postgres:16} where Docker answers, else the embedded PostgreSQL. Test classes never truncate; each works in
 * its own random tenant.
 */
public final class TestDatabase {

  private static Database database;

  private TestDatabase() {}

  public static synchronized Database get() {
    if (database == null) {
      database = start();
      Migrations.migrate(database);
    }
    return database;
  }

  private static Database start() {
    String url = System.getenv("SCIMHUB_TEST_DB_URL");
    if (url != null && !url.isBlank()) {
      return Database.fromUrl(url, null);
    }
    if (dockerAvailable()) {
      PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:16")
          .withCommand("postgres", "-c", "fsync=off", "-c", "max_connections=200");
      container.start();
      return Database.fromUrl("postgresql://" + container.getUsername() + "@" + container.getHost() + ":"
          + container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT) + "/" + container.getDatabaseName(),
          container.getPassword());
    }
    try {
      EmbeddedDatabase embedded = EmbeddedDatabase.startEphemeral();
      Runtime.getRuntime().addShutdownHook(new Thread(embedded::close));
      return embedded.database();
    } catch (Exception e) {
      throw new IllegalStateException("no PostgreSQL for tests: set SCIMHUB_TEST_DB_URL, run Docker, or fix the "
          + "embedded PostgreSQL", e);
    }
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable e) {
      return false;
    }
  }
}
