package dev.scimhub.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

  @Test
  void aPidFileWhosePidIsGoneDoesNotBlockTheStart(@TempDir Path dataDir) throws Exception {
    Path pg = dataDir.resolve("pg");
    List<String> pidFile = runningPidFile(pg);
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    writePidFile(pg, pidFile, gone.pid());
    try (EmbeddedDatabase db = EmbeddedDatabase.start(pg)) {
      assertAnswers(db);
    }
  }

  /** As after a reboot or in a new container: the dead postmaster's pid now belongs to another program. */
  @Test
  void aPidFileWhosePidIsAnotherProgramDoesNotBlockTheStartNorStopsThatProgram(@TempDir Path dataDir)
      throws Exception {
    assumeTrue(PostgresProcesses.procAvailable(), "telling another program from an orphaned backend takes /proc");
    Path pg = dataDir.resolve("pg");
    List<String> pidFile = runningPidFile(pg);
    Process other = new ProcessBuilder("sleep", "300").start();
    try {
      writePidFile(pg, pidFile, other.pid());
      try (EmbeddedDatabase db = EmbeddedDatabase.start(pg)) {
        assertAnswers(db);
      }
      assertTrue(other.isAlive(), "a process that is not the data directory's postmaster is never stopped");
    } finally {
      other.destroyForcibly().waitFor();
    }
  }

  /** A zombie keeps its pid taken, so PostgreSQL's own check takes it for a running server. */
  @Test
  void aPidFileWhosePidIsAZombieDoesNotBlockTheStart(@TempDir Path dataDir) throws Exception {
    assumeTrue(PostgresProcesses.procAvailable(), "a zombie shows only in /proc");
    Path pg = dataDir.resolve("pg");
    List<String> pidFile = runningPidFile(pg);
    // The shell's child exits, and the program the shell becomes never reaps it.
    Process parent = new ProcessBuilder("/bin/sh", "-c", "sleep 0 & echo $!; exec sleep 300").start();
    try {
      long zombie = Long.parseLong(new BufferedReader(new InputStreamReader(parent.getInputStream(),
          StandardCharsets.UTF_8)).readLine().trim());
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!PostgresProcesses.zombie(zombie)) {
        assertTrue(System.nanoTime() < deadline, "no zombie " + zombie);
        Thread.sleep(20);
      }
      writePidFile(pg, pidFile, zombie);
      try (EmbeddedDatabase db = EmbeddedDatabase.start(pg)) {
        assertAnswers(db);
      }
    } finally {
      parent.destroyForcibly().waitFor();
    }
  }

  /** Initializes the data directory and returns its postmaster.pid as the running server wrote it. */
  private static List<String> runningPidFile(Path pg) throws Exception {
    try (EmbeddedDatabase db = EmbeddedDatabase.start(pg)) {
      return Files.readAllLines(pg.resolve(PostgresProcesses.PID_FILE), StandardCharsets.UTF_8);
    }
  }

  /** The file a postmaster that died without cleaning up would have left, naming {@code pid}. */
  private static void writePidFile(Path pg, List<String> lines, long pid) throws Exception {
    List<String> stale = new ArrayList<>(lines);
    stale.set(0, Long.toString(pid));
    Files.write(pg.resolve(PostgresProcesses.PID_FILE), stale, StandardCharsets.UTF_8);
  }

  private static void assertAnswers(EmbeddedDatabase db) throws Exception {
    try (Connection c = connect(db.database()); Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SELECT 1")) {
      assertTrue(rows.next());
    }
  }

  private static Connection connect(Database database) throws Exception {
    return DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
  }
}
