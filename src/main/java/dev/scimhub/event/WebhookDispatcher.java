package dev.scimhub.event;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to webhook endpoints, off the request path, at least once. Each round it (1) gives every enabled
 * endpoint a delivery row for each new event it wants and (2) starts a sender on each lane (an endpoint and a tenant)
 * whose oldest pending delivery is due. A sender leases a stretch of its lane from the head, in position order, and
 * sends it one at a time, so a tenant's events arrive in sequence order with one in flight, and one that keeps
 * failing holds back only that tenant's. Signed as Standard Webhooks says. Only a 2xx is a success; a failure is
 * tried again on a schedule of about three days (with jitter, or when {@code Retry-After} says), then dead-lettered;
 * a 410 disables the endpoint. Several nodes deliver together: a lease is taken under the head's row lock and lasts
 * {@value #LEASE_SECONDS} s, and a sender starts no attempt that could outlast its lease (it leases again instead), so
 * one event is not sent twice at once; a dead node's lanes are taken over when its leases run out.
 */
public final class WebhookDispatcher extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

  /** The waits after each failed attempt: ~3.2 days in all, then the delivery is dead. */
  static final List<Duration> SCHEDULE = List.of(Duration.ofSeconds(5), Duration.ofSeconds(30),
      Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2),
      Duration.ofHours(4), Duration.ofHours(8), Duration.ofHours(12), Duration.ofHours(24), Duration.ofHours(24));
  static final long TIMEOUT_MILLIS = 15_000;
  static final int RESPONSE_EXCERPT = 1_024;
  /** Lanes sent at once by one node; each has one delivery in flight. */
  private static final int MAX_LANES = 64;
  /** Deliveries leased at once by a lane: fewer round trips, and what another node cannot take meanwhile. */
  private static final int STRETCH = 100;
  /** How long a lease holds; also how long a crashed node's lanes wait before another node takes them over. */
  static final int LEASE_SECONDS = 30;
  /**
   * The last moment into a lease at which an attempt may start: it ends (or times out) well before the lease does, so
   * no other node can be sending the same event meanwhile.
   */
  private static final long SEND_WITHIN_NANOS = TimeUnit.SECONDS.toNanos(LEASE_SECONDS)
      - TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS) - TimeUnit.SECONDS.toNanos(5);
  private static final long IDLE_MILLIS = 200;
  /** While lanes wait for a sender, how soon the next round gives the freed places to them. */
  private static final long TURN_MILLIS = 20;
  private static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);

  private static final String ENDPOINTS = """
      SELECT tenant_id, id, url, secret, previous_secret, previous_expires_at > now() AS previous_valid
      FROM webhook_endpoint WHERE enabled
      """;

  /** New events for one endpoint, a bounded stretch of the feed at a time; the scope marker narrows by tenant. */
  private static final String FAN_OUT = """
      WITH endpoint AS (
        SELECT tenant_id, id, types, fanned_position,
               least((SELECT last_position FROM event_feed), fanned_position + 5000) AS upto
        FROM webhook_endpoint WHERE tenant_id = $1 AND id = $2 AND enabled FOR UPDATE SKIP LOCKED
      ),
      fresh AS (
        INSERT INTO webhook_delivery (tenant_id, endpoint_id, event_id, position)
        SELECT e.tenant_id, p.id, e.id, e.position
        FROM endpoint p JOIN event e ON /*scope*/ e.position > p.fanned_position AND e.position <= p.upto
        WHERE p.types IS NULL OR e.type = ANY(p.types) OR split_part(e.type, '.', 1) || '.*' = ANY(p.types)
        ON CONFLICT DO NOTHING
        RETURNING 1
      )
      UPDATE webhook_endpoint w SET fanned_position = p.upto FROM endpoint p
      WHERE w.tenant_id = p.tenant_id AND w.id = p.id AND p.upto > p.fanned_position
      RETURNING (SELECT count(*) FROM fresh)
      """;
  private static final String FAN_OUT_TENANT = FAN_OUT.replace("/*scope*/", "e.tenant_id = p.tenant_id AND");
  private static final String FAN_OUT_PLATFORM = FAN_OUT.replace("/*scope*/ ", "");

  /**
   * Lanes (an endpoint and a tenant) whose oldest pending delivery is due and not leased: where a sender may start.
   * Only a hint; {@link #LEASE} decides under a lock.
   */
  private static final String DUE_LANES = """
      SELECT d.tenant_id, d.endpoint_id FROM webhook_delivery d
      WHERE d.status = 'pending' AND d.next_attempt_at <= now()
        AND (d.leased_until IS NULL OR d.leased_until < now())
        AND EXISTS (SELECT 1 FROM webhook_endpoint w WHERE w.id = d.endpoint_id AND w.enabled)
        AND NOT EXISTS (SELECT 1 FROM webhook_delivery o
                        WHERE o.endpoint_id = d.endpoint_id AND o.tenant_id = d.tenant_id AND o.status = 'pending'
                          AND o.position < d.position)
      ORDER BY d.next_attempt_at, d.position
      LIMIT $1
      """;

  /**
   * Leases the next stretch of one lane, in position order, if its oldest pending delivery is due and free. The head
   * is locked first (and waited for, never skipped): a sender that skipped a locked head would lease the one behind
   * it and send out of order. A lane is leased only from its head, so the rows behind a free head are free too.
   */
  private static final String LEASE = """
      WITH head AS (
        SELECT position, next_attempt_at, leased_until FROM webhook_delivery
        WHERE tenant_id = $1 AND endpoint_id = $2 AND status = 'pending'
        ORDER BY position LIMIT 1
        FOR UPDATE
      ),
      stretch AS (
        SELECT d.event_id FROM webhook_delivery d, head h
        WHERE d.tenant_id = $1 AND d.endpoint_id = $2 AND d.status = 'pending' AND d.position >= h.position
          AND h.next_attempt_at <= now() AND (h.leased_until IS NULL OR h.leased_until < now())
        ORDER BY d.position LIMIT $3
        FOR UPDATE OF d
      )
      UPDATE webhook_delivery d SET leased_until = now() + $4::int * interval '1 second'
      FROM stretch s
      WHERE d.tenant_id = $1 AND d.endpoint_id = $2 AND d.event_id = s.event_id
      RETURNING d.event_id, d.position, d.attempts + 1 AS attempt
      """;

  private static final String EVENTS = """
      SELECT tenant_id, id, type, sequence, occurred_at, data::text AS data, context::text AS context
      FROM event WHERE tenant_id = $1 AND id = ANY($2::uuid[])
      """;

  /** Gives back what a sender leased but will not send now (a failure ahead of it, or a stop). */
  private static final String RELEASE = """
      UPDATE webhook_delivery SET leased_until = NULL
      WHERE tenant_id = $1 AND endpoint_id = $2 AND event_id = ANY($3::uuid[]) AND status = 'pending'
      """;

  /**
   * Records a batch of outcomes, of any lanes: each delivery's state and its attempt, one statement (and one commit)
   * for all the answers that came while the previous batch was written.
   */
  private static final String RESULTS = """
      WITH r AS (
        SELECT * FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::text[], $5::timestamptz[], $6::int[],
                             $7::text[], $8::int[], $9::text[])
          AS r(tenant_id, endpoint_id, event_id, status, next_attempt_at, http_status, error, duration_ms, response)
      ),
      d AS (
        UPDATE webhook_delivery w
        SET status = r.status, attempts = w.attempts + 1, leased_until = NULL,
            next_attempt_at = coalesce(r.next_attempt_at, w.next_attempt_at),
            last_attempt_at = now(), last_status = r.http_status, last_error = r.error
        FROM r
        WHERE w.tenant_id = r.tenant_id AND w.endpoint_id = r.endpoint_id AND w.event_id = r.event_id
        RETURNING w.tenant_id, w.endpoint_id, w.event_id, w.attempts
      )
      INSERT INTO webhook_attempt (tenant_id, endpoint_id, event_id, attempt, status, duration_ms, response, error)
      SELECT d.tenant_id, d.endpoint_id, d.event_id, d.attempts, r.http_status, r.duration_ms, r.response, r.error
      FROM d JOIN r ON r.tenant_id = d.tenant_id AND r.endpoint_id = d.endpoint_id AND r.event_id = d.event_id
      ON CONFLICT DO NOTHING
      """;

  private static final String DISABLE = """
      UPDATE webhook_endpoint SET enabled = false, disabled_reason = $3 WHERE tenant_id = $1 AND id = $2
      """;

  private record Endpoint(String scope, UUID id, String url, String secret, String previousSecret) {}

  private record Outcome(String status, OffsetDateTime nextAttempt, Integer httpStatus, String error,
      long millis, String response) {}

  private final Pool pool;
  private final WebhookSecrets secrets;
  private final WebhookTargets targets;
  private HttpClient client;
  private volatile boolean stopping;
  private volatile boolean deployed;
  /** The lanes this node is sending, as tenant + endpoint. */
  private final Set<String> lanes = new HashSet<>();
  /** Whether the last round found due lanes it had no place for. */
  private boolean lanesWaiting;
  private final AttemptLog attempts = new AttemptLog();
  private long lastFailureLog;

  public WebhookDispatcher(Pool pool, WebhookSecrets secrets, WebhookTargets targets) {
    this.pool = pool;
    this.secrets = secrets;
    this.targets = targets;
  }

  @Override
  public Future<?> start() {
    client = vertx.createHttpClient(new HttpClientOptions()
            .setConnectTimeout(5_000)
            .setIdleTimeout((int) TIMEOUT_MILLIS).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
            .setKeepAlive(true)
            .setMaxRedirects(0),
        // One connection per lane it may send at once: lanes to one receiver do not wait for each other.
        new PoolOptions().setHttp1MaxSize(MAX_LANES));
    deployed = true;
    round();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    deployed = false;
    return client.close();
  }

  public boolean deployed() {
    return deployed;
  }

  /** One round: fan out, lease, send; again at once while there was work, else after a pause. */
  private void round() {
    if (stopping) {
      return;
    }
    pool.query(ENDPOINTS).execute()
        .compose(rows -> {
          Map<UUID, Endpoint> endpoints = new HashMap<>();
          for (Row row : rows) {
            endpoints.put(row.getUUID("id"), endpoint(row));
          }
          return fanOut(new ArrayList<>(endpoints.values()), 0).compose(v -> claim(endpoints));
        })
        .onComplete(done -> {
          if (done.failed()) {
            long now = System.nanoTime();
            if (now - lastFailureLog > 60_000_000_000L || lastFailureLog == 0) {
              lastFailureLog = now;
              log.warn("webhook delivery round failed (retrying): {}", done.cause().toString());
            }
          }
          boolean busy = done.succeeded() && done.result() > 0;
          vertx.setTimer(busy ? 1 : lanesWaiting ? TURN_MILLIS : IDLE_MILLIS, id -> round());
        });
  }

  private Endpoint endpoint(Row row) {
    Buffer previous = row.getBuffer("previous_secret");
    boolean previousValid = Boolean.TRUE.equals(row.getBoolean("previous_valid"));
    return new Endpoint(row.getString("tenant_id"), row.getUUID("id"), row.getString("url"),
        secrets.decrypt(row.getBuffer("secret").getBytes()),
        previous != null && previousValid ? secrets.decrypt(previous.getBytes()) : null);
  }

  private Future<Void> fanOut(List<Endpoint> endpoints, int index) {
    if (index == endpoints.size()) {
      return Future.succeededFuture();
    }
    Endpoint endpoint = endpoints.get(index);
    String sql = WebhookStore.PLATFORM.equals(endpoint.scope()) ? FAN_OUT_PLATFORM : FAN_OUT_TENANT;
    return pool.preparedQuery(sql).execute(Tuple.of(endpoint.scope(), endpoint.id()))
        .compose(rows -> fanOut(endpoints, index + 1));
  }

  /**
   * Starts a sender on each due lane this node is not already sending, up to {@link #MAX_LANES}, oldest head first;
   * notes whether due lanes are left waiting for a free one.
   */
  private Future<Integer> claim(Map<UUID, Endpoint> endpoints) {
    if (endpoints.isEmpty()) {
      lanesWaiting = false;
      return Future.succeededFuture(0);
    }
    return pool.preparedQuery(DUE_LANES).execute(Tuple.of(MAX_LANES + 1)).map(rows -> {
      int started = 0;
      boolean waiting = false;
      for (Row row : rows) {
        Endpoint endpoint = endpoints.get(row.getUUID("endpoint_id"));
        String tenant = row.getString("tenant_id");
        if (endpoint == null || lanes.contains(lane(tenant, endpoint))) {
          continue;
        }
        if (lanes.size() >= MAX_LANES) {
          waiting = true;
          continue;
        }
        lanes.add(lane(tenant, endpoint));
        started++;
        send(endpoint, tenant).onComplete(done -> {
          lanes.remove(lane(tenant, endpoint));
          if (done.failed()) {
            log.warn("webhook sender for endpoint {} stopped (it resumes next round): {}", endpoint.id(),
                done.cause().toString());
          }
        });
      }
      lanesWaiting = waiting;
      return started;
    });
  }

  private static String lane(String tenant, Endpoint endpoint) {
    return tenant + " " + endpoint.id();
  }

  /**
   * Sends one lane, one delivery in flight, stretch after stretch while each is delivered. Ends at the first one that
   * is not (its retry waits for its time; the ones behind it are given back), when the lane is empty, or after a
   * stretch while other lanes wait for a sender: then the next round starts the lanes with the oldest heads, so that
   * more tenants than {@link #MAX_LANES} take turns instead of the running ones keeping their places all import long.
   */
  private Future<Void> send(Endpoint endpoint, String tenant) {
    if (stopping) {
      return Future.succeededFuture();
    }
    long leasedAt = System.nanoTime();
    return pool.preparedQuery(LEASE).execute(Tuple.of(tenant, endpoint.id(), STRETCH, LEASE_SECONDS))
        .compose(leased -> {
      if (leased.size() == 0) {
        return Future.succeededFuture();
      }
      List<Row> stretch = new ArrayList<>();
      leased.forEach(stretch::add);
      stretch.sort(Comparator.comparingLong(row -> row.getLong("position")));
      UUID[] ids = stretch.stream().map(row -> row.getUUID("event_id")).toArray(UUID[]::new);
      return pool.preparedQuery(EVENTS).execute(Tuple.tuple().addString(tenant).addArrayOfUUID(ids))
          // Nothing of the stretch was sent: it is given back rather than held until its lease runs out.
          .recover(failure -> release(endpoint, tenant, stretch, 0).transform(ignored -> Future.failedFuture(failure)))
          .compose(events -> {
            Map<UUID, Row> byId = new HashMap<>();
            events.forEach(event -> byId.put(event.getUUID("id"), event));
            return sendStretch(endpoint, tenant, stretch, byId, leasedAt + SEND_WITHIN_NANOS);
          })
          .compose(allDelivered -> allDelivered && !lanesWaiting ? send(endpoint, tenant) : Future.succeededFuture());
    });
  }

  /**
   * Sends the stretch in order, starting no attempt after {@code sendBy} (then the rest is given back); true when
   * none failed. Outcomes are written while the next ones are sent (the lane does not wait for the database); the
   * stretch ends when every one is written.
   */
  private Future<Boolean> sendStretch(Endpoint endpoint, String tenant, List<Row> stretch, Map<UUID, Row> events,
      long sendBy) {
    List<Future<Void>> records = new ArrayList<>();
    return sendFrom(endpoint, tenant, stretch, events, 0, sendBy, records)
        .compose(all -> Future.join(records).transform(done -> {
          if (done.failed()) {
            log.warn("could not record a webhook attempt (it may be sent again): {}", done.cause().toString());
          }
          return Future.succeededFuture(all);
        }));
  }

  private Future<Boolean> sendFrom(Endpoint endpoint, String tenant, List<Row> stretch, Map<UUID, Row> events,
      int index, long sendBy, List<Future<Void>> records) {
    if (index == stretch.size()) {
      return Future.succeededFuture(true);
    }
    if (System.nanoTime() - sendBy > 0) {
      // The lease is too near its end for another attempt: the rest is given back and leased again.
      return release(endpoint, tenant, stretch, index).map(true);
    }
    if (stopping) {
      return release(endpoint, tenant, stretch, index).map(false);
    }
    Row delivery = stretch.get(index);
    UUID eventId = delivery.getUUID("event_id");
    return attempt(endpoint, eventId, events.get(eventId), delivery.getInteger("attempt")).compose(outcome -> {
      Future<Void> recorded = attempts.record(tenant, endpoint.id(), eventId, outcome);
      records.add(recorded);
      if (outcome.httpStatus() != null && outcome.httpStatus() == 410) {
        log.warn("webhook endpoint {} answered 410 Gone: disabled", endpoint.id());
        return recorded.compose(v -> pool.preparedQuery(DISABLE).execute(Tuple.of(endpoint.scope(),
                endpoint.id(), "the endpoint answered 410 Gone at " + java.time.Instant.now())))
            .compose(v -> release(endpoint, tenant, stretch, index + 1)).map(false);
      }
      if ("pending".equals(outcome.status())) {
        // Its retry waits for its time, and the ones behind it wait for it: they are given back.
        return recorded.compose(v -> release(endpoint, tenant, stretch, index + 1)).map(false);
      }
      return sendFrom(endpoint, tenant, stretch, events, index + 1, sendBy, records);
    });
  }

  /**
   * Outcomes on their way to the database, from all of this node's lanes: at most one batch is written at a time,
   * and what arrives meanwhile goes in the next, so many lanes sending at once share a few commits instead of taking
   * one each on the dispatcher's two connections.
   */
  private final class AttemptLog {
    private record Entry(String tenant, UUID endpoint, UUID eventId, Outcome outcome, Promise<Void> written) {}

    private List<Entry> queued = new ArrayList<>();
    private boolean writing;

    Future<Void> record(String tenant, UUID endpoint, UUID eventId, Outcome outcome) {
      Promise<Void> written = Promise.promise();
      queued.add(new Entry(tenant, endpoint, eventId, outcome, written));
      if (!writing) {
        write();
      }
      return written.future();
    }

    private void write() {
      List<Entry> batch = queued;
      queued = new ArrayList<>();
      writing = true;
      int n = batch.size();
      String[] tenants = new String[n];
      UUID[] endpoints = new UUID[n];
      UUID[] ids = new UUID[n];
      String[] statuses = new String[n];
      OffsetDateTime[] next = new OffsetDateTime[n];
      Integer[] httpStatuses = new Integer[n];
      String[] errors = new String[n];
      Integer[] durations = new Integer[n];
      String[] responses = new String[n];
      for (int i = 0; i < n; i++) {
        Entry entry = batch.get(i);
        Outcome outcome = entry.outcome();
        tenants[i] = entry.tenant();
        endpoints[i] = entry.endpoint();
        ids[i] = entry.eventId();
        statuses[i] = outcome.status();
        next[i] = outcome.nextAttempt();
        httpStatuses[i] = outcome.httpStatus();
        errors[i] = truncate(outcome.error(), 500);
        durations[i] = (int) outcome.millis();
        responses[i] = truncate(outcome.response(), RESPONSE_EXCERPT);
      }
      pool.preparedQuery(RESULTS).execute(Tuple.tuple().addArrayOfString(tenants).addArrayOfUUID(endpoints)
              .addArrayOfUUID(ids).addArrayOfString(statuses).addArrayOfOffsetDateTime(next)
              .addArrayOfInteger(httpStatuses).addArrayOfString(errors).addArrayOfInteger(durations)
              .addArrayOfString(responses))
          .onComplete(done -> {
            writing = false;
            for (Entry entry : batch) {
              if (done.succeeded()) {
                entry.written().complete();
              } else {
                entry.written().fail(done.cause());
              }
            }
            if (!queued.isEmpty()) {
              write();
            }
          });
    }
  }

  private Future<Void> release(Endpoint endpoint, String tenant, List<Row> stretch, int from) {
    if (from >= stretch.size()) {
      return Future.succeededFuture();
    }
    UUID[] rest = stretch.subList(from, stretch.size()).stream().map(row -> row.getUUID("event_id"))
        .toArray(UUID[]::new);
    return pool.preparedQuery(RELEASE)
        .execute(Tuple.tuple().addString(tenant).addUUID(endpoint.id()).addArrayOfUUID(rest)).mapEmpty();
  }

  /** One attempt at sending an event: what came of it (a dead one lets the lane go on). */
  private Future<Outcome> attempt(Endpoint endpoint, UUID eventId, Row event, int attempt) {
    if (event == null) {
      return Future.succeededFuture(new Outcome("dead", null, null, "the event is gone (past its retention)", 0,
          null));
    }
    String body = Envelope.json(event);
    long start = System.nanoTime();
    return targets.check(endpoint.url())
        .compose(url -> post(endpoint, eventId, body))
        .map(response -> outcome(response, attempt, start))
        .recover(failure -> Future.succeededFuture(failed(attempt, null, null, failure.getMessage() == null
            ? failure.getClass().getSimpleName() : failure.getMessage(), start, null)));
  }

  private record Response(int status, String retryAfter, String excerpt) {}

  private Future<Response> post(Endpoint endpoint, UUID eventId, String body) {
    long timestamp = System.currentTimeMillis() / 1000;
    String signature = WebhookSecrets.sign(endpoint.secret(), eventId.toString(), timestamp, body);
    if (endpoint.previousSecret() != null) {
      signature += " " + WebhookSecrets.sign(endpoint.previousSecret(), eventId.toString(), timestamp, body);
    }
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setAbsoluteURI(endpoint.url())
        .setFollowRedirects(false)
        .setIdleTimeout(TIMEOUT_MILLIS)
        .putHeader("Content-Type", "application/json")
        .putHeader("User-Agent", "scimhub-webhooks")
        .putHeader("webhook-id", eventId.toString())
        .putHeader("webhook-timestamp", String.valueOf(timestamp))
        .putHeader("webhook-signature", signature);
    Promise<Response> answered = Promise.promise();
    long timer = vertx.setTimer(TIMEOUT_MILLIS, id -> answered.tryFail("no answer within " + TIMEOUT_MILLIS + " ms"));
    client.request(options)
        .compose(request -> request.send(Buffer.buffer(body)))
        .onFailure(answered::tryFail)
        .onSuccess(response -> {
          Buffer excerpt = Buffer.buffer();
          response.handler(chunk -> {
            if (excerpt.length() < RESPONSE_EXCERPT) {
              excerpt.appendBuffer(chunk.slice(0, Math.min(chunk.length(), RESPONSE_EXCERPT - excerpt.length())));
            }
          });
          response.exceptionHandler(answered::tryFail);
          response.endHandler(end -> answered.tryComplete(new Response(response.statusCode(),
              response.getHeader("Retry-After"), excerpt.toString())));
        });
    return answered.future().onComplete(done -> vertx.cancelTimer(timer));
  }

  private static Outcome outcome(Response response, int attempt, long start) {
    if (response.status() >= 200 && response.status() < 300) {
      return new Outcome("delivered", null, response.status(), null, millis(start), response.excerpt());
    }
    return failed(attempt, response.status(), response.retryAfter(), "HTTP " + response.status(), start,
        response.excerpt());
  }

  /** The next attempt after a failure: when Retry-After says (up to a day), else the schedule with ±20 % jitter. */
  static Outcome failed(int attempt, Integer status, String retryAfter, String error, long start, String excerpt) {
    if (attempt > SCHEDULE.size()) {
      return new Outcome("dead", null, status, error + "; gave up after " + attempt + " attempts", millis(start),
          excerpt);
    }
    Duration wait = retryAfter(retryAfter);
    if (wait == null) {
      long base = SCHEDULE.get(attempt - 1).toMillis();
      wait = Duration.ofMillis((long) (base * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble())));
    }
    return new Outcome("pending", OffsetDateTime.now().plus(wait), status, error, millis(start), excerpt);
  }

  /** {@code Retry-After} as seconds or an HTTP date, capped at a day; null when absent or unreadable. */
  static Duration retryAfter(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    try {
      long seconds = Long.parseLong(header.trim());
      return seconds < 0 ? null : min(Duration.ofSeconds(seconds));
    } catch (NumberFormatException notSeconds) {
      try {
        Duration until = Duration.between(ZonedDateTime.now(),
            ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
        return until.isNegative() ? Duration.ZERO : min(until);
      } catch (RuntimeException notADate) {
        return null;
      }
    }
  }

  private static Duration min(Duration wait) {
    return wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
  }

  private static String truncate(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max);
  }

  private static long millis(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
