package dev.scimhub.scim.quirks;

import dev.scimhub.scim.ScimException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a request may deviate from RFC 7643/7644 in the ways identity providers are known to. Tolerant by default:
 * each known deviation is normalised by one small class of this package and logged at debug with what it rewrote.
 * A tenant with the setting {@code "compatibility": "strict"} gets the RFC's own error instead.
 *
 * <p>Each rewrite is counted by quirk, as {@code scimhub_quirks_applied_total{quirk}}, in Micrometer's global registry:
 * this package knows no process to be handed a registry by, and the composition root adds its own to the global one.
 */
public final class Tolerance {

  public static final Tolerance TOLERANT = new Tolerance(false);
  public static final Tolerance STRICT = new Tolerance(true);

  private static final Logger log = LoggerFactory.getLogger(Tolerance.class);
  /** By quirk name; the names are the quirk classes' own, so there are as few as the classes. */
  private static final Map<String, Counter> APPLIED = new ConcurrentHashMap<>();

  private final boolean strict;
  private final List<String> applied;

  private Tolerance(boolean strict) {
    this(strict, null);
  }

  private Tolerance(boolean strict, List<String> applied) {
    this.strict = strict;
    this.applied = applied;
  }

  /** One request's tolerance: the names of the quirks that rewrote it go to {@code applied} (the request log's). */
  public static Tolerance forRequest(boolean strict, List<String> applied) {
    return new Tolerance(strict, applied);
  }

  public boolean strict() {
    return strict;
  }

  /**
   * Lets {@code quirk} rewrite {@code what}, or, when strict, throws the RFC error it would otherwise have been.
   *
   * @param rfcError the error a strict server answers, given {@code what}
   */
  public void tolerate(String quirk, String what, Function<String, ScimException> rfcError) {
    if (strict) {
      throw rfcError.apply(what);
    }
    APPLIED.computeIfAbsent(quirk, Tolerance::counter).increment();
    if (applied != null && !applied.contains(quirk)) {
      applied.add(quirk);
    }
    log.debug("{}: rewrote {}", quirk, what);
  }

  private static Counter counter(String quirk) {
    return Counter.builder("scimhub.quirks.applied")
        .description("Deviations from the RFCs tolerated (rewrites of a request to the RFC's form), by quirk")
        .tag("quirk", quirk)
        .register(Metrics.globalRegistry);
  }
}
