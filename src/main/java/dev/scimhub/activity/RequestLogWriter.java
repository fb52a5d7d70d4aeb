package dev.scimhub.activity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimhub.scim.FilterText;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request log's writer, a verticle of its own: requests wait in a bounded buffer and are written in batches (one
 * multi-row INSERT), their connection tallies beside them. SCIM traffic never waits for it: when the buffer is full
 * the oldest record is dropped and counted, and the drops are logged once a minute. Redaction and reading names out
 * of bodies happen here, off the request path, on a worker thread.
 */
public final class RequestLogWriter extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(RequestLogWriter.class);
  private static final long FLUSH_MILLIS = 200;
  private static final int BATCH = 2_000;

  private static final String INSERT = """
      INSERT INTO request_log (tenant_id, at, id, request_id, method, route, path, query, status, scim_type, detail,
        duration_ms, token_id, token_label, auth_failure, client_address, user_agent, identity_provider,
        resource_type, resource_id, user_name, display_name, external_id, request_body, response_body, quirks,
        outcome, event_count, event_ids)
      SELECT r.tenant_id, r.at, r.id, r.request_id, r.method, r.route, r.path, r.query, r.status, r.scim_type,
        r.detail, r.duration_ms, r.token_id, r.token_label, r.auth_failure, r.client_address, r.user_agent,
        r.identity_provider, r.resource_type, r.resource_id, r.user_name, r.display_name, r.external_id,
        r.request_body, r.response_body, string_to_array(r.quirks, ','), r.outcome, r.event_count,
        string_to_array(r.event_ids, ',')::uuid[]
      FROM unnest($1::text[], $2::timestamptz[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[],
        $8::text[], $9::int[], $10::text[], $11::text[], $12::float8[], $13::uuid[], $14::text[], $15::text[],
        $16::text[], $17::text[], $18::text[], $19::text[], $20::text[], $21::text[], $22::text[], $23::text[],
        $24::text[], $25::text[], $26::text[], $27::text[], $28::int[], $29::text[])
        AS r(tenant_id, at, id, request_id, method, route, path, query, status, scim_type, detail, duration_ms,
          token_id, token_label, auth_failure, client_address, user_agent, identity_provider, resource_type,
          resource_id, user_name, display_name, external_id, request_body, response_body, quirks, outcome,
          event_count, event_ids)
      """;

  private static final String HEALTH = """
      INSERT INTO connection_health AS h (tenant_id, token_key, token_label, first_seen, last_seen, last_success,
        last_error_at, last_error_status, last_error_detail, last_auth_failure, last_error_path, identity_provider,
        user_agent, quirks)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, string_to_array($14, ','))
      ON CONFLICT (tenant_id, token_key) DO UPDATE SET
        token_label = coalesce(EXCLUDED.token_label, h.token_label),
        first_seen = least(h.first_seen, EXCLUDED.first_seen),
        last_seen = greatest(h.last_seen, EXCLUDED.last_seen),
        last_success = greatest(h.last_success, EXCLUDED.last_success),
        last_error_status = CASE WHEN EXCLUDED.last_error_at > coalesce(h.last_error_at, '-infinity')
          THEN EXCLUDED.last_error_status ELSE h.last_error_status END,
        last_error_detail = CASE WHEN EXCLUDED.last_error_at > coalesce(h.last_error_at, '-infinity')
          THEN EXCLUDED.last_error_detail ELSE h.last_error_detail END,
        last_auth_failure = CASE WHEN EXCLUDED.last_error_at > coalesce(h.last_error_at, '-infinity')
          THEN EXCLUDED.last_auth_failure ELSE h.last_auth_failure END,
        last_error_path = CASE WHEN EXCLUDED.last_error_at > coalesce(h.last_error_at, '-infinity')
          THEN EXCLUDED.last_error_path ELSE h.last_error_path END,
        last_error_at = greatest(h.last_error_at, EXCLUDED.last_error_at),
        identity_provider = coalesce(EXCLUDED.identity_provider, h.identity_provider),
        user_agent = coalesce(EXCLUDED.user_agent, h.user_agent),
        quirks = coalesce(EXCLUDED.quirks, h.quirks)
      """;

  private static final String COUNTS = """
      INSERT INTO connection_counts AS c (tenant_id, token_key, bucket, c2xx, c3xx, c4xx, c5xx)
      VALUES ($1, $2, $3, $4, $5, $6, $7)
      ON CONFLICT (tenant_id, token_key, bucket) DO UPDATE SET
        c2xx = c.c2xx + EXCLUDED.c2xx, c3xx = c.c3xx + EXCLUDED.c3xx,
        c4xx = c.c4xx + EXCLUDED.c4xx, c5xx = c.c5xx + EXCLUDED.c5xx
      """;

  private final Pool pool;
  private final RequestLogPartitions partitions;
  private final int capacity;
  private final int bodyBytes;
  private final ConcurrentLinkedDeque<RequestRecord> buffer = new ConcurrentLinkedDeque<>();
  private final AtomicInteger buffered = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final Map<String, ConnectionTally> tallies = new ConcurrentHashMap<>();
  private volatile boolean deployed;
  private boolean flushing;
  private boolean tallying;
  private long droppedLogged;
  private long lastDropLog;

  RequestLogWriter(Pool pool, RequestLogPartitions partitions, int capacity, int bodyBytes) {
    this.pool = pool;
    this.partitions = partitions;
    this.capacity = capacity;
    this.bodyBytes = bodyBytes;
  }

  /** Keeps {@code record} for the next batch; the oldest waiting one goes when the buffer is full. */
  void offer(RequestRecord record) {
    buffer.addLast(record);
    if (buffered.incrementAndGet() > capacity && buffer.pollFirst() != null) {
      buffered.decrementAndGet();
      dropped.incrementAndGet();
    }
  }

  /** Adds {@code record} to its connection's tally (every request, recorded or sampled out). */
  void count(RequestRecord record) {
    String key = record.tenant() + "\n" + record.tokenKey();
    tallies.compute(key, (k, tally) -> (tally == null ? new ConnectionTally(record.tenant(), record.tokenKey())
        : tally).add(record));
  }

  long dropped() {
    return dropped.get();
  }

  long written() {
    return written.get();
  }

  int buffered() {
    return buffered.get();
  }

  public boolean deployed() {
    return deployed;
  }

  @Override
  public Future<?> start() {
    return partitions.maintain().recover(e -> {
      log.warn("request log partitions could not be prepared at start (retrying hourly): {}", e.toString());
      return Future.succeededFuture();
    }).onComplete(done -> {
      vertx.setPeriodic(FLUSH_MILLIS, id -> flush());
      vertx.setPeriodic(RequestLogPartitions.EVERY.toMillis(), id -> partitions.maintain()
          .onFailure(e -> log.warn("request log maintenance failed (retrying): {}", e.toString())));
      deployed = true;
    });
  }

  @Override
  public Future<?> stop() {
    deployed = false;
    return Future.join(tallying ? Future.succeededFuture() : writeTallies(),
        flushing ? Future.succeededFuture() : writeRecords(take()));
  }

  private void flush() {
    reportDrops();
    if (!tallying) {
      // Apart from the records: health counts every request even while the log's own table cannot be written.
      tallying = true;
      writeTallies().onComplete(done -> tallying = false);
    }
    if (flushing) {
      return;
    }
    List<RequestRecord> batch = take();
    flushing = true;
    writeRecords(batch).onComplete(done -> {
      flushing = false;
      if (done.failed() && refused(done.cause()) && !RequestLogPartitions.missingPartition(done.cause())) {
        // PostgreSQL refused what is in the batch, not the connection: sent again it would be refused again, and
        // every record behind it would wait forever. Each record is tried alone; what is refused again is dropped.
        log.warn("request log: a batch of {} records was refused ({}); writing them one by one", batch.size(),
            done.cause().toString());
        batch.forEach(record -> writeRecords(List.of(record)).onFailure(e -> {
          dropped.incrementAndGet();
          log.warn("request log: record {} of tenant {} dropped: {}", record.requestId(), record.tenant(),
              e.toString());
        }));
      } else if (done.failed()) {
        // Back to the front, as many as fit: a database that is down for long ends in drops, counted.
        for (int i = batch.size() - 1; i >= 0 && buffered.get() < capacity; i--) {
          buffer.addFirst(batch.get(i));
          buffered.incrementAndGet();
        }
        if (RequestLogPartitions.missingPartition(done.cause())) {
          partitions.maintain();
        }
        log.debug("request log batch not written (kept for the next): {}", done.cause().toString());
      }
    });
  }

  /**
   * A data exception (SQLSTATE class 22) or a violated constraint (23; a missing partition, also 23, is told apart
   * by the caller): the rows, not the database, are at fault.
   */
  private static boolean refused(Throwable e) {
    return e instanceof io.vertx.pgclient.PgException pg && pg.getSqlState() != null
        && (pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23"));
  }

  /** PostgreSQL's text holds no NUL: one {@code %00} from a client would have every batch that holds it refused. */
  static String storable(String value) {
    return value == null || value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
  }

  private List<RequestRecord> take() {
    List<RequestRecord> batch = new ArrayList<>(Math.min(BATCH, Math.max(0, buffered.get())));
    RequestRecord record;
    while (batch.size() < BATCH && (record = buffer.pollFirst()) != null) {
      buffered.decrementAndGet();
      batch.add(record);
    }
    return batch;
  }

  private Future<Void> writeRecords(List<RequestRecord> batch) {
    if (batch.isEmpty()) {
      return Future.succeededFuture();
    }
    // Redacting and reading up to 2,000 bodies is CPU work of milliseconds: on a worker thread, never on the event
    // loop that this verticle shares with HTTP requests.
    return vertx.executeBlocking(() -> rows(batch), false)
        .compose(rows -> pool.preparedQuery(INSERT).execute(rows))
        .map(r -> {
          written.addAndGet(batch.size());
          return null;
        });
  }

  private Future<Void> writeTallies() {
    List<ConnectionTally> taken = new ArrayList<>();
    for (Iterator<String> it = tallies.keySet().iterator(); it.hasNext(); ) {
      ConnectionTally tally = tallies.remove(it.next());
      if (tally != null) {
        taken.add(tally);
      }
    }
    if (taken.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> health = new ArrayList<>();
    List<Tuple> counts = new ArrayList<>();
    for (ConnectionTally t : taken) {
      health.add(Tuple.tuple().addString(t.tenant).addString(t.tokenKey).addString(t.tokenLabel)
          .addOffsetDateTime(t.firstSeen).addOffsetDateTime(t.lastSeen).addOffsetDateTime(t.lastSuccess)
          .addOffsetDateTime(t.lastErrorAt).addInteger(t.lastErrorAt == null ? null : t.lastErrorStatus)
          .addString(storable(cut(t.lastErrorDetail, 500))).addString(t.lastAuthFailure)
          .addString(storable(cut(t.lastErrorPath, 500))).addString(t.identityProvider).addString(storable(t.userAgent))
          .addString(t.quirks == null ? null : String.join(",", t.quirks)));
      t.buckets.forEach((bucket, c) -> counts.add(Tuple.tuple().addString(t.tenant).addString(t.tokenKey)
          .addOffsetDateTime(OffsetDateTime.ofInstant(java.time.Instant.ofEpochSecond(bucket), ZoneOffset.UTC))
          .addInteger(c[0]).addInteger(c[1]).addInteger(c[2]).addInteger(c[3])));
    }
    // Sorted, so that two nodes upserting the same rows lock them in one order.
    health.sort(java.util.Comparator.comparing((Tuple x) -> x.getString(0)).thenComparing(x -> x.getString(1)));
    return pool.preparedQuery(HEALTH).executeBatch(health)
        .compose(r -> pool.preparedQuery(COUNTS).executeBatch(counts))
        .onFailure(e -> log.debug("connection health not written: {}", e.toString()))
        .mapEmpty();
  }

  private void reportDrops() {
    long now = System.nanoTime();
    long total = dropped.get();
    if (total > droppedLogged && (lastDropLog == 0 || now - lastDropLog > 60_000_000_000L)) {
      log.warn("request log: {} records dropped since the last report ({} since start): the database is not keeping"
          + " up with the log; SCIM requests are not affected", total - droppedLogged, total);
      droppedLogged = total;
      lastDropLog = now;
    }
  }

  private Tuple rows(List<RequestRecord> batch) {
    int n = batch.size();
    String[] tenant = new String[n];
    OffsetDateTime[] at = new OffsetDateTime[n];
    UUID[] id = new UUID[n];
    String[] requestId = new String[n];
    String[] method = new String[n];
    String[] route = new String[n];
    String[] path = new String[n];
    String[] query = new String[n];
    Integer[] status = new Integer[n];
    String[] scimType = new String[n];
    String[] detail = new String[n];
    Double[] duration = new Double[n];
    UUID[] tokenId = new UUID[n];
    String[] tokenLabel = new String[n];
    String[] authFailure = new String[n];
    String[] client = new String[n];
    String[] userAgent = new String[n];
    String[] idp = new String[n];
    String[] resourceType = new String[n];
    String[] resourceId = new String[n];
    String[] userName = new String[n];
    String[] displayName = new String[n];
    String[] externalId = new String[n];
    String[] requestBody = new String[n];
    String[] responseBody = new String[n];
    String[] quirks = new String[n];
    String[] outcome = new String[n];
    Integer[] eventCount = new Integer[n];
    String[] eventIds = new String[n];
    Map<String, UUID> tokenIds = new HashMap<>();
    for (int i = 0; i < n; i++) {
      RequestRecord r = batch.get(i);
      var f = r.facts();
      tenant[i] = r.tenant();
      at[i] = r.at();
      id[i] = RecordIds.at(r.at());
      // What a client sent may hold a NUL (storable); what scimhub itself says of the request does not.
      requestId[i] = r.requestId() == null ? "-" : storable(r.requestId());
      method[i] = r.method();
      path[i] = storable(cut(Redaction.text(r.path()), 2_000));
      String decodedQuery = decoded(r.query());
      query[i] = storable(cut(Redaction.text(decodedQuery), 8_000));
      status[i] = r.status();
      scimType[i] = f.scimType();
      detail[i] = storable(cut(Redaction.text(f.detail()), 1_000));
      duration[i] = Math.round(r.durationMs() * 100) / 100.0;
      tokenId[i] = f.tokenId() == null ? null : tokenIds.computeIfAbsent(f.tokenId(), UUID::fromString);
      tokenLabel[i] = storable(f.tokenLabel());
      authFailure[i] = f.authFailure();
      client[i] = r.clientAddress();
      userAgent[i] = storable(cut(r.userAgent(), 500));
      idp[i] = f.identityProvider();
      ScimPath target = ScimPath.of(r.path());
      String segment = target.segment();
      String item = target.item();
      route[i] = route(target.version(), segment, item);
      resourceType[i] = "Users".equals(segment) ? "User" : "Groups".equals(segment) ? "Group" : storable(segment);
      JsonNode in = Redaction.object(r.requestBody());
      JsonNode out = Redaction.object(r.responseBody());
      String resource = item != null && !item.startsWith(".") ? item : null;
      if (resource == null && "POST".equals(r.method()) && r.status() == 201 && out != null) {
        resource = text(out, "id");
      }
      resourceId[i] = storable(cut(resource, 200));
      JsonNode named = out != null && out.has("id") ? out : in;
      String name = text(named, "userName");
      if (name == null && in != null && in != named) {
        name = text(in, "userName");
      }
      if (name == null && decodedQuery != null) {
        name = FilterText.userNameEq(decodedQuery);
      }
      userName[i] = storable(cut(name, 300));
      displayName[i] = storable(cut(text(named, "displayName"), 300));
      externalId[i] = storable(cut(text(named, "externalId"), 300));
      // Last: redaction masks the trees read above in place.
      requestBody[i] = storable(Redaction.body(r.requestBody(), in, bodyBytes));
      responseBody[i] = storable(Redaction.body(r.responseBody(), out, bodyBytes));
      quirks[i] = f.quirkNames().isEmpty() ? null : String.join(",", f.quirkNames());
      boolean rejected = r.status() >= 400;
      outcome[i] = rejected ? "rejected" : !r.write() ? "read" : f.eventCount() > 0 ? "applied" : "no-op";
      eventCount[i] = rejected ? 0 : f.eventCount();
      eventIds[i] = rejected || f.eventIds().isEmpty() ? null
          : String.join(",", f.eventIds().stream().map(UUID::toString).toList());
    }
    return Tuple.tuple().addArrayOfString(tenant).addArrayOfOffsetDateTime(at).addArrayOfUUID(id)
        .addArrayOfString(requestId).addArrayOfString(method).addArrayOfString(route).addArrayOfString(path)
        .addArrayOfString(query).addArrayOfInteger(status).addArrayOfString(scimType).addArrayOfString(detail)
        .addArrayOfDouble(duration).addArrayOfUUID(tokenId).addArrayOfString(tokenLabel)
        .addArrayOfString(authFailure).addArrayOfString(client).addArrayOfString(userAgent).addArrayOfString(idp)
        .addArrayOfString(resourceType).addArrayOfString(resourceId).addArrayOfString(userName)
        .addArrayOfString(displayName).addArrayOfString(externalId).addArrayOfString(requestBody)
        .addArrayOfString(responseBody).addArrayOfString(quirks).addArrayOfString(outcome)
        .addArrayOfInteger(eventCount).addArrayOfString(eventIds);
  }

  /**
   * The parts of a SCIM path the log files a request under: {@code /tenants/{t}/scim/v2/{segment}/{item}/...}.
   * Read by hand, not by a regex: the writer reads one per request.
   */
  record ScimPath(String version, String segment, String item) {

    private static final String TENANTS = "/tenants/";
    private static final ScimPath NONE = new ScimPath("v2", null, null);

    static ScimPath of(String path) {
      int tenantEnd = path.startsWith(TENANTS) ? path.indexOf('/', TENANTS.length()) : -1;
      if (tenantEnd <= TENANTS.length() || !path.startsWith("/scim/v", tenantEnd)
          || path.length() < tenantEnd + 8) {
        return NONE;
      }
      char v = path.charAt(tenantEnd + 7);
      if (v != '1' && v != '2') {
        return NONE;
      }
      String version = v == '1' ? "v1" : "v2";
      int at = tenantEnd + 8;
      String segment = part(path, at);
      String item = segment == null ? null : part(path, at + 1 + segment.length());
      return new ScimPath(version, segment, item);
    }

    /** The non-empty part after the '/' at {@code slash}, or null. */
    private static String part(String path, int slash) {
      if (slash >= path.length() || path.charAt(slash) != '/') {
        return null;
      }
      int end = path.indexOf('/', slash + 1);
      end = end < 0 ? path.length() : end;
      return end == slash + 1 ? null : path.substring(slash + 1, end);
    }
  }

  /** The route template: the path with the tenant and a resource's id as placeholders. */
  private static String route(String version, String segment, String item) {
    String base = "/tenants/{tenant}/scim/" + version;
    if (segment == null) {
      return base;
    }
    String known = switch (segment) {
      case "Users", "Groups", "Schemas", "ResourceTypes", "ServiceProviderConfig", "Bulk", "Me" -> segment;
      default -> "{unknown}";
    };
    if (item == null) {
      return base + "/" + known;
    }
    return base + "/" + known + (item.equals(".search") ? "/.search" : "/{id}");
  }

  /** A query string as a person reads it (and as redaction sees it): percent-decoding undone, '+' kept. */
  private static String decoded(String query) {
    if (query == null || query.indexOf('%') < 0) {
      return query;
    }
    // By hand rather than URLDecoder (which also turns '+' into a space, and costs a copy more): one per request.
    byte[] bytes = new byte[query.length() * 3];
    int n = 0;
    for (int i = 0; i < query.length(); i++) {
      char c = query.charAt(i);
      if (c == '%') {
        int high = i + 2 < query.length() ? Character.digit(query.charAt(i + 1), 16) : -1;
        int low = high < 0 ? -1 : Character.digit(query.charAt(i + 2), 16);
        if (low < 0) {
          return query;
        }
        bytes[n++] = (byte) (high << 4 | low);
        i += 2;
      } else if (c < 0x80) {
        bytes[n++] = (byte) c;
      } else {
        byte[] encoded = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < query.length()) {
          encoded = query.substring(i, i + 2).getBytes(java.nio.charset.StandardCharsets.UTF_8);
          i++;
        }
        System.arraycopy(encoded, 0, bytes, n, encoded.length);
        n += encoded.length;
      }
    }
    return new String(bytes, 0, n, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }

  private static String cut(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max);
  }
}
