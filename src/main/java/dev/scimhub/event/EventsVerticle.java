package dev.scimhub.event;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events' background work, off the request path: numbers committed events (at once again while there are more,
 * else every {@value #IDLE_MILLIS} ms), removes events past their retention every {@value #EXPIRE_MINUTES} minutes,
 * and listens on {@value EventSequencer#CHANNEL} to wake this node's long-polling readers. One instance per process;
 * on several nodes every one runs, and the sequencer's lock lets one number at a time.
 */
public final class EventsVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(EventsVerticle.class);
  static final long IDLE_MILLIS = 50;
  static final long EXPIRE_MINUTES = 10;

  private final PgConnectOptions database;
  private final EventSequencer sequencer;
  private final EventFeed feed;
  private final Duration retention;
  private PgSubscriber subscriber;
  private long expiry;
  private volatile boolean stopping;
  private volatile boolean deployed;
  private long lastFailureLog;

  public EventsVerticle(PgConnectOptions database, io.vertx.sqlclient.Pool pool, EventFeed feed, Duration retention) {
    this.database = database;
    this.sequencer = new EventSequencer(pool);
    this.feed = feed;
    this.retention = retention;
  }

  @Override
  public Future<?> start() {
    subscriber = PgSubscriber.subscriber(vertx, database).reconnectPolicy(retries -> 500L);
    subscriber.channel(EventSequencer.CHANNEL)
        .handler(payload -> feed.wake())
        // What was announced while we did not listen: readers look again.
        .subscribeHandler(v -> feed.wake());
    expiry = vertx.setPeriodic(1_000, Duration.ofMinutes(EXPIRE_MINUTES).toMillis(), id -> expire());
    return subscriber.connect().onSuccess(connected -> {
      deployed = true;
      number();
    });
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    deployed = false;
    vertx.cancelTimer(expiry);
    return subscriber.close();
  }

  /** Whether it started and has not been asked to stop (for readiness). */
  public boolean deployed() {
    return deployed;
  }

  private void number() {
    if (stopping) {
      return;
    }
    sequencer.numberBatch().onComplete(done -> {
      if (done.failed()) {
        // The database is away or restarting: /ready says so; one line a minute here is enough.
        long now = System.nanoTime();
        if (now - lastFailureLog > 60_000_000_000L || lastFailureLog == 0) {
          lastFailureLog = now;
          log.warn("could not number events (retrying): {}", done.cause().toString());
        }
      }
      boolean more = done.succeeded() && done.result() == EventSequencer.BATCH;
      if (more) {
        number();
      } else if (!stopping) {
        vertx.setTimer(done.failed() ? 1_000 : IDLE_MILLIS, id -> number());
      }
    });
  }

  private void expire() {
    sequencer.expire(retention).onComplete(done -> {
      if (done.failed()) {
        log.warn("could not remove expired events: {}", done.cause().toString());
      } else if (done.result() > 0) {
        log.info("removed {} events older than {} days", done.result(), retention.toDays());
        if (done.result() == EventSequencer.BATCH && !stopping) {
          expire();
        }
      }
    });
  }
}
