package dev.scimhub.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimhub.db.PostgresProcesses.PidFile;
import dev.scimhub.support.ServerProcess;
import dev.scimhub.support.Tenants;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 with real processes: a scimhub JVM on an embedded PostgreSQL in a data directory of its own is killed with
 * SIGKILL after an acknowledged write (no shutdown hook runs, as with kill -9 or the OOM killer), then started once:
 * the one start must come up, with the data. Before the fix the orphaned postmaster kept the directory and that start
 * failed after the library's 10 s wait, every time.
 */
class EmbeddedCrashRecoveryTest {

  /** The first start runs initdb and every migration. */
  private static final Duration FIRST_START = Duration.ofSeconds(120);
  /** What a start after a crash may take, stopping the orphan included. */
  private static final Duration RESTART = Duration.ofSeconds(30);
  /** Main's exit status when the embedded database goes away under it (EX_UNAVAILABLE). */
  private static final int DATABASE_LOST = 69;

  @TempDir
  Path dataDir;

  private final List<ServerProcess> servers = new ArrayList<>();

  @AfterEach
  void stopEverythingStarted() throws Exception {
    for (ServerProcess server : servers) {
      // What each start found and did, in the test's output: the servers' own logs go with their directories.
      server.logLines().stream().filter(line -> line.contains(" WARN ") || line.contains(" ERROR "))
          .forEach(line -> System.out.println("pid " + server.process().pid() + ": " + line));
      server.close();
    }
    // A killed server leaves its postmaster, and the postmaster its backends: stop them all, or they outlive the test.
    Path pg = dataDir.resolve("pg");
    if (Files.isDirectory(pg)) {
      List<ProcessHandle> left = new ArrayList<>(PostgresProcesses.postgresOf(pg.toRealPath()));
      PidFile.read(pg).filter(file -> file.pid() > 0).flatMap(file -> ProcessHandle.of(file.pid()))
          .filter(p -> p.info().command().orElse("").endsWith("/postgres")).ifPresent(left::add);
      left.forEach(ProcessHandle::destroyForcibly);
      for (ProcessHandle process : left) {
        PostgresProcesses.awaitExit(process, Duration.ofSeconds(10));
      }
    }
  }

  @Test
  void theFirstStartAfterTheServerIsKilledStopsTheOrphanedPostmasterAndHasTheData() throws Exception {
    ServerProcess crashed = start(FIRST_START);
    String tenant = createTenant(crashed);
    ProcessHandle orphan = postmaster();
    crashed.kill();
    assertTrue(PostgresProcesses.running(orphan), "the postmaster outlives the killed JVM: the case of issue 11");

    ServerProcess restarted = timedStart("after the JVM was killed");

    assertTenant(restarted, tenant);
    assertFalse(PostgresProcesses.running(orphan), "the orphan is stopped");
    assertTrue(restarted.logLines().stream().anyMatch(line -> line.contains(" WARN ")
        && line.contains("pid " + orphan.pid()) && line.contains("SIGINT") && line.contains("stopped")),
        restarted::logTail);
    assertStopsCleanly(restarted);
  }

  @Test
  void theFirstStartAfterTheServerAndItsPostmasterAreKilledHasTheData() throws Exception {
    ServerProcess crashed = start(FIRST_START);
    String tenant = createTenant(crashed);
    ProcessHandle postmaster = postmaster();
    crashed.kill();
    postmaster.destroyForcibly();
    assertTrue(PostgresProcesses.awaitExit(postmaster, Duration.ofSeconds(10)), "postmaster killed");

    ServerProcess restarted = timedStart("after the JVM and its postmaster were killed");

    assertTenant(restarted, tenant);
    assertStopsCleanly(restarted);
  }

  @Test
  void aKilledPostmasterStopsTheServerWithAnErrorAndTheNextStartHasTheData() throws Exception {
    ServerProcess server = start(FIRST_START);
    String tenant = createTenant(server);
    ProcessHandle postmaster = postmaster();
    postmaster.destroyForcibly();

    // Not serving 500s forever: it says why and exits, for its supervisor to start it again.
    assertTrue(server.process().waitFor(30, TimeUnit.SECONDS), server::logTail);
    assertEquals(DATABASE_LOST, server.process().exitValue(), server::logTail);
    assertTrue(server.logLines().stream().anyMatch(line -> line.contains(" ERROR ")
        && line.contains("pid " + postmaster.pid()) && line.contains("killed or crashed")), server::logTail);

    ServerProcess restarted = timedStart("after the postmaster was killed");

    assertTenant(restarted, tenant);
    assertStopsCleanly(restarted);
  }

  @Test
  void aStartNeverStopsThePostgresOfARunningServer() throws Exception {
    ServerProcess running = start(FIRST_START);
    String tenant = createTenant(running);
    ProcessHandle postmaster = postmaster();

    AssertionError refused = assertThrows(AssertionError.class, () -> start(RESTART));

    assertTrue(refused.getMessage().contains("is another scimhub running on the same data directory?"),
        refused.getMessage());
    assertTrue(PostgresProcesses.running(postmaster), "the running server's postmaster is left alone");
    assertTenant(running, tenant);
  }

  private ServerProcess start(Duration readyWithin) throws IOException {
    ServerProcess server = ServerProcess.startEmbedded(dataDir, readyWithin);
    servers.add(server);
    return server;
  }

  private ServerProcess timedStart(String when) throws IOException {
    long started = System.nanoTime();
    ServerProcess server = start(RESTART);
    System.out.printf("ready %d ms %s%n", (System.nanoTime() - started) / 1_000_000, when);
    return server;
  }

  private ProcessHandle postmaster() throws IOException {
    long pid = PidFile.read(dataDir.resolve("pg")).orElseThrow().pid();
    return ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no postmaster " + pid));
  }

  private static String createTenant(ServerProcess server) {
    String id = Tenants.randomId();
    var created = server.admin().post("/admin/tenants", "{\"id\":\"" + id + "\",\"name\":\"Crash " + id + "\"}");
    assertEquals(201, created.status(), created.body());
    return id;
  }

  private static void assertTenant(ServerProcess server, String id) {
    var found = server.admin().get("/admin/tenants/" + id);
    assertEquals(200, found.status(), found.body());
  }

  /** A SIGTERM is a stop, not a lost database: exit status 0 and not one ERROR. */
  private static void assertStopsCleanly(ServerProcess server) {
    assertEquals(0, server.stop(Duration.ofSeconds(30)), server::logTail);
    assertTrue(server.logLines().stream().noneMatch(line -> line.contains(" ERROR ")), server::logTail);
  }
}
