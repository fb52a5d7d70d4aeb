package dev.scimhub.activity;

import dev.scimhub.http.QueryParams;
import dev.scimhub.http.RequestFacts;
import dev.scimhub.http.RequestKeys;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The first handler of a tenant's SCIM base URLs: starts the request's {@link RequestFacts}, and when the response
 * has ended hands the request to the {@link RequestLogWriter} — counted for connection health always, recorded unless it is
 * a successful read its tenant samples out. Nothing here waits for anything.
 */
public final class RequestRecorder implements Handler<RoutingContext> {

  private final RequestLogWriter log;
  private final int bodyBytes;
  private final AtomicLong reads = new AtomicLong();

  RequestRecorder(RequestLogWriter log, int bodyBytes) {
    this.log = log;
    this.bodyBytes = bodyBytes;
  }

  @Override
  public void handle(RoutingContext ctx) {
    RequestFacts facts = RequestFacts.start(ctx);
    ctx.addEndHandler(done -> ended(ctx, facts));
    ctx.next();
  }

  private void ended(RoutingContext ctx, RequestFacts facts) {
    String tenant = ctx.pathParam("tenant");
    if (!QueryParams.tenantId(tenant) || !facts.recorded()) {
      // Not a tenant id at all (no tenant can have it): nobody's log to write it in. Or the tenant wants none.
      return;
    }
    int status = ctx.response().getStatusCode();
    SocketAddress remote = ctx.request().remoteAddress();
    String method = ctx.request().method().name();
    // A successful read is kept as a summary (no bodies): reads are most of the traffic, and their bodies (pages of
    // users) are what makes a record costly to redact and store. Writes and errors keep theirs.
    boolean summary = status < 400 && RequestRecord.read(method, ctx.request().path());
    RequestRecord record = new RequestRecord(tenant, OffsetDateTime.now(ZoneOffset.UTC), RequestKeys.requestId(ctx),
        method, ctx.request().path(), ctx.request().query(), status,
        (System.nanoTime() - facts.startNanos()) / 1e6, remote == null ? null : remote.hostAddress(),
        ctx.request().getHeader("User-Agent"), facts, summary ? null : requestBody(ctx),
        summary ? null : bytes(facts.responseBody()));
    log.count(record);
    if (summary && !sampled(facts.getSample())) {
      return;
    }
    log.offer(record);
  }

  private boolean sampled(int oneIn) {
    return oneIn == 1 || (oneIn > 1 && reads.incrementAndGet() % oneIn == 0);
  }

  /** The body as read; a big one is kept only up to what redaction needs to see whole, beyond the stored cut. */
  private byte[] requestBody(RoutingContext ctx) {
    RequestBody body = ctx.body();
    Buffer buffer = body == null || !body.available() ? null : body.buffer();
    return bytes(buffer);
  }

  private byte[] bytes(Buffer buffer) {
    if (buffer == null || buffer.length() == 0) {
      return null;
    }
    // A body far beyond the stored size is kept up to a limit: enough to redact it as JSON would not be, so it is
    // then masked as text (and cut).
    int keep = Math.min(buffer.length(), Math.max(bodyBytes * 16, 64 * 1024));
    return buffer.getBytes(0, keep);
  }
}
