package dev.scimhub.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseTest {

  @Test
  void secondStartOnTheSameDataDirectoryKeepsEveryRow(@TempDir Path dataDir) throws Exception {
    Path pg = dataDir.resolve("pg");
    try (EmbeddedDatabase first = EmbeddedDatabase.start(pg)) {
      Migrations.migrate(first.database());
      try (Connection c = connect(first.database()); Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO tenant (id, name) VALUES ('kept', 'Kept Inc')");
      }
    }
    try (EmbeddedDatabase second = EmbeddedDatabase.start(pg)) {
      Migrations.migrate(second.database());
      try (Connection c = connect(second.database()); Statement s = c.createStatement();
          ResultSet rows = s.executeQuery("SELECT name FROM tenant WHERE id = 'kept'")) {
        rows.next();
        assertEquals("Kept Inc", rows.getString(1));
      }
    }
  }

  private static Connection connect(Database database) throws Exception {
    return DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
  }
}
