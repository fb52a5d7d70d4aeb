package dev.scimhub.db;

import io.vertx.pgclient.PgConnectOptions;

/**
 * Where the PostgreSQL server is, in the two forms scimhub needs: options for the non-blocking pool and a JDBC URL for
 * Flyway, which runs once before any verticle deploys.
 *
 * @param description what the startup line says about it (never the password)
 */
public record Database(PgConnectOptions options, String description) {

  /** Accepts {@code postgresql://user:pass@host:port/db?...} and the same URL with a {@code jdbc:} prefix. */
  public static Database fromUrl(String url, String passwordOverride) {
    String uri = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
    PgConnectOptions options = PgConnectOptions.fromUri(uri);
    if (passwordOverride != null) {
      options.setPassword(passwordOverride);
    }
    options.setCachePreparedStatements(true).setPipeliningLimit(256);
    String description = "postgresql://" + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase();
    return new Database(options, description);
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase();
  }

  public String user() {
    return options.getUser();
  }

  public String password() {
    return options.getPassword();
  }
}
