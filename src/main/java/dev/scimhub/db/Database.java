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
    String description = "postgresql://" + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase();
    return new Database(tuned(options), description);
  }

  /** How long a connection attempt may take before the request that needed it is answered 503. */
  public static final int CONNECT_TIMEOUT_MILLIS = 5_000;
  /** No statement of scimhub runs longer; one that would is cancelled by PostgreSQL itself, not left running. */
  static final String STATEMENT_TIMEOUT = "15s";

  /** The connection settings every scimhub connection uses, whichever server it goes to. */
  static PgConnectOptions tuned(PgConnectOptions options) {
    options.setCachePreparedStatements(true).setPipeliningLimit(256);
    // Sent at connection start, like application_name: it applies to every statement of the connection.
    options.addProperty("statement_timeout", STATEMENT_TIMEOUT);
    return options;
  }

  /**
   * The same server for bookkeeping that may lose its last moments if PostgreSQL itself crashes: its commits do not
   * wait for the disk ({@code synchronous_commit = off}). Only for work whose loss costs a diagnostic record (the
   * request log); never for the directory, its events or their deliveries.
   */
  public Database withoutCommitWait() {
    PgConnectOptions relaxed = new PgConnectOptions(options);
    relaxed.addProperty("synchronous_commit", "off");
    return new Database(relaxed, description);
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
