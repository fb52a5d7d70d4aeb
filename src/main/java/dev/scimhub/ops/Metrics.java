package dev.scimhub.ops;

import dev.scimhub.db.DatabaseOutage;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.util.NetUtil;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The process's metrics, one Prometheus registry, read at {@code GET /metrics}: Vert.x's own (HTTP server latency by
 * route template and status class, the SQL pool, event loops, the JVM) and whatever the composition root binds to
 * {@link #registry()}. Every label has a bounded set of values: route templates, never paths, which carry tenant and
 * resource ids.
 *
 * <p>Access: with {@code metrics.token} set, only {@code Authorization: Bearer <token>}, from any address; unset,
 * only loopback clients (a scraper or agent on the same host or pod).
 */
public final class Metrics {

  /** Vert.x's labels that stay: never {@code path} (raw paths) or {@code remote} (one series per client address). */
  private static final Set<Label> LABELS =
      EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME);
  private static final List<MetricsDomain> UNUSED_DOMAINS = List.of(MetricsDomain.NET_SERVER,
      MetricsDomain.NET_CLIENT, MetricsDomain.EVENT_BUS, MetricsDomain.DATAGRAM_SOCKET, MetricsDomain.VERTICLES);
  /** From a filter lookup to the pool's 5 s wait and the 15 s statement timeout. */
  private static final double[] LATENCY_BUCKETS_NANOS = Stream.of(5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000,
      10_000, 20_000).mapToDouble(millis -> Duration.ofMillis(millis).toNanos()).toArray();

  private final PrometheusMeterRegistry registry;
  private final String token;

  private Metrics(PrometheusMeterRegistry registry, String token) {
    this.registry = registry;
    this.token = token;
  }

  /**
   * Metrics as configured: {@code enabled} false collects nothing and serves no {@code /metrics}, to run (or measure)
   * without their cost.
   *
   * @param token the bearer token {@code /metrics} requires; null to answer loopback clients only
   */
  public static Metrics create(boolean enabled, String token) {
    if (!enabled) {
      return new Metrics(null, null);
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Before any meter exists: a filter applies only to meters registered after it.
    registry.config()
        .meterFilter(MeterFilter.ignoreTags(Label.HTTP_PATH.toString(), Label.REMOTE.toString()))
        .meterFilter(boundedHttpLabels())
        .meterFilter(latencyHistogram());
    // Code that cannot be handed a registry (the protocol package's quirks) counts into the global one.
    io.micrometer.core.instrument.Metrics.globalRegistry.add(registry);
    return new Metrics(registry, token);
  }

  /** No metrics at all, for servers built without them. */
  public static Metrics off() {
    return create(false, null);
  }

  /** Where meters of this process go; empty when metrics are off. */
  public Optional<MeterRegistry> registry() {
    return Optional.ofNullable(registry);
  }

  /**
   * A Vert.x with {@code eventLoops} event loops whose HTTP servers, pools and event loops report here; a plain one
   * when metrics are off.
   */
  public Vertx vertx(int eventLoops) {
    if (registry == null) {
      return Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
    }
    MicrometerMetricsOptions options = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setLabels(EnumSet.copyOf(LABELS));
    // TCP byte counters are updated on every read and write of every socket (the database's included) and say
    // nothing the HTTP and pool meters do not; the event bus, datagrams and verticle counts are unused here.
    for (MetricsDomain unused : UNUSED_DOMAINS) {
      options.addDisabledMetricsCategory(unused);
    }
    return Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(options).setEventLoopPoolSize(eventLoops))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
  }

  /** The database as the requests see it: up or in an outage, and how many requests it made refuse. */
  public void watch(DatabaseOutage outage) {
    if (registry == null) {
      return;
    }
    Gauge.builder("scimhub.database.up", outage, o -> o.down() ? 0 : 1)
        .description("1 while the database answers, 0 during an outage (as the last requests found it)")
        .strongReference(true)
        .register(registry);
    FunctionCounter.builder("scimhub.database.refused.requests", outage, DatabaseOutage::refused)
        .description("Requests answered 503 because the database could not answer")
        .register(registry);
  }

  /** {@code GET /metrics} behind its access rule; nothing when metrics are off (404). */
  public void mount(Router router) {
    if (registry == null) {
      return;
    }
    router.get("/metrics").handler(this::authorize).handler(PrometheusScrapingHandler.create(registry));
  }

  private void authorize(RoutingContext ctx) {
    SocketAddress remote = ctx.request().remoteAddress();
    int refusal = refusal(token, remote == null ? null : remote.hostAddress(), ctx.request().getHeader("Authorization"));
    if (refusal == 0) {
      ctx.next();
    } else {
      ctx.fail(refusal);
    }
  }

  /**
   * 0 when a request may read the metrics, else the status that refuses it: 401 without the configured token, 403
   * from a non-loopback address when no token is configured. A configured token is required from loopback too:
   * behind a reverse proxy on the same host every request comes from loopback.
   */
  static int refusal(String token, String remoteHost, String authorization) {
    if (token != null) {
      return bearer(authorization, token) ? 0 : 401;
    }
    return loopback(remoteHost) ? 0 : 403;
  }

  private static boolean bearer(String authorization, String token) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    // Constant time: the comparison must not tell how much of a guess was right.
    return MessageDigest.isEqual(authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8),
        token.getBytes(StandardCharsets.UTF_8));
  }

  /** Whether an address literal is a loopback one; never a name lookup, which would block the event loop. */
  static boolean loopback(String host) {
    if (host == null) {
      return false;
    }
    int scope = host.indexOf('%');
    byte[] ip = NetUtil.createByteArrayFromIpAddressString(scope < 0 ? host : host.substring(0, scope));
    if (ip == null) {
      return false;
    }
    try {
      // An IPv4-mapped IPv6 address (::ffff:127.0.0.1) comes back as the IPv4 one.
      return InetAddress.getByAddress(ip).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Route templates instead of vertx-web's joined route names, status classes instead of status codes. */
  private static MeterFilter boundedHttpLabels() {
    String route = Label.HTTP_ROUTE.toString();
    String code = Label.HTTP_CODE.toString();
    return new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        if (id.getTag(route) == null && id.getTag(code) == null) {
          return id;
        }
        List<Tag> tags = new ArrayList<>();
        for (Tag tag : id.getTagsAsIterable()) {
          tags.add(tag.getKey().equals(route) ? Tag.of(route, routeTemplate(tag.getValue()))
              : tag.getKey().equals(code) ? Tag.of(code, statusClass(tag.getValue())) : tag);
        }
        return id.replaceTags(tags);
      }
    };
  }

  /** Latency as a histogram (buckets a query can aggregate across nodes), not only a count, sum and max. */
  private static MeterFilter latencyHistogram() {
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (id.getType() != Meter.Type.TIMER || !id.getName().startsWith("vertx.http.server.")) {
          return config;
        }
        return DistributionStatisticConfig.builder().serviceLevelObjectives(LATENCY_BUCKETS_NANOS).build()
            .merge(config);
      }
    };
  }

  /**
   * The route template of a request from what vertx-web reports: the path of each route the request matched, joined
   * by {@code >}, a sub-router's mount point as its path up to the {@code *} ({@code /tenants/:tenant/scim/v2/}), its
   * own routes relative to it ({@code /Users/:id}). So {@code /tenants/:tenant/scim/v2/>/Users/:id} is
   * {@code /tenants/:tenant/scim/v2/Users/:id}; a later route on the same router is the one that answered
   * ({@code /tenants/:tenant/tokens>/tenants/:tenant/tokens/:tokenId}); a mount point reported again while the failure
   * is handled adds nothing; a request that matched nothing inside a sub-router is its mount point and {@code *}.
   * Built only of declared paths, so there are as few values as routes.
   */
  static String routeTemplate(String routes) {
    List<String> entered = new ArrayList<>(2);
    String mount = "";
    String last = "";
    for (String route : routes.split(">")) {
      if (route.isEmpty() || route.equals(last) || entered.contains(route)) {
        continue;
      }
      if (last.endsWith("/") && !route.startsWith(last)) {
        entered.add(last);
        mount += last.substring(0, last.length() - 1);
      }
      last = route;
    }
    return mount + (last.endsWith("/") ? last + "*" : last);
  }

  /** {@code 204} is {@code 2xx}: a few series per route instead of one per status code. */
  static String statusClass(String code) {
    return code.length() == 3 && Character.isDigit(code.charAt(0)) ? code.charAt(0) + "xx" : code;
  }
}
