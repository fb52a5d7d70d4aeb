package dev.scimhub;

import ch.qos.logback.classic.LoggerContext;
import dev.scimhub.auth.AdminJwtAuth;
import dev.scimhub.auth.JwtSecret;
import dev.scimhub.console.ConsoleRoutes;
import dev.scimhub.db.Database;
import dev.scimhub.db.EmbeddedDatabase;
import dev.scimhub.db.Migrations;
import dev.scimhub.HttpVerticle;
import dev.scimhub.log.LogTags;
import dev.scimhub.ops.Metrics;
import dev.scimhub.scim.schema.Schemas;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * The command line: {@code serve} (default), {@code migrate}, {@code admin-token [--ttl 1h]}. Everything that blocks —
 * configuration, the embedded database, migrations, key files, schema files — happens here on the main thread,
 * before any verticle deploys.
 */
public final class Main {

  private static final Logger log = LoggerFactory.getLogger(Main.class);
  /** Longer than the HTTP verticles' own grace period, so they can finish what is in flight. */
  private static final long SHUTDOWN_SECONDS = 30;
  /** EX_UNAVAILABLE of sysexits.h: the embedded database went away. */
  private static final int EXIT_DATABASE_LOST = 69;
  private static final String USAGE = "usage: java -jar scimhub.jar [serve | migrate | admin-token [--ttl 1h]"
      + " | console-link [--ttl 15m]]";

  private Main() {}

  public static void main(String[] args) {
    LogTags.register();
    String command = args.length == 0 ? "serve" : args[0];
    try {
      switch (command) {
        case "serve" -> serve();
        case "migrate" -> migrate();
        case "admin-token" -> adminToken(args);
        case "console-link" -> consoleLink(args);
        default -> {
          System.err.println(USAGE);
          System.exit(2);
        }
      }
    } catch (Exception e) {
      log.error("scimhub {} failed: {}", command, e.getMessage(), e);
      flushLogs();
      System.exit(1);
    }
  }

  private static void serve() throws Exception {
    AppConfig config = loadConfig();
    Metrics metrics = Metrics.create(config.metricsEnabled(), config.metricsToken());
    int instances = VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;
    // One event loop per background verticle, deployed first, and the HTTP verticles on the rest: a webhook's round
    // trips and the log writer's batches do not queue behind SCIM requests on a shared loop (under an import they
    // waited there ten times as long as the receiver took), nor requests behind them.
    Vertx vertx = metrics.vertx(instances + Application.BACKGROUND_VERTICLES);
    EmbeddedDatabase embedded = config.dbUrl() == null ? EmbeddedDatabase.start(config.dataDir().resolve("pg")) : null;
    Database database = embedded != null ? embedded.database() : Database.fromUrl(config.dbUrl(), config.dbPassword());
    Migrations.migrate(database);
    Application app = new Application(vertx, config, database, Schemas.load(config.maxResults()),
        JwtSecret.resolve(config.jwtSecret(), config.dataDir()), metrics);
    onTermination(() -> shutdown(vertx, app.pool(), embedded), embedded);
    for (var verticle : app.background()) {
      block(vertx.deployVerticle(verticle));
    }
    block(vertx.deployVerticle(() -> new HttpVerticle(app), new DeploymentOptions().setInstances(instances)));
    log.info("scimhub listening on port {} (public URL {}) with {} HTTP verticles; database: {}",
        config.httpPort(), config.publicUrl(), instances, database.description());
  }

