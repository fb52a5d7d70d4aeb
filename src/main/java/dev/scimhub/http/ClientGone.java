package dev.scimhub.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.ext.web.RoutingContext;

/**
 * A request's client leaving before its answer is complete, as a future a service can hand to its store: a listing
 * still running in PostgreSQL for a client that hung up is cancelled rather than left to the statement timeout.
 */
public final class ClientGone {

  private ClientGone() {}

  /** Completes when the connection closes before the response has ended; never completes otherwise. */
  public static Future<Void> of(RoutingContext ctx) {
    Promise<Void> gone = Promise.promise();
    ctx.addEndHandler(end -> {
      if (end.failed()) {
        gone.tryComplete();
      }
    });
    return gone.future();
  }
}
