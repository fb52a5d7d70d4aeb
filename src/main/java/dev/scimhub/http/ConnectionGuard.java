package dev.scimhub.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What no single client may do to the server's connections, shared by every HTTP verticle of the process: hold more
 * than a set number of connections from one address, take longer than a deadline to send its first request's headers
 * (a slow-loris client sends a byte a second and so is never idle), or to send a request's body. Idle keep-alive
 * connections are closed by the server's idle timeout.
 */
public final class ConnectionGuard {

  private static final Logger log = LoggerFactory.getLogger(ConnectionGuard.class);

  /** One open connection: who holds it, and the deadline under way (a timer id, or -1). */
  private static final class Watched {
    final String client;
    volatile long timer = -1;

    Watched(String client) {
      this.client = client;
    }
  }

  private final Vertx vertx;
  private final int maxPerClient;
  private final long headerMillis;
  private final long bodyMillis;
  private final ConcurrentHashMap<String, AtomicInteger> perClient = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<HttpConnection, Watched> connections = new ConcurrentHashMap<>();

  public ConnectionGuard(Vertx vertx, int maxPerClient, int headerSeconds, int bodySeconds) {
    this.vertx = vertx;
    this.maxPerClient = maxPerClient;
    this.headerMillis = headerSeconds * 1000L;
    this.bodyMillis = bodySeconds * 1000L;
  }

  /** For {@code HttpServer.connectionHandler}: counts the connection, refuses one too many, and starts its deadline. */
  public void connected(HttpConnection connection) {
    Watched watched = new Watched(address(connection.remoteAddress()));
    connections.put(connection, watched);
    int count = perClient.computeIfAbsent(watched.client, key -> new AtomicInteger()).incrementAndGet();
    connection.closeHandler(v -> closed(connection, watched));
    if (count > maxPerClient) {
      log.warn("closing a connection from {}: it already has {} open", watched.client, maxPerClient);
      connection.close();
      return;
    }
    watched.timer = vertx.setTimer(headerMillis, id -> {
      log.info("closing a connection from {}: no complete request within {} s", watched.client, headerMillis / 1000);
      connection.close();
    });
  }

  /** For the first handler of every request: its headers are in; its body must follow within the deadline. */
  public void requestStarted(HttpServerRequest request) {
    Watched watched = connections.get(request.connection());
    if (watched == null) {
      return;
    }
    vertx.cancelTimer(watched.timer);
    watched.timer = -1;
    if (request.isEnded()) {
      return;
    }
    long timer = vertx.setTimer(bodyMillis, id -> {
      log.info("closing a connection from {}: request body not complete within {} s", watched.client,
          bodyMillis / 1000);
      request.connection().close();
    });
    watched.timer = timer;
    request.end().onComplete(done -> vertx.cancelTimer(timer));
  }

  private void closed(HttpConnection connection, Watched watched) {
    connections.remove(connection);
    vertx.cancelTimer(watched.timer);
    perClient.computeIfPresent(watched.client, (key, count) -> count.decrementAndGet() <= 0 ? null : count);
  }

  private static String address(SocketAddress address) {
    return address == null || address.hostAddress() == null ? "unknown" : address.hostAddress();
  }
}