  /**
   * The configuration, read with a Vert.x of its own: whether the serving one has metrics depends on it, and metrics
   * are chosen when a Vert.x is built.
   */
  private static AppConfig loadConfig() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      return block(AppConfig.load(vertx));
    } finally {
      block(vertx.close());
    }
  }

  /**
   * Runs {@code shutdown} once on SIGTERM or SIGINT, then exits. A JVM shutdown hook cannot do this in order: hooks run
   * concurrently, and the embedded PostgreSQL library registers its own, which would stop the database under requests
   * still in flight. The hook stays as the fallback for other ways the JVM ends.
   *
   * <p>If the embedded PostgreSQL ends on its own, the same shutdown runs and the JVM exits with
   * {@link #EXIT_DATABASE_LOST}, unless a shutdown had begun already (a service manager may signal the database along
   * with the JVM). Exiting rather than restarting it here: whatever killed it (the OOM killer, a full disk, an
   * operator) is better seen by a supervisor, which restarts with backoff and counts failures, than hidden by a loop in
   * here; the next start stops any orphan and recovers the data directory. Serving on would answer every request with
   * a 500.
   */
  private static void onTermination(Runnable shutdown, EmbeddedDatabase embedded) {
    AtomicBoolean started = new AtomicBoolean();
    Runnable once = () -> {
      if (started.compareAndSet(false, true)) {
        shutdown.run();
      }
    };
    for (String name : List.of("TERM", "INT")) {
      Signal.handle(new Signal(name), signal -> new Thread(() -> {
        once.run();
        System.exit(0);
      }, "scimhub-shutdown").start());
    }
    Runtime.getRuntime().addShutdownHook(new Thread(once, "scimhub-shutdown-hook"));
    if (embedded != null) {
      embedded.onUnexpectedExit(() -> {
        if (started.compareAndSet(false, true)) {
          log.error("scimhub stops with exit status {} so that its supervisor starts it again", EXIT_DATABASE_LOST);
          shutdown.run();
          System.exit(EXIT_DATABASE_LOST);
        }
      });
    }
  }

  /**
   * SIGTERM: undeploy the verticles (they stop accepting and finish requests in flight), then close the pool, Vert.x
   * and the embedded database, in that order.
   */
  private static void shutdown(Vertx vertx, Pool pool, EmbeddedDatabase embedded) {
    log.info("scimhub stopping");
    try {
      List<Future<Void>> undeployed = new ArrayList<>();
      vertx.deploymentIDs().forEach(id -> undeployed.add(vertx.undeploy(id)));
      Future.join(undeployed)
          .eventually(pool::close)
          .eventually(vertx::close)
          .toCompletionStage().toCompletableFuture().get(SHUTDOWN_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.warn("Vert.x did not close cleanly", e);
    }
    if (embedded != null) {
      embedded.close();
    }
    log.info("scimhub stopped");
    flushLogs();
  }

  /** Log lines still queued for the asynchronous appender are written before the JVM exits. */
  private static void flushLogs() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logging) {
      logging.stop();
    }
  }

  private static void migrate() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      AppConfig config = block(AppConfig.load(vertx));
      if (config.dbUrl() == null) {
        try (EmbeddedDatabase embedded = EmbeddedDatabase.start(config.dataDir().resolve("pg"))) {
          Migrations.migrate(embedded.database());
        }
      } else {
        Migrations.migrate(Database.fromUrl(config.dbUrl(), config.dbPassword()));
      }
    } finally {
      block(vertx.close());
    }
  }

  /** Prints a platform-admin JWT signed with the server's key. */
  private static void adminToken(String[] args) throws Exception {
    Duration ttl = Duration.ofHours(1);
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--ttl") && i + 1 < args.length) {
        ttl = parseDuration(args[++i]);
      } else {
        throw new IllegalArgumentException(USAGE);
      }
    }
    Vertx vertx = Vertx.vertx();
    try {
      AppConfig config = block(AppConfig.load(vertx));
      if (config.jwtPublicKeys() != null) {
        // The server accepts only JWTs signed by the key whose public half is configured; one from here would be 401.
        System.err.println("admin-token: auth.jwtPublicKeys is set, so this server accepts only JWTs signed with the "
            + "matching private key; sign one with it (role: platform-admin) instead");
        System.exit(2);
      }
      AdminJwtAuth jwt = new AdminJwtAuth(vertx, JwtSecret.resolve(config.jwtSecret(), config.dataDir()));
      String token = jwt.mint(new JsonObject().put("role", AdminJwtAuth.PLATFORM_ADMIN).put("sub", "cli"),
          (int) ttl.toSeconds());
      // The token is this command's output, for a shell to capture; it must not go through the log.
      System.out.println(token);
    } finally {
      block(vertx.close());
    }
  }

  /**
   * Prints a one-time link into the platform console (valid 15 minutes unless {@code --ttl} says otherwise, at most a
   * day) and, on the next line, its id, with which {@code DELETE /admin/console-links/{id}} revokes it.
   */
  private static void consoleLink(String[] args) throws Exception {
    Duration ttl = Duration.ofMinutes(15);
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--ttl") && i + 1 < args.length) {
        ttl = parseDuration(args[++i]);
      } else {
        throw new IllegalArgumentException(USAGE);
      }
    }
    if (ttl.isNegative() || ttl.isZero() || ttl.toHours() > 24) {
      throw new IllegalArgumentException("console-link: --ttl must be more than 0 and at most 24h");
    }
    Vertx vertx = Vertx.vertx();
    try {
      AppConfig config = block(AppConfig.load(vertx));
      if (config.jwtPublicKeys() != null) {
        System.err.println("console-link: auth.jwtPublicKeys is set, so this server signs no links; POST a "
            + "platform-admin JWT signed with your key to /console/sessions instead");
        System.exit(2);
      }
      AdminJwtAuth jwt = new AdminJwtAuth(vertx, JwtSecret.resolve(config.jwtSecret(), config.dataDir()));
      JsonObject link = ConsoleRoutes.staffLink(jwt, config.publicUrl(), "cli", (int) ttl.toSeconds());
      // The link is this command's output, for the operator to open; it must not go through the log.
      System.out.println(link.getString("url"));
      System.out.println("id " + link.getString("id") + ", expires " + link.getString("expiresAt"));
    } finally {
      block(vertx.close());
    }
  }

  /** {@code 90s}, {@code 30m}, {@code 1h}, {@code 7d}, or plain seconds. */
  static Duration parseDuration(String text) {
    String t = text.trim().toLowerCase();
    char unit = t.charAt(t.length() - 1);
    long amount = Long.parseLong(Character.isDigit(unit) ? t : t.substring(0, t.length() - 1));
    Duration ttl = switch (unit) {
      case 's' -> Duration.ofSeconds(amount);
      case 'm' -> Duration.ofMinutes(amount);
      case 'h' -> Duration.ofHours(amount);
      case 'd' -> Duration.ofDays(amount);
      default -> {
        if (!Character.isDigit(unit)) {
          throw new IllegalArgumentException("--ttl takes a duration such as 90s, 30m, 1h or 7d");
        }
        yield Duration.ofSeconds(amount);
      }
    };
    if (ttl.isZero() || ttl.isNegative()) {
      throw new IllegalArgumentException("--ttl must be positive");
    }
    return ttl;
  }

  /** Waits for a future on the main thread; never called on an event loop. */
  static <T> T block(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }
}
