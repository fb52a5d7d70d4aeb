package dev.scimhub.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Past its cap of requests in flight, a server refuses at once with 503 and {@code Retry-After: 1}, not a queue. */
class LoadSheddingTest {

  @Test
  void requestsBeyondTheCapAre503AtOnce() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      LoadShedding shedding = new LoadShedding(2);
      Router router = Router.router(vertx);
      router.route().handler(shedding);
      // Each admitted request holds its place for 1.5 s.
      router.get("/slow").handler(ctx -> vertx.setTimer(1_500, id -> ctx.response().end("done")));
      router.route().failureHandler(ScimFailureHandler.json(failure -> false));
      int port = vertx.createHttpServer().requestHandler(router).listen(0)
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();

      HttpClient client = HttpClient.newHttpClient();
      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        calls.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/slow")).build(),
            HttpResponse.BodyHandlers.ofString()));
      }
      int ok = 0;
      int shed = 0;
      for (CompletableFuture<HttpResponse<String>> call : calls) {
        HttpResponse<String> response = call.get(10, TimeUnit.SECONDS);
        if (response.statusCode() == 200) {
          ok++;
        } else {
          assertEquals(503, response.statusCode(), response.body());
          assertEquals("1", response.headers().firstValue("Retry-After").orElse(null));
          assertTrue(response.body().contains("urn:ietf:params:scim:api:messages:2.0:Error"), response.body());
          shed++;
        }
      }
      assertEquals(2, ok, "the cap admits two at a time");
      assertEquals(4, shed);
      // The place is given back when the response has ended on the server, which may be just after the client has it.
      long deadline = System.nanoTime() + 2_000_000_000L;
      while (shedding.inFlight() != 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(0, shedding.inFlight(), "every admitted request gave its place back");
      // With the places free again, a request goes through.
      assertEquals(200, client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/slow")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
