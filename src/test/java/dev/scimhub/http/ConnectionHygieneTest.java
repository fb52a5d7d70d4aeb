package dev.scimhub.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimhub.AppConfig;
import dev.scimhub.Application;
import dev.scimhub.HttpVerticle;
import dev.scimhub.auth.AdminJwtAuth;
import dev.scimhub.log.LogTags;
import dev.scimhub.scim.schema.Schemas;
import dev.scimhub.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What no single client may do to the server's connections, on a server of its own with small limits: an idle
 * keep-alive connection is closed, a client that sends its request a byte at a time or its body too slowly is cut off,
 * and one address cannot hold more than its share of connections.
 */
class ConnectionHygieneTest {

  private static final int MAX_PER_CLIENT = 3;
  private static Vertx vertx;
  private static int port;
  private static String adminJwt;

  @BeforeAll
  static void serverWithSmallLimits() throws Exception {
    LogTags.register();
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String secret = UUID.randomUUID().toString();
    AppConfig config = AppConfig.from(new JsonObject()
        .put("SCIMHUB_HTTP_PORT", port)
        .put("SCIMHUB_JWT_SECRET", secret)
        .put("SCIMHUB_DB_POOL_SIZE", 2)
        .put("SCIMHUB_HTTP_IDLE_TIMEOUT_SECONDS", 2)
        .put("SCIMHUB_HTTP_HEADER_TIMEOUT_SECONDS", 2)
        .put("SCIMHUB_HTTP_BODY_TIMEOUT_SECONDS", 2)
        .put("SCIMHUB_HTTP_MAX_CONNECTIONS_PER_CLIENT", MAX_PER_CLIENT));
    vertx = Vertx.vertx();
    Application app = new Application(vertx, config, TestDatabase.get(), Schemas.load(100), secret);
    vertx.deployVerticle(() -> new HttpVerticle(app), new io.vertx.core.DeploymentOptions())
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    adminJwt = new AdminJwtAuth(vertx, secret).mint(new JsonObject().put("role", AdminJwtAuth.PLATFORM_ADMIN)
        .put("sub", "hygiene-test"), 600);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void anIdleKeepAliveConnectionIsClosed() throws Exception {
    try (Socket socket = connect()) {
      send(socket, "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
      assertTrue(readResponse(socket).startsWith("HTTP/1.1 200"));
      long start = System.nanoTime();
      assertTrue(closedWithin(socket, 6_000), "the idle connection stayed open");
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis >= 1_500, "closed after " + millis + " ms, before the idle timeout");
    }
  }

  @Test
  void aRequestSentAByteAtATimeIsCutOff() throws Exception {
    try (Socket socket = connect()) {
      byte[] request = "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII);
      long start = System.nanoTime();
      boolean cut = false;
      // One byte every 200 ms is never idle; the deadline for the whole head is what ends it.
      for (byte b : request) {
        try {
          socket.getOutputStream().write(b);
          socket.getOutputStream().flush();
        } catch (SocketException closed) {
          cut = true;
          break;
        }
        Thread.sleep(200);
        if (closedNow(socket)) {
          cut = true;
          break;
        }
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(cut, "a slow-loris request was served after " + millis + " ms");
      assertTrue(millis < 6_000, "cut off only after " + millis + " ms");
    }
  }

  @Test
  void aBodySentTooSlowlyIsCutOff() throws Exception {
    try (Socket socket = connect()) {
      send(socket, "POST /admin/tenants HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + adminJwt
          + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"id\":");
      long start = System.nanoTime();
      boolean cut = false;
      // A byte every 300 ms keeps the connection from being idle: only the body's own deadline can end it.
      for (int i = 0; i < 30 && !cut; i++) {
        try {
          send(socket, " ");
        } catch (SocketException closed) {
          cut = true;
          break;
        }
        Thread.sleep(300);
        cut = closedNow(socket);
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(cut, "a body that never completes kept its connection for " + millis + " ms");
      assertTrue(millis >= 1_000 && millis < 6_000, "closed after " + millis + " ms");
    }
  }

  @Test
  void oneAddressCannotHoldMoreThanItsShare() throws Exception {
    List<Socket> held = new ArrayList<>();
    try {
      for (int i = 0; i < MAX_PER_CLIENT; i++) {
        Socket socket = connect();
        held.add(socket);
        send(socket, "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertTrue(readResponse(socket).startsWith("HTTP/1.1 200"));
      }
      try (Socket extra = connect()) {
        assertTrue(closedWithin(extra, 1_500), "connection " + (MAX_PER_CLIENT + 1) + " from one address was kept");
      }
      // The ones within the share still work.
      send(held.get(0), "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
      assertTrue(readResponse(held.get(0)).startsWith("HTTP/1.1 200"));
    } finally {
      for (Socket socket : held) {
        socket.close();
      }
    }
    // Closing them frees the share again.
    Thread.sleep(300);
    try (Socket again = connect()) {
      send(again, "GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
      assertEquals("HTTP/1.1 200", readResponse(again).substring(0, 12));
    }
  }

  // --- helpers

  private static Socket connect() throws IOException {
    Socket socket = new Socket("localhost", port);
    socket.setSoTimeout(500);
    return socket;
  }

  private static void send(Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** One response whose body length its Content-Length gives. */
  private static String readResponse(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    StringBuilder text = new StringBuilder();
    long deadline = System.nanoTime() + 5_000_000_000L;
    byte[] buffer = new byte[4096];
    while (System.nanoTime() < deadline) {
      try {
        int n = in.read(buffer);
        if (n < 0) {
          break;
        }
        text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        int head = text.indexOf("\r\n\r\n");
        if (head > 0) {
          String headers = text.substring(0, head).toLowerCase();
          int at = headers.indexOf("content-length:");
          int length = at < 0 ? 0 : Integer.parseInt(headers.substring(at + 15).split("\r\n")[0].trim());
          if (text.length() - head - 4 >= length) {
            break;
          }
        }
      } catch (SocketTimeoutException wait) {
        // keep reading until the deadline
      }
    }
    return text.toString();
  }

  /** Whether the server closes the connection within {@code millis}. */
  private static boolean closedWithin(Socket socket, long millis) throws IOException {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (System.nanoTime() < deadline) {
      if (closedNow(socket)) {
        return true;
      }
    }
    return false;
  }

  /** Reads for a moment: end of stream or a reset means the server closed it; a timeout means it is open. */
  private static boolean closedNow(Socket socket) throws IOException {
    try {
      byte[] any = new byte[1024];
      int n = socket.getInputStream().read(any);
      return n < 0;
    } catch (SocketTimeoutException open) {
      return false;
    } catch (SocketException reset) {
      return true;
    }
  }
}
