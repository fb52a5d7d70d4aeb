package dev.scimhub.support;

import dev.scimhub.db.Database;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Another scimhub server in its own JVM, started with {@code dev.scimhub.Main} as in production, on the test server's
 * JWT key: a second node of the cluster on the test database, or a server of its own on an embedded database. Close it
 * to stop it.
 */
public record ServerProcess(Process process, Path directory, Path log, String baseUrl) implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** Starts a node on the test database and waits until its {@code /ready} answers 200. */
  public static ServerProcess start(Duration readyWithin) throws IOException {
    return start(null, readyWithin, Map.of());
  }

  /** A second node on the test database with {@code settings} as extra environment variables. */
  public static ServerProcess start(Duration readyWithin, Map<String, String> settings) throws IOException {
    return start(null, readyWithin, settings);
  }

  /**
   * Starts a server on an embedded PostgreSQL with its data in {@code dataDir} (kept when the server is closed, for
   * the next start) and waits until its {@code /ready} answers 200.
   */
  public static ServerProcess startEmbedded(Path dataDir, Duration readyWithin) throws IOException {
    return start(dataDir, readyWithin, Map.of());
  }

  /** {@link #startEmbedded(Path, Duration)} with {@code settings} as extra environment variables. */
  public static ServerProcess startEmbedded(Path dataDir, Duration readyWithin, Map<String, String> settings)
      throws IOException {
    return start(dataDir, readyWithin, settings);
  }

  private static ServerProcess start(Path embeddedDataDir, Duration readyWithin, Map<String, String> settings)
      throws IOException {
    int port = freePort();
    Path directory = Files.createTempDirectory("scimhub-node-");
    Path log = directory.resolve("server.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // The process runs in its own directory, so every class path entry must be absolute.
    String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(entry -> Path.of(entry).toAbsolutePath().toString())
        .collect(Collectors.joining(File.pathSeparator));
    // Small heap and serial GC: this shares a few cores with the test JVM and its database.
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp", classPath,
        "dev.scimhub.Main", "serve")
        .directory(directory.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("SCIMHUB_"));
    if (embeddedDataDir == null) {
      Database database = TestDatabase.get();
      env.put("SCIMHUB_DB_URL", url(database));
      if (database.password() != null) {
        env.put("SCIMHUB_DB_PASSWORD", database.password());
      }
      env.put("SCIMHUB_DATA_DIR", directory.resolve("data").toString());
    } else {
      env.put("SCIMHUB_DATA_DIR", embeddedDataDir.toAbsolutePath().toString());
    }
    env.put("SCIMHUB_JWT_SECRET", TestServer.get().jwtSecret());
    env.put("SCIMHUB_HTTP_PORT", String.valueOf(port));
    env.put("SCIMHUB_DB_POOL_SIZE", "4");
    env.putAll(settings);
    ServerProcess node = new ServerProcess(builder.start(), directory, log, "http://localhost:" + port);
    try {
      node.awaitReady(readyWithin);
    } catch (RuntimeException | Error e) {
      node.close();
      throw e;
    }
    return node;
  }

  /** A SCIM client of {@code tenant} on this node presenting {@code token}. */
  public ScimClient scim(String tenant, String token) {
    return new ScimClient(baseUrl + "/tenants/" + tenant + "/scim/v2", "Bearer " + token);
  }

  /** A client of the admin API with a platform-admin JWT. */
  public ScimClient admin() {
    return new ScimClient(baseUrl, "Bearer " + TestServer.get().platformAdminJwt());
  }

  /** SIGKILL, as kill -9 or the OOM killer: no shutdown hook runs. Returns once the process is gone. */
  public void kill() {
    try {
      if (!process.destroyForcibly().waitFor(30, TimeUnit.SECONDS)) {
        throw new AssertionError("pid " + process.pid() + " survived SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** SIGTERM, as a service manager stops it; returns the exit status, or fails after {@code within}. */
  public int stop(Duration within) {
    process.destroy();
    try {
      if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("not stopped within " + within.toSeconds() + " s:\n" + logTail());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return process.exitValue();
  }

  /** Everything it has logged so far. */
  public List<String> logLines() {
    try {
      return Files.readAllLines(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the process (SIGTERM, then a kill if it lingers), waits for it, and removes its directory. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitReady(Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl + "/ready")).timeout(Duration.ofSeconds(2)).build();
    while (true) {
      if (!process.isAlive()) {
        throw new AssertionError("server exited with " + process.exitValue() + ":\n" + logTail());
      }
      try {
        if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notListeningYet) {
        // keep waiting
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("server not ready within " + within.toSeconds() + " s:\n" + logTail());
      }
      AdminApi.sleep(200);
    }
  }

  /** The last 40 lines of its log, for a failure message. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** The database as a {@code SCIMHUB_DB_URL}; the password goes separately. */
  private static String url(Database database) {
    var options = database.options();
    return "postgresql://" + ScimClient.encode(options.getUser()) + "@" + options.getHost() + ":" + options.getPort()
        + "/" + options.getDatabase();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
