package dev.scimhub.fuzz;

import java.util.Map;
import java.util.function.Supplier;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.arbitraries.ArbitraryDecorator;

/**
 * An arbitrary that many others reuse, with identity for equality. jqwik memoizes generators keyed by their
 * arbitrary, whose hash code is structural: every arbitrary a {@code flatMap} makes during generation hashed the whole
 * tree of the grammars below it, which made generation, not the server, take most of a run's time.
 */
final class Shared {

  private Shared() {}

  /**
   * The shared arbitrary of {@code key} in {@code cache}, made on first use. Not {@code computeIfAbsent}: making one
   * (a complex attribute's value) makes others (its sub-attributes') in the same map.
   */
  static <T> Arbitrary<T> cached(Map<String, Arbitrary<T>> cache, String key, Supplier<Arbitrary<T>> make) {
    Arbitrary<T> arbitrary = cache.get(key);
    if (arbitrary == null) {
      arbitrary = of(make.get());
      cache.put(key, arbitrary);
    }
    return arbitrary;
  }

  static <T> Arbitrary<T> of(Arbitrary<T> arbitrary) {
    return new ArbitraryDecorator<>() {
      @Override
      protected Arbitrary<T> arbitrary() {
        return arbitrary;
      }
    };
  }
}
