package dev.scimhub.db;

import io.vertx.pgclient.PgException;

/** PostgreSQL error codes we map to SCIM errors; matched by SQLSTATE, never by message text. */
public final class SqlState {

  public static final String UNIQUE_VIOLATION = "23505";
  public static final String FOREIGN_KEY_VIOLATION = "23503";

  private SqlState() {}

  public static boolean is(Throwable failure, String sqlState) {
    return failure instanceof PgException pg && sqlState.equals(pg.getSqlState());
  }

  /** The violated constraint's name, to tell which unique key a 23505 was about. */
  public static String constraint(Throwable failure) {
    return failure instanceof PgException pg ? pg.getConstraint() : null;
  }
}
