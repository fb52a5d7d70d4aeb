package dev.scimhub.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Flyway over JDBC: blocking, so it runs on the main thread before any verticle deploys. */
public final class Migrations {

  private static final Logger log = LoggerFactory.getLogger(Migrations.class);
  /** What {@link #migrate} left the schema at in this process; kept for readiness, which must not ask Flyway again. */
  private static volatile String version;

  private Migrations() {}

  public static void migrate(Database database) {
    MigrateResult result = Flyway.configure()
        .dataSource(database.jdbcUrl(), database.user(), database.password())
        .locations("classpath:db/migration")
        .load()
        .migrate();
    String schema = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
    log.info("database schema at version {} ({} migration(s) applied now)", schema, result.migrationsExecuted);
    version = schema;
  }

  /** The schema version this process migrated the database to, or null if it has not run the migrations. */
  public static String version() {
    return version;
  }
}
