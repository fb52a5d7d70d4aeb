package dev.scimhub.fuzz;

import dev.scimhub.fuzz.FuzzWorld.Sent;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a fuzz run sent and got, printed at its end: cases, answers by status and scimType, 5xx, time. With
 * {@code -Dfuzz.details=true}, also the most frequent error details, to see what the generators mostly get wrong.
 */
final class FuzzStats {

  private final long started = System.nanoTime();
  private final AtomicLong cases = new AtomicLong();
  private final AtomicLong serverErrors = new AtomicLong();
  private final AtomicLong brokenAnswers = new AtomicLong();
  private final AtomicLong sending = new AtomicLong();
  private final AtomicLong resetsAfterRefusal = new AtomicLong();
  private static final Pattern SCIM_TYPE = Pattern.compile("\"scimType\":\"(\\w+)\"");

  private final Map<String, Map<Integer, Long>> byKind = new TreeMap<>();
  private final Map<String, Map<String, Long>> errors = new TreeMap<>();
  private final Map<String, Long> details = new TreeMap<>();

  synchronized void record(String kind, Sent sent, long nanos) {
    cases.incrementAndGet();
    sending.addAndGet(nanos);
    if (sent.failure() != null && ScimAnswer.refusedUnread(sent)) {
      resetsAfterRefusal.incrementAndGet();
    } else if (sent.failure() != null) {
      brokenAnswers.incrementAndGet();
    } else if (sent.status() >= 500 && !ScimAnswer.meNotImplemented(sent)) {
      serverErrors.incrementAndGet();
    }
    byKind.computeIfAbsent(kind, k -> new TreeMap<>()).merge(sent.status(), 1L, Long::sum);
    if (sent.status() >= 400 && sent.status() < 500) {
      Matcher type = SCIM_TYPE.matcher(sent.responseText());
      if (Boolean.getBoolean("fuzz.details")) {
        Matcher detail = Pattern.compile("\"detail\":\"([^\"]{0,40})").matcher(sent.responseText());
        details.merge(kind + ": " + (detail.find() ? detail.group(1).replaceAll("'[^']*'", "'…'") : "?"), 1L, Long::sum);
      }
      errors.computeIfAbsent(kind, k -> new TreeMap<>())
          .merge(sent.status() + (type.find() ? " " + type.group(1) : ""), 1L, Long::sum);
    }
  }

  long cases() {
    return cases.get();
  }

  long serverErrors() {
    return serverErrors.get();
  }

  long brokenAnswers() {
    return brokenAnswers.get();
  }

  synchronized String summary() {
    StringBuilder out = new StringBuilder("fuzz: ").append(cases.get()).append(" cases in ")
        .append((System.nanoTime() - started) / 1_000_000_000L).append(" s, ").append(serverErrors.get())
        .append(" answered 5xx, ").append(brokenAnswers.get()).append(" without a complete answer (")
        .append(resetsAfterRefusal.get()).append(" more reset while sending a body refused unread); ")
        .append(sending.get() / 1_000_000L).append(" ms of it waiting for answers");
    byKind.forEach((kind, statuses) -> out.append("\n  ").append(kind).append(": ").append(statuses)
        .append("\n    errors: ").append(errors.getOrDefault(kind, Map.of())));
    details.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(60)
        .forEach(e -> out.append("\n    ").append(e.getValue()).append(" ").append(e.getKey()));
    return out.toString();
  }
}
