package dev.scimhub.token;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background work of the token checks, off the request path: listens on {@value TokenStore#CHANNEL} and drops a
 * tenant's cached tokens when any node changes them, and writes the gathered last-used times every few seconds.
 * One instance per process.
 */
public final class TokenEventsVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(TokenEventsVerticle.class);
  static final long FLUSH_MILLIS = 5_000;

  private final PgConnectOptions database;
  private final TokenStore store;
  private final TokenUsage usage;
  private PgSubscriber subscriber;
  private long timer;
  private volatile boolean stopping;
  private volatile boolean deployed;

  public TokenEventsVerticle(PgConnectOptions database, TokenStore store, TokenUsage usage) {
    this.database = database;
    this.store = store;
    this.usage = usage;
  }

  @Override
  public Future<?> start() {
    subscriber = PgSubscriber.subscriber(vertx, database).reconnectPolicy(retries -> 500L);
    subscriber.channel(TokenStore.CHANNEL)
        .handler(store::forget)
        // Notifications sent while we were not listening are lost: after every (re)subscription start afresh.
        .subscribeHandler(v -> store.forgetAll());
    subscriber.closeHandler(v -> {
      store.forgetAll();
      if (!stopping) {
        log.warn("token notifications stopped; cached token checks expire within {} s", TokenCache.TTL_NANOS / 1e9);
      }
    });
    timer = vertx.setPeriodic(FLUSH_MILLIS, id -> flush());
    return subscriber.connect().onSuccess(connected -> deployed = true);
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    deployed = false;
    vertx.cancelTimer(timer);
    return flush().eventually(() -> subscriber.close());
  }

  /** Whether it started and has not been asked to stop (for readiness). */
  public boolean deployed() {
    return deployed;
  }

  private Future<Void> flush() {
    return store.touch(usage.drain())
        .onFailure(e -> log.warn("could not record token usage", e))
        .otherwiseEmpty();
  }
}
