package dev.scimhub;

import dev.scimhub.activity.RequestActivity;
import dev.scimhub.audit.AuditLog;
import dev.scimhub.auth.AdminJwtAuth;
import dev.scimhub.bulk.BulkRoutes;
import dev.scimhub.console.ConsoleRoutes;
import dev.scimhub.console.ConsoleSessions;
import dev.scimhub.console.PortalLinks;
import dev.scimhub.db.Database;
import dev.scimhub.db.DatabaseOutage;
import dev.scimhub.event.EventFeed;
import dev.scimhub.event.EventsVerticle;
import dev.scimhub.event.StateStore;
import dev.scimhub.event.Webhooks;
import dev.scimhub.group.Groups;
import dev.scimhub.http.BaseUrls;
import dev.scimhub.http.ConnectionGuard;
import dev.scimhub.http.LoadShedding;
import dev.scimhub.ops.Health;
import dev.scimhub.ops.OpenApi;
import dev.scimhub.ops.Metrics;
import dev.scimhub.scim.filter.PageCursors;
import dev.scimhub.scim.schema.Schemas;
import dev.scimhub.tenant.TenantRateLimit;
import dev.scimhub.scim.Entitlements;
import dev.scimhub.scim.ProfileMapping;
import dev.scimhub.scim.ScimJson;
import dev.scimhub.tenant.CustomTypes;
import dev.scimhub.tenant.TenantSchemas;
import dev.scimhub.tenant.TenantStore;
import dev.scimhub.token.TokenCache;
import dev.scimhub.token.TokenEventsVerticle;
import dev.scimhub.token.TokenStore;
import dev.scimhub.token.TokenUsage;
import dev.scimhub.user.Users;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything the process serves with, built once from what blocking work prepared at start (configuration, the
 * database, the schema files, the JWT key): the one pool, every store and service, shared by all HTTP verticle
 * instances. The pool belongs to the process, not to a verticle: a pool built inside a verticle is closed with the
 * first instance that stops, under requests other instances are still finishing during a graceful shutdown.
 */
public final class Application {

  static final int POOL_WAIT_SECONDS = 5;
  static final int POOL_WAIT_QUEUE = 2_000;
  static final int BACKGROUND_POOL = 2;
  /** How many verticles {@link #background()} returns; each gets an event loop of its own. */
  public static final int BACKGROUND_VERTICLES = 4;

  private final AppConfig config;
  private final Database database;
  private final Schemas schemas;
  private final TenantSchemas tenantSchemas;
  private final Pool pool;
  private final BaseUrls urls;
  private final AdminJwtAuth jwt;
  private final TokenCache tokenCache = new TokenCache();
  private final TokenUsage tokenUsage = new TokenUsage();
  private final TokenStore tokens;
  private final TenantStore tenants;
  private final AuditLog audit;
  private final Users users;
  private final Groups groups;
  private final Health health;
  private final OpenApi openApi;
  private final DatabaseOutage outage;
  private final ConnectionGuard connections;
  private final LoadShedding loadShedding;
  private final TenantRateLimit rateLimit;
  private final Metrics metrics;
  private final AtomicInteger httpServers = new AtomicInteger();
  private final EventFeed eventFeed;
  private final Webhooks webhooks;
  private final StateStore state;
  private final RequestActivity activity;
  private final Pool eventsPool;
  private final ConsoleSessions consoleSessions;
  private final ConsoleRoutes console;
  private volatile TokenEventsVerticle tokenEvents;
  private volatile EventsVerticle events;

  /** Without metrics, for a {@code vertx} built without them. */
  public Application(Vertx vertx, AppConfig config, Database database, Schemas schemas, String jwtSecret) {
    this(vertx, config, database, schemas, jwtSecret, Metrics.off());
  }

