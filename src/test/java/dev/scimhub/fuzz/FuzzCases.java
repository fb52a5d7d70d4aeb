package dev.scimhub.fuzz;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * How many cases the fuzz properties try: {@code -Dfuzz.cases=N} in all (Maven passes it on to the test JVM; the
 * pom's default is the one {@code mvn verify} runs), shared among the properties by their {@link Share}.
 * {@code @Property(tries = …)} is a constant, so the number is set here, before jqwik starts the property.
 * {@code -Dfuzz.seed=S} repeats a run's generation.
 */
public final class FuzzCases implements AroundPropertyHook {

  /** Outside Maven (an IDE), when nothing says: a quick run. Maven passes the pom's {@code fuzz.cases}. */
  static final int DEFAULT = 1_000;

  /** The percentage of all cases a property tries. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @interface Share {
    int value();
  }

  private static final Map<String, Integer> PLANNED = new ConcurrentHashMap<>();

  /** All cases of a run. */
  static int total() {
    String value = System.getProperty("fuzz.cases");
    try {
      return value == null || value.isBlank() ? DEFAULT : Math.max(1, Integer.parseInt(value.trim()));
    } catch (NumberFormatException e) {
      return DEFAULT;
    }
  }

  /** The cases the properties that started were given, in all. */
  static int planned() {
    return PLANNED.values().stream().mapToInt(Integer::intValue).sum();
  }

  @Override
  public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
    int share = context.findAnnotation(Share.class).map(Share::value).orElse(100);
    int tries = Math.max(1, (int) ((long) total() * share / 100));
    context.attributes().setTries(tries);
    String seed = System.getProperty("fuzz.seed");
    if (seed != null && !seed.isBlank()) {
      context.attributes().setSeed(seed.trim());
    }
    PLANNED.put(context.label(), tries);
    return property.execute();
  }

  @Override
  public int aroundPropertyProximity() {
    // Outermost, so that the tries are set before anything of the property runs.
    return -100;
  }
}
