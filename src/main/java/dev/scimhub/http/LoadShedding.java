package dev.scimhub.http;

import dev.scimhub.scim.ScimException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cap on the requests in flight in the whole process: past it, a request is refused at once with 503 and
 * {@code Retry-After: 1}, so that an overload sheds work at the door instead of queueing it until every event loop
 * and the database pool drown and everyone times out.
 */
public final class LoadShedding implements Handler<RoutingContext> {

  private final int max;
  private final AtomicInteger inFlight = new AtomicInteger();

  public LoadShedding(int max) {
    this.max = max;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (inFlight.incrementAndGet() > max) {
      inFlight.decrementAndGet();
      ctx.response().putHeader("Retry-After", "1");
      ctx.fail(ScimException.unavailable("The server is at its limit of " + max + " requests in flight; retry in 1 s"));
      return;
    }
    // Called once, whether the response ends or the connection closes first.
    ctx.addEndHandler(done -> inFlight.decrementAndGet());
    ctx.next();
  }

  /** Requests being served now. */
  public int inFlight() {
    return inFlight.get();
  }
}