  /** {@code vertx} must come from {@link Metrics#vertx()} of the same {@code metrics}. */
  public Application(Vertx vertx, AppConfig config, Database database, Schemas schemas, String jwtSecret,
      Metrics metrics) {
    this.config = config;
    this.metrics = metrics;
    this.database = database;
    this.schemas = schemas.announceBulk(BulkRoutes.MAX_OPERATIONS, config.maxBodyBytes())
        .announceEntitlements(Entitlements.parse(config.entitlements() == null ? null
            : ScimJson.parseTree(config.entitlements().getBytes(StandardCharsets.UTF_8))));
    this.pool = pool(vertx, database, "scimhub", config.dbPoolSize());
    this.urls = new BaseUrls(config.publicUrl());
    this.jwt = new AdminJwtAuth(vertx, jwtSecret, config.jwtPublicKeys(), config.jwtPublicKeyAlgorithm());
    CustomTypes customTypes = new CustomTypes(this.schemas, config.defaultSchemas());
    this.tokens = new TokenStore(pool, tokenCache, customTypes);
    this.tenants = new TenantStore(pool, tokens);
    this.tenantSchemas = new TenantSchemas(pool, customTypes, tokens);
    this.audit = new AuditLog(pool);
    PageCursors cursors = new PageCursors();
    ProfileMapping profile = ProfileMapping.parse(config.profileMapping() == null ? null
        : ScimJson.parseTree(config.profileMapping().getBytes(StandardCharsets.UTF_8)), "profile.mapping");
    this.users = new Users(pool, schemas.user(), cursors, urls, profile);
    this.groups = new Groups(pool, schemas.group(), cursors, urls);
    this.eventFeed = new EventFeed(vertx, pool);
    // Background work has pools of its own: webhook delivery and the request log's writes neither wait in the line
    // of SCIM statements nor make SCIM statements wait behind theirs. The log's writes do not wait for the disk
    // either: a database crash may lose its last moments of records. Webhook bookkeeping does wait: a lease whose
    // release a crash lost would hold its lane for the lease's 60 s.
    this.webhooks = new Webhooks(vertx, pool, pool(vertx, database, "scimhub-webhooks", BACKGROUND_POOL), jwtSecret,
        config.webhooksAllowPrivateTargets());
    this.eventsPool = pool(vertx, database, "scimhub-events", BACKGROUND_POOL);
    this.activity = new RequestActivity(pool(vertx, database.withoutCommitWait(), "scimhub-request-log",
        BACKGROUND_POOL),
        config.requestLogEnabled(), config.requestLogRetentionDays(), config.requestLogBodyBytes(),
        config.requestLogBufferRecords());
    this.state = new StateStore(pool, schemas.user(), schemas.group(), urls, profile);
    this.consoleSessions = new ConsoleSessions(pool, config.publicUrl().startsWith("https:"));
    this.console = new ConsoleRoutes(new PortalLinks(pool, urls), consoleSessions, jwt, config.publicUrl());
    this.openApi = new OpenApi();
    this.outage = new DatabaseOutage(vertx, pool);
    this.health = new Health(vertx, pool);
    health.require("verticles", () -> tokenEventsDeployed() && eventsDeployed()
            && webhooks.dispatcher().deployed() && activity.writer().deployed() && httpServers.get() > 0,
        () -> new JsonObject().put("tokenEvents", tokenEventsDeployed()).put("events", eventsDeployed())
            .put("webhooks", webhooks.dispatcher().deployed()).put("requestLog", activity.writer().deployed())
            .put("httpServers", httpServers.get()));
    metrics.watch(outage);
    metrics.registry().ifPresent(tokenCache::bindTo);
    this.connections = new ConnectionGuard(vertx, config.maxConnectionsPerClient(), config.headerTimeoutSeconds(),
        config.bodyTimeoutSeconds());
    this.loadShedding = new LoadShedding(config.maxInFlight());
    this.rateLimit = new TenantRateLimit(vertx, config.rateLimitPerSecond());
  }

  /**
   * The background verticles, one instance each per process, to deploy before the HTTP ones: token checks
   * (cross-node invalidation, last-used times), events (numbering, retention, waking long polls), webhook delivery
   * and the request log's writer.
   */
  public List<VerticleBase> background() {
    tokenEvents = new TokenEventsVerticle(database.options(), tokens, tokenUsage);
    // The sequencer numbers every committed event: behind the SCIM statements in their pool's queue it fell behind
    // an import, and webhooks and the events API with it.
    events = new EventsVerticle(database.options(), eventsPool, eventFeed,
        Duration.ofDays(config.eventRetentionDays()));
    return List.of(tokenEvents, events, webhooks.dispatcher(), activity.writer());
  }

  /** A pool on the database: a caller waits a few seconds at most for a connection, and only so many wait. */
  private static Pool pool(Vertx vertx, Database database, String name, int size) {
    return PgBuilder.pool()
        .with(new PoolOptions().setName(name).setMaxSize(size)
            .setConnectionTimeout(POOL_WAIT_SECONDS).setConnectionTimeoutUnit(TimeUnit.SECONDS)
            .setMaxWaitQueueSize(POOL_WAIT_QUEUE))
        .with(new NetClientOptions().setConnectTimeout(Database.CONNECT_TIMEOUT_MILLIS))
        .connectingTo(database.options())
        .using(vertx)
        .build();
  }

  RequestActivity activity() {
    return activity;
  }

  private boolean tokenEventsDeployed() {
    TokenEventsVerticle verticle = tokenEvents;
    return verticle != null && verticle.deployed();
  }

  private boolean eventsDeployed() {
    EventsVerticle verticle = events;
    return verticle != null && verticle.deployed();
  }

  EventFeed eventFeed() {
    return eventFeed;
  }

  Webhooks webhooks() {
    return webhooks;
  }

  StateStore state() {
    return state;
  }

  /** An HTTP verticle started ({@code +1}) or began to stop ({@code -1}); {@code /ready} needs one serving. */
  void httpServing(int delta) {
    httpServers.addAndGet(delta);
  }

  /** The console's sessions, which admit requests to the admin and self-service APIs as a JWT would. */
  public ConsoleSessions consoleSessions() {
    return consoleSessions;
  }

  public ConsoleRoutes console() {
    return console;
  }

  public AppConfig config() {
    return config;
  }

  public Pool pool() {
    return pool;
  }

  Schemas schemas() {
    return schemas;
  }

  BaseUrls urls() {
    return urls;
  }

  AdminJwtAuth jwt() {
    return jwt;
  }

  TokenCache tokenCache() {
    return tokenCache;
  }

  TokenUsage tokenUsage() {
    return tokenUsage;
  }

  TokenStore tokens() {
    return tokens;
  }

  TenantStore tenants() {
    return tenants;
  }

  AuditLog audit() {
    return audit;
  }

  TenantSchemas tenantSchemas() {
    return tenantSchemas;
  }

  Users users() {
    return users;
  }

  Groups groups() {
    return groups;
  }

  Health health() {
    return health;
  }

  OpenApi openApi() {
    return openApi;
  }

  Metrics metrics() {
    return metrics;
  }

  DatabaseOutage outage() {
    return outage;
  }

  ConnectionGuard connections() {
    return connections;
  }

  LoadShedding loadShedding() {
    return loadShedding;
  }

  TenantRateLimit rateLimit() {
    return rateLimit;
  }
}
