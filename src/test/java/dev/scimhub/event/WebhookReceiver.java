package dev.scimhub.event;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP receiver for webhooks, as the vendor's app would run one: it records every request (headers and body)
 * and answers each with the next scripted status (200 once the script is used up).
 */
final class WebhookReceiver implements AutoCloseable {

  /** One request as it arrived. */
  record Received(String id, String timestamp, String signature, String body, long atNanos) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  /** A scripted answer: a status and, if not null, a {@code Retry-After}. */
  record Answer(int status, String retryAfter) {}

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final List<Received> received = java.util.Collections.synchronizedList(new ArrayList<>());
  private final Deque<Answer> script = new ConcurrentLinkedDeque<>();

  private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger maxInFlight = new java.util.concurrent.atomic.AtomicInteger();

  WebhookReceiver() throws Exception {
    this(0, 0);
  }

  /** A receiver on {@code port} (0: any free one). */
  WebhookReceiver(int port) throws Exception {
    this(port, 0);
  }

  /** A receiver on {@code port} (0: any free one) that answers each request {@code delayMillis} after it came. */
  WebhookReceiver(int port, long delayMillis) throws Exception {
    server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      Map<String, String> headers = new java.util.HashMap<>();
      request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
      received.add(new Received(headers.get("webhook-id"), headers.get("webhook-timestamp"),
          headers.get("webhook-signature"), body.toString(), System.nanoTime()));
      Answer answer = script.poll();
      Runnable respond = () -> {
        inFlight.decrementAndGet();
        var response = request.response().setStatusCode(answer == null ? 200 : answer.status());
        if (answer != null && answer.retryAfter() != null) {
          response.putHeader("Retry-After", answer.retryAfter());
        }
        response.end(answer == null ? "ok" : "scripted " + answer.status());
      };
      if (delayMillis > 0) {
        vertx.setTimer(delayMillis, t -> respond.run());
      } else {
        respond.run();
      }
    })).listen(port).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/hooks";
  }

  /** The most requests that were ever unanswered at once. */
  int maxInFlight() {
    return maxInFlight.get();
  }

  void answerNext(int status, String retryAfter) {
    script.add(new Answer(status, retryAfter));
  }

  List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /** Waits until {@code n} requests arrived (or fails after {@code seconds}). */
  List<Received> await(int n, int seconds) throws InterruptedException {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    while (System.currentTimeMillis() < deadline) {
      List<Received> now = received();
      if (now.size() >= n) {
        return now;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("expected " + n + " webhook requests within " + seconds + " s, got " + received().size()
        + ": " + received().stream().map(r -> r.json().getString("type")).toList());
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
