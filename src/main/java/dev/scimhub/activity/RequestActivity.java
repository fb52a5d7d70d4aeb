package dev.scimhub.activity;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

/**
 * The request-log parts built once: the recorder the SCIM base URLs start with, the writer verticle, and the routes
 * that read the log. Off ({@code requestLog.enabled=false}), the recorder passes requests on untouched and the routes
 * still read what is stored.
 */
public final class RequestActivity {

  private final boolean enabled;
  private final RequestLogWriter writer;
  private final RequestRecorder recorder;
  private final ActivityRoutes routes;

  /** @param pool the log's own pool: its writes never wait behind SCIM traffic, nor SCIM traffic behind them */
  public RequestActivity(Pool pool, boolean enabled, int retentionDays, int bodyBytes, int bufferRecords) {
    this.enabled = enabled;
    this.writer = new RequestLogWriter(pool, new RequestLogPartitions(pool, retentionDays), bufferRecords, bodyBytes);
    this.recorder = new RequestRecorder(writer, bodyBytes);
    this.routes = new ActivityRoutes(new RequestLogStore(pool), writer);
  }

  /** The first handler of a tenant's SCIM routes. */
  public Handler<RoutingContext> recorder() {
    return enabled ? recorder : RoutingContext::next;
  }

  public RequestLogWriter writer() {
    return writer;
  }

  public ActivityRoutes routes() {
    return routes;
  }
}
