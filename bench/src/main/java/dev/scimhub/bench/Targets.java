package dev.scimhub.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The performance targets, evaluated over the phases of a run. Latency targets compare p50 (the median of the
 * sequential, single-connection series, the two groups interleaved A/B); p99 is reported next to them. A target whose measurements are missing is
 * reported as not run.
 */
public final class Targets {

  /** {@code pass} is null when the target could not be evaluated (its scenario did not run). */
  public record Result(String id, String description, String limit, String measured, Boolean pass) {

    public String verdict() {
      return pass == null ? "NOT RUN" : pass ? "PASS" : "FAIL";
    }
  }

  static final double ADD_P50_MS = 5.0;
  static final double ADD_RATIO = 2.0;
  static final double GET_EXCLUDED_RATIO = 1.5;

  private Targets() {}

  public static List<Result> evaluate(List<Phase> phases) {
    List<Result> results = new ArrayList<>();
    Optional<Measurement> addEmpty = first(phases, "add-member/empty");
    Optional<Measurement> addLarge = first(phases, "add-member/large");
    Optional<Measurement> getEmpty = first(phases, "get-group-excluded/empty");
    Optional<Measurement> getLarge = first(phases, "get-group-excluded/large");

    results.add(addLarge.map(m -> new Result("add-large-p50",
            "add 1 member to the large group: p50 end to end", "< " + ADD_P50_MS + " ms",
            String.format(Locale.ROOT, "%.2f ms (p99 %.2f ms)", m.p50Ms(), m.p99Ms()),
            m.errors() == 0 && m.count() > 0 && m.p50Ms() < ADD_P50_MS))
        .orElse(notRun("add-large-p50", "add 1 member to the large group: p50 end to end", "< 5 ms")));

    results.add(ratio("add-large-vs-empty", "add 1 member: large group p50 vs empty group p50", ADD_RATIO,
        addLarge, addEmpty));
    results.add(ratio("get-excluded-large-vs-empty",
        "GET ?excludedAttributes=members: large group p50 vs empty group p50", GET_EXCLUDED_RATIO, getLarge,
        getEmpty));

    boolean anyFull = false;
    for (Phase phase : phases) {
      Optional<Measurement> full = phase.find("get-group-full");
      if (full.isEmpty()) {
        continue;
      }
      anyFull = true;
      Measurement m = full.get();
      long expected = m.extra().getLong("expectedMembers", 0L);
      long members = m.extra().getLong("members", 0L);
      results.add(new Result("get-full@" + phase.serverHeap(),
          "GET the large group with all members, server at -Xmx" + phase.serverHeap(),
          String.format(Locale.ROOT, "200, ≥ %,d members", expected),
          String.format(Locale.ROOT, "%d/%d OK, %,d members, %.1f MB, p50 %.0f ms", m.count() - m.errors(),
              m.count(), members, m.extra().getLong("responseBytes", 0L) / 1e6, m.p50Ms()),
          m.errors() == 0 && m.count() > 0 && expected > 0 && members >= expected));
    }
    if (!anyFull) {
      results.add(notRun("get-full", "GET the large group with all members", "200, all members"));
    }
    return results;
  }

  private static Result ratio(String id, String description, double limit, Optional<Measurement> large,
      Optional<Measurement> small) {
    String limitText = String.format(Locale.ROOT, "≤ %.1f×", limit);
    if (large.isEmpty() || small.isEmpty()) {
      return notRun(id, description, limitText);
    }
    Measurement l = large.get();
    Measurement s = small.get();
    double ratio = l.p50Ms() / s.p50Ms();
    double p99Ratio = l.p99Ms() / s.p99Ms();
    return new Result(id, description, limitText,
        String.format(Locale.ROOT, "%.2f× (%.2f / %.2f ms; p99 %.2f×)", ratio, l.p50Ms(), s.p50Ms(), p99Ratio),
        l.errors() == 0 && s.errors() == 0 && l.count() > 0 && s.count() > 0 && ratio <= limit);
  }

  private static Result notRun(String id, String description, String limit) {
    return new Result(id, description, limit, "-", null);
  }

  private static Optional<Measurement> first(List<Phase> phases, String id) {
    return phases.stream().map(p -> p.find(id)).flatMap(Optional::stream).findFirst();
  }
}
