package dev.scimhub.db;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import java.util.function.Supplier;

/** PostgreSQL error codes we map to SCIM errors; matched by SQLSTATE, never by message text. */
public final class SqlState {

  public static final String UNIQUE_VIOLATION = "23505";
  public static final String FOREIGN_KEY_VIOLATION = "23503";

  private SqlState() {}

  public static boolean is(Throwable failure, String sqlState) {
    return failure instanceof PgException pg && sqlState.equals(pg.getSqlState());
  }

  /** Fails with {@code conflict} when {@code failure} is a unique violation, else passes {@code failure} on. */
  public static <T> Future<T> failUnique(Throwable failure, Supplier<? extends Throwable> conflict) {
    return Future.failedFuture(is(failure, UNIQUE_VIOLATION) ? conflict.get() : failure);
  }

  /** The violated constraint's name, to tell which unique key a 23505 was about. */
  public static String constraint(Throwable failure) {
    return failure instanceof PgException pg ? pg.getConstraint() : null;
  }
}
