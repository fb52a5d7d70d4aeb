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
 * Another scimhub server in its own JVM, started with {@code dev.scimhub.Main} as in production, on the test database
 * and the test server's JWT key: a second node of the cluster. Close it to stop it.
 */
public record ServerProcess(Process process, Path directory, Path log, String baseUrl) implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** Starts the process and waits until its {@code /ready} answers 200. */
  public static ServerProcess start(Duration readyWithin) throws IOException {
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
    Database database = TestDatabase.get();
    env.put("SCIMHUB_DB_URL", url(database));
    if (database.password() != null) {
      env.put("SCIMHUB_DB_PASSWORD", database.password());
    }
    env.put("SCIMHUB_JWT_SECRET", TestServer.get().jwtSecret());
    env.put("SCIMHUB_HTTP_PORT", String.valueOf(port));
    env.put("SCIMHUB_DATA_DIR", directory.resolve("data").toString());
    env.put("SCIMHUB_DB_POOL_SIZE", "4");
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
        throw new AssertionError("second node exited with " + process.exitValue() + ":\n" + logTail());
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
        throw new AssertionError("second node not ready within " + within.toSeconds() + " s:\n" + logTail());
      }
      AdminApi.sleep(200);
    }
  }

  private String logTail() {
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
