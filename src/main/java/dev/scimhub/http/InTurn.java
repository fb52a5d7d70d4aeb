package dev.scimhub.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.IntFunction;

/**
 * Runs steps one after another, each after the one before has completed, without nesting: a step that completes at
 * once lets a plain loop go on, and one that completes later resumes the loop from its own callback. A chain of
 * composed futures would instead complete thousands of futures inside one another (a manager with thousands of
 * reports, a Bulk of a thousand operations) and overflow the stack.
 */
public final class InTurn {

  private InTurn() {}

  /**
   * Runs {@code step(i)} from 0 while i < n; each step completes with how many positions it covered (at least 1).
   * Fails with the first step that fails.
   */
  public static Future<Void> advancing(int n, IntFunction<Future<Integer>> step) {
    Promise<Void> done = Promise.promise();
    from(0, n, step, done);
    return done.future();
  }

  /** Runs {@code step(i)} for each i from 0 to n - 1, in turn. */
  public static Future<Void> each(int n, IntFunction<Future<?>> step) {
    return advancing(n, i -> step.apply(i).map(1));
  }

  private static void from(int start, int n, IntFunction<Future<Integer>> step, Promise<Void> done) {
    int i = start;
    while (i < n) {
      Future<Integer> ran;
      try {
        ran = step.apply(i);
      } catch (RuntimeException e) {
        done.fail(e);
        return;
      }
      if (!ran.isComplete()) {
        int at = i;
        ran.onComplete(result -> {
          if (result.failed()) {
            done.fail(result.cause());
          } else {
            from(at + Math.max(1, result.result()), n, step, done);
          }
        });
        return;
      }
      if (ran.failed()) {
        done.fail(ran.cause());
        return;
      }
      i += Math.max(1, ran.result());
    }
    done.complete();
  }
}
