package dev.scimhub.scim.quirks;

import dev.scimhub.scim.ScimException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a request may deviate from RFC 7643/7644 in the ways identity providers are known to. Tolerant by default:
 * each known deviation is normalised by one small class of this package and logged at debug with what it rewrote.
 * A tenant with the setting {@code "compatibility": "strict"} gets the RFC's own error instead.
 */
public final class Tolerance {

  public static final Tolerance TOLERANT = new Tolerance(false);
  public static final Tolerance STRICT = new Tolerance(true);

  private static final Logger log = LoggerFactory.getLogger(Tolerance.class);

  private final boolean strict;

  private Tolerance(boolean strict) {
    this.strict = strict;
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
    log.debug("{}: rewrote {}", quirk, what);
  }
}
