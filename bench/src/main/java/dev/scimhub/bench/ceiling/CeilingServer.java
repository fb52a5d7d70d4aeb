package dev.scimhub.bench.ceiling;

import dev.scimhub.bench.Options;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The ceiling: what a bare Vert.x HTTP server with a vertx-pg-client pool does for the same requests, with ONE SQL
 * statement each and nothing else (no routing library, no authentication, no SCIM schema handling, no request log),
 * against the SAME PostgreSQL database scimhub is using. The benchmark divides scimhub's throughput by this server's
 * to show what scimhub's own work costs on top of the database round trip.
 *
 * <p>It is configured like scimhub, not better: one shared pool of {@code --pool-size} connections (scimhub's default,
 * 8), the same connect options (prepared statement cache on, pipelining limit 256), the same number of HTTP server
 * instances (one per event loop, {@link VertxOptions#DEFAULT_EVENT_LOOP_POOL_SIZE}) and the same HTTP server options.
 *
 * <pre>
 * java -Xmx256m -cp scimhub-bench.jar dev.scimhub.bench.ceiling.CeilingServer --port 18081 --pg-port 41235
 *      [--pg-host localhost] [--pg-database postgres] [--pg-user postgres] [--pool-size 8] [--instances 4]
 * </pre>
 *
 * Routes (the tenant is a query parameter; it must exist, as {@code scim_user.tenant_id} references it):
 * <ul>
 *   <li>{@code POST /ceiling/users?tenant=T}: INSERT of the body as a {@code scim_user} row (201)</li>
 *   <li>{@code GET /ceiling/users?tenant=T&userName=U}: SELECT by {@code (tenant_id, lower(user_name))} (200, a list)</li>
 *   <li>{@code GET /ceiling/users/{id}?tenant=T}: SELECT by primary key (200 or 404)</li>
 *   <li>{@code GET /health}: 200, no database</li>
 * </ul>
 */
public final class CeilingServer {

  private CeilingServer() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(Arrays.asList(args));
    int port = options.integer("port", 18081);
    int poolSize = options.integer("pool-size", 8);
    int instances = options.integer("instances", VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE);
    PgConnectOptions connect = new PgConnectOptions()
        .setHost(options.string("pg-host", "localhost"))
        .setPort(Integer.parseInt(options.required("pg-port")))
        .setDatabase(options.string("pg-database", "postgres"))
        .setUser(options.string("pg-user", "postgres"))
        // As scimhub's dev.scimhub.db.EmbeddedDatabase#database() and Database#fromUrl set them.
        .setCachePreparedStatements(true)
        .setPipeliningLimit(256);

    Vertx vertx = Vertx.vertx();
    Pool pool = PgBuilder.pool()
        .with(new PoolOptions().setName("ceiling").setMaxSize(poolSize))
        .connectingTo(connect)
        .using(vertx)
        .build();
    pool.query("SELECT 1").execute().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    vertx.deployVerticle(() -> new CeilingVerticle(pool, port), new DeploymentOptions().setInstances(instances))
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        Future.join(pool.close(), vertx.close()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        // exiting anyway
      }
    }, "ceiling-shutdown"));
    System.out.printf("ceiling listening on port %d with %d HTTP verticles; database: PostgreSQL %s:%d/%s, pool %d%n",
        port, instances, connect.getHost(), connect.getPort(), connect.getDatabase(), poolSize);
  }
}
