package dev.scimhub;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;

/**
 * The typed configuration. It is the only code that reads the configuration {@link JsonObject}: every key has a
 * default in {@code conf/config.json} and an environment variable that wins over it.
 */
public record AppConfig(
    int httpPort,
    String publicUrl,
    long maxBodyBytes,
    String dbUrl,
    String dbPassword,
    int dbPoolSize,
    Path dataDir,
    String jwtSecret,
    String jwtPublicKeys,
    String jwtPublicKeyAlgorithm,
    int maxResults,
    int idleTimeoutSeconds,
    int headerTimeoutSeconds,
    int bodyTimeoutSeconds,
    int maxConnectionsPerClient,
    int maxInFlight,
    int rateLimitPerSecond,

    boolean metricsEnabled,
    String metricsToken,
    int eventRetentionDays,
    boolean webhooksAllowPrivateTargets,
    boolean requestLogEnabled,
    int requestLogRetentionDays,
    int requestLogBodyBytes,
    int requestLogBufferRecords,
    String defaultSchemas,
    String profileMapping,
    String entitlements) {

  /** One configuration key, the environment variable that overrides it, and its built-in default. */
  record Key(String path, String env, Object fallback) {}

  /** Custom schema documents every tenant has (a JSON array; see README, custom attributes). */
  /** The app's profile fields and the SCIM paths they come from (a JSON object; see README, profiles). */
  static final Key PROFILE_MAPPING = new Key("profile.mapping", "SCIMHUB_PROFILE_MAPPING", null);
  /** The app's licenses and roles, as Okta's entitlement management reads them (a JSON object; see README). */
  static final Key ENTITLEMENTS = new Key("scim.entitlements", "SCIMHUB_SCIM_ENTITLEMENTS", null);
  static final Key DEFAULT_SCHEMAS = new Key("scim.defaultSchemas", "SCIMHUB_SCIM_DEFAULT_SCHEMAS", null);
  static final Key HTTP_PORT = new Key("http.port", "SCIMHUB_HTTP_PORT", 8080);
  static final Key PUBLIC_URL = new Key("http.publicUrl", "SCIMHUB_PUBLIC_URL", null);
  static final Key MAX_BODY = new Key("http.maxBodyBytes", "SCIMHUB_HTTP_MAX_BODY_BYTES", 4L * 1024 * 1024);
  static final Key DB_URL = new Key("db.url", "SCIMHUB_DB_URL", null);
  static final Key DB_PASSWORD = new Key("db.password", "SCIMHUB_DB_PASSWORD", null);
  // Measured on 2 cores: 16 connections gave 0.1-1 s p99 stalls, 8 did not; so about 4 per core.
  static final Key DB_POOL_SIZE =
      new Key("db.poolSize", "SCIMHUB_DB_POOL_SIZE", 4 * Runtime.getRuntime().availableProcessors());
  static final Key DATA_DIR = new Key("dataDir", "SCIMHUB_DATA_DIR", "./data");
  static final Key JWT_SECRET = new Key("auth.jwtSecret", "SCIMHUB_JWT_SECRET", null);
  static final Key JWT_PUBLIC_KEYS = new Key("auth.jwtPublicKeys", "SCIMHUB_JWT_PUBLIC_KEYS", null);
  static final Key JWT_PUBLIC_KEY_ALG = new Key("auth.jwtPublicKeyAlgorithm", "SCIMHUB_JWT_PUBLIC_KEY_ALG", "RS256");
  static final Key MAX_RESULTS = new Key("scim.maxResults", "SCIMHUB_SCIM_MAX_RESULTS", 1000);
  // Far above what an identity provider needs: Okta and Entra send a request's headers at once and keep a few
  // connections per tenant busy.
  static final Key IDLE_TIMEOUT = new Key("http.idleTimeoutSeconds", "SCIMHUB_HTTP_IDLE_TIMEOUT_SECONDS", 120);
  static final Key HEADER_TIMEOUT = new Key("http.headerTimeoutSeconds", "SCIMHUB_HTTP_HEADER_TIMEOUT_SECONDS", 10);
  static final Key BODY_TIMEOUT = new Key("http.bodyTimeoutSeconds", "SCIMHUB_HTTP_BODY_TIMEOUT_SECONDS", 60);
  static final Key MAX_CONNECTIONS_PER_CLIENT =
      new Key("http.maxConnectionsPerClient", "SCIMHUB_HTTP_MAX_CONNECTIONS_PER_CLIENT", 512);
  static final Key MAX_IN_FLIGHT = new Key("http.maxInFlight", "SCIMHUB_HTTP_MAX_IN_FLIGHT", 4096);
  // Per tenant; Entra sends about 25 requests a second, an Okta import bursts higher.
  static final Key RATE_LIMIT = new Key("scim.rateLimitPerSecond", "SCIMHUB_SCIM_RATE_LIMIT_PER_SECOND", 200);
  // Off only to measure what metrics cost, or where nothing scrapes them.
  static final Key METRICS_ENABLED = new Key("metrics.enabled", "SCIMHUB_METRICS_ENABLED", true);
  static final Key METRICS_TOKEN = new Key("metrics.token", "SCIMHUB_METRICS_TOKEN", null);
  static final Key EVENT_RETENTION = new Key("events.retentionDays", "SCIMHUB_EVENTS_RETENTION_DAYS", 30);
  // Only for tests and closed networks: webhooks may then call loopback and private addresses.
  static final Key WEBHOOKS_ALLOW_PRIVATE =
      new Key("webhooks.allowPrivateTargets", "SCIMHUB_WEBHOOKS_ALLOW_PRIVATE_TARGETS", false);

  // Off only to measure what the request log costs.
  static final Key REQUEST_LOG = new Key("requestLog.enabled", "SCIMHUB_REQUEST_LOG_ENABLED", true);
  static final Key REQUEST_LOG_RETENTION =
      new Key("requestLog.retentionDays", "SCIMHUB_REQUEST_LOG_RETENTION_DAYS", 30);
  static final Key REQUEST_LOG_BODY = new Key("requestLog.bodyBytes", "SCIMHUB_REQUEST_LOG_BODY_BYTES", 4096);
  // Records waiting for the writer; beyond this the oldest are dropped (and counted) so SCIM never waits for the log.
  static final Key REQUEST_LOG_BUFFER =
      new Key("requestLog.bufferRecords", "SCIMHUB_REQUEST_LOG_BUFFER_RECORDS", 20_000);

  static final List<Key> KEYS =
      List.of(HTTP_PORT, PUBLIC_URL, MAX_BODY, DB_URL, DB_PASSWORD, DB_POOL_SIZE, DATA_DIR, JWT_SECRET, JWT_PUBLIC_KEYS,
          JWT_PUBLIC_KEY_ALG, MAX_RESULTS, IDLE_TIMEOUT, HEADER_TIMEOUT, BODY_TIMEOUT, MAX_CONNECTIONS_PER_CLIENT,
          MAX_IN_FLIGHT, RATE_LIMIT,
          METRICS_ENABLED, METRICS_TOKEN, EVENT_RETENTION, WEBHOOKS_ALLOW_PRIVATE, REQUEST_LOG, REQUEST_LOG_RETENTION,
          REQUEST_LOG_BODY, REQUEST_LOG_BUFFER, DEFAULT_SCHEMAS, PROFILE_MAPPING, ENTITLEMENTS);

  /**
   * Reads {@code conf/config.json} (optional), then the environment. The stores are declared explicitly because with
   * the default stores the file comes after the environment and would win.
   */
  public static Future<AppConfig> load(Vertx vertx) {
    JsonArray envKeys = new JsonArray();
    KEYS.forEach(k -> envKeys.add(k.env()));
    ConfigStoreOptions file = new ConfigStoreOptions()
        .setType("file")
        .setOptional(true)
        .setConfig(new JsonObject().put("path", "conf/config.json"));
    ConfigStoreOptions env = new ConfigStoreOptions()
        .setType("env")
        .setConfig(new JsonObject().put("keys", envKeys).put("raw-data", true));
    ConfigRetriever retriever =
        ConfigRetriever.create(vertx, new ConfigRetrieverOptions().addStore(file).addStore(env));
    return retriever.getConfig().map(AppConfig::from).eventually(retriever::close);
  }

  /** Builds the typed view; invalid values fail here, at start, rather than on first use. */
  public static AppConfig from(JsonObject json) {
    int port = intValue(json, HTTP_PORT);
    String publicUrl = stringValue(json, PUBLIC_URL);
    if (publicUrl == null) {
      publicUrl = "http://localhost:" + port;
    }
    return new AppConfig(
        port,
        stripTrailingSlash(publicUrl),
        longValue(json, MAX_BODY),
        stringValue(json, DB_URL),
        stringValue(json, DB_PASSWORD),
        intValue(json, DB_POOL_SIZE),
        Path.of(stringValue(json, DATA_DIR)),
        stringValue(json, JWT_SECRET),
        stringValue(json, JWT_PUBLIC_KEYS),
        stringValue(json, JWT_PUBLIC_KEY_ALG),
        intValue(json, MAX_RESULTS),
        intValue(json, IDLE_TIMEOUT),
        intValue(json, HEADER_TIMEOUT),
        intValue(json, BODY_TIMEOUT),
        intValue(json, MAX_CONNECTIONS_PER_CLIENT),
        intValue(json, MAX_IN_FLIGHT),
        intValue(json, RATE_LIMIT),

        booleanValue(json, METRICS_ENABLED),
        stringValue(json, METRICS_TOKEN),
        positive(json, EVENT_RETENTION),
        booleanValue(json, WEBHOOKS_ALLOW_PRIVATE),
        booleanValue(json, REQUEST_LOG),
        positive(json, REQUEST_LOG_RETENTION),
        positive(json, REQUEST_LOG_BODY),
        positive(json, REQUEST_LOG_BUFFER),
        stringValue(json, DEFAULT_SCHEMAS),
        stringValue(json, PROFILE_MAPPING),
        stringValue(json, ENTITLEMENTS));
  }

  private static Object raw(JsonObject json, Key key) {
    Object fromEnv = json.getValue(key.env());
    if (fromEnv != null && !fromEnv.toString().isBlank()) {
      return fromEnv;
    }
    Object node = json;
    for (String part : key.path().split("\\.")) {
      node = node instanceof JsonObject object ? object.getValue(part) : null;
    }
    return node != null ? node : key.fallback();
  }

  private static String stringValue(JsonObject json, Key key) {
    Object value = raw(json, key);
    return value == null || value.toString().isBlank() ? null : value.toString().trim();
  }

  private static boolean booleanValue(JsonObject json, Key key) {
    Object value = raw(json, key);
    if (value instanceof Boolean b) {
      return b;
    }
    // Anything but true or false fails at start: a typo must not silently leave metrics on or off.
    return switch (value.toString().trim().toLowerCase()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(key.env() + " / " + key.path() + " must be true or false, got '"
          + value + "'");
    };
  }

  private static int positive(JsonObject json, Key key) {
    int value = intValue(json, key);
    if (value < 1) {
      throw new IllegalArgumentException(key.env() + " / " + key.path() + " must be at least 1, got " + value);
    }
    return value;
  }

  private static int intValue(JsonObject json, Key key) {
    return (int) longValue(json, key);
  }

  private static long longValue(JsonObject json, Key key) {
    Object value = raw(json, key);
    try {
      return value instanceof Number n ? n.longValue() : Long.parseLong(value.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key.env() + " / " + key.path() + " must be a whole number, got '" + value + "'");
    }
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
