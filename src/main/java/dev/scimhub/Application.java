package dev.scimhub;

import dev.scimhub.db.Database;
import dev.scimhub.db.PageCursors;
import dev.scimhub.scim.schema.Schemas;
import dev.scimhub.token.TokenCache;
import dev.scimhub.token.TokenEventsVerticle;
import dev.scimhub.token.TokenUsage;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/**
 * What every HTTP verticle instance is built from; everything here was prepared by blocking work at start, before
 * the verticles deploy.
 *
 * @param pool the one PostgreSQL pool all verticles share. It belongs to the process, not to a verticle: a pool
 *     built inside a verticle is closed with the first instance that stops, under requests other instances are
 *     still finishing during a graceful shutdown.
 */
public record Application(AppConfig config, Database database, Schemas schemas, String jwtSecret, Pool pool,
    TokenCache tokenCache, TokenUsage tokenUsage, PageCursors pageCursors) {

  public Application(AppConfig config, Database database, Schemas schemas, String jwtSecret, Pool pool) {
    this(config, database, schemas, jwtSecret, pool, new TokenCache(), new TokenUsage(), new PageCursors());
  }

  /** The background verticle of token checks: cross-node invalidation and last-used times. */
  public TokenEventsVerticle tokenEvents() {
    return new TokenEventsVerticle(database.options(), pool, tokenCache, tokenUsage);
  }

  public static Pool pool(Vertx vertx, AppConfig config, Database database) {
    return PgBuilder.pool()
        .with(new PoolOptions().setName("scimhub").setMaxSize(config.dbPoolSize()))
        .connectingTo(database.options())
        .using(vertx)
        .build();
  }
}
