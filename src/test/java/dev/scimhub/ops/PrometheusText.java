package dev.scimhub.ops;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4, for tests: every line is a {@code # HELP}, a
 * {@code # TYPE} or a sample of a family typed before it; names, labels, escapes and values are as the format defines
 * them; a family's lines form one group; no series appears twice; a histogram's buckets are cumulative and end at
 * {@code +Inf} with its {@code _count}. Anything else fails with the line that broke the rule.
 */
final class PrometheusText {

  record Sample(String name, String family, Map<String, String> labels, double value) {}

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

  private final Map<String, String> types = new LinkedHashMap<>();
  private final List<Sample> samples = new ArrayList<>();

  private PrometheusText() {}

  static PrometheusText parse(String text) {
    PrometheusText parsed = new PrometheusText();
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new AssertionError("the exposition must end with a line feed");
    }
    Set<String> helped = new HashSet<>();
    Set<String> closed = new HashSet<>();
    Set<String> series = new HashSet<>();
    String current = null;
    int number = 0;
    for (String line : text.split("\n", -1)) {
      number++;
      if (line.isEmpty()) {
        continue;
      }
      try {
        if (line.startsWith("#")) {
          String[] parts = line.split(" ", 4);
          if (parts.length >= 3 && (parts[1].equals("HELP") || parts[1].equals("TYPE"))) {
            String name = name(parts[2]);
            if (!name.equals(current)) {
              if (current != null) {
                closed.add(current);
              }
              if (closed.contains(name)) {
                throw new AssertionError("family " + name + " continues after another one");
              }
              current = name;
            }
            if (parts[1].equals("HELP")) {
              if (!helped.add(name)) {
                throw new AssertionError("second HELP for " + name);
              }
              unescape(parts.length == 4 ? parts[3] : "", false);
            } else {
              if (parts.length != 4 || !TYPES.contains(parts[3])) {
                throw new AssertionError("TYPE must be one of " + TYPES);
              }
              if (parsed.types.containsKey(name)) {
                throw new AssertionError("second TYPE for " + name);
              }
              if (parsed.samples.stream().anyMatch(s -> s.family().equals(name))) {
                throw new AssertionError("TYPE after samples of " + name);
              }
              parsed.types.put(name, parts[3]);
            }
          }
          continue;
        }
        Sample sample = parsed.sample(line);
        if (!sample.family().equals(current)) {
          if (current != null) {
            closed.add(current);
          }
          if (closed.contains(sample.family())) {
            throw new AssertionError("family " + sample.family() + " continues after another one");
          }
          current = sample.family();
        }
        if (!series.add(sample.name() + new TreeMap<>(sample.labels()))) {
          throw new AssertionError("series appears twice");
        }
        parsed.samples.add(sample);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("line " + number + ": " + e.getMessage() + ": " + line, e);
      }
    }
    parsed.checkHistograms();
    return parsed;
  }

  Map<String, String> types() {
    return types;
  }

  List<Sample> samples() {
    return samples;
  }

  /** The sum of the samples named {@code name} whose labels include every one of {@code having}; 0 if none. */
  double sum(String name, Map<String, String> having) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(having.entrySet()))
        .mapToDouble(Sample::value)
        .sum();
  }

  boolean has(String name, Map<String, String> having) {
    return samples.stream()
        .anyMatch(s -> s.name().equals(name) && s.labels().entrySet().containsAll(having.entrySet()));
  }

  private Sample sample(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
      i++;
    }
    String name = name(line.substring(0, i));
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i++;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        String label = line.substring(i, eq);
        if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
          throw new AssertionError("bad label name '" + label + "'");
        }
        if (line.charAt(eq + 1) != '"') {
          throw new AssertionError("label value must be quoted");
        }
        StringBuilder raw = new StringBuilder();
        int j = eq + 2;
        while (line.charAt(j) != '"') {
          if (line.charAt(j) == '\\') {
            raw.append(line.charAt(j++));
          }
          raw.append(line.charAt(j++));
        }
        if (labels.put(label, unescape(raw.toString(), true)) != null) {
          throw new AssertionError("label " + label + " twice");
        }
        i = j + 1;
        if (line.charAt(i) == ',') {
          i++;
        } else if (line.charAt(i) != '}') {
          throw new AssertionError("expected , or } at " + i);
        }
      }
      i++;
    }
    if (i >= line.length() || line.charAt(i) != ' ') {
      throw new AssertionError("expected a space before the value");
    }
    String[] rest = line.substring(i + 1).split(" ", -1);
    if (rest.length < 1 || rest.length > 2) {
      throw new AssertionError("expected a value and an optional timestamp");
    }
    double value = value(rest[0]);
    if (rest.length == 2) {
      Long.parseLong(rest[1]);
    }
    return new Sample(name, family(name), labels, value);
  }

  /** The family a sample belongs to: its own name, or the histogram or summary it is a part of. */
  private String family(String name) {
    if (types.containsKey(name)) {
      return name;
    }
    for (String suffix : new String[] {"_bucket", "_count", "_sum"}) {
      if (name.endsWith(suffix)) {
        String base = name.substring(0, name.length() - suffix.length());
        String type = types.get(base);
        if ("histogram".equals(type) || ("summary".equals(type) && !suffix.equals("_bucket"))) {
          return base;
        }
      }
    }
    throw new AssertionError("no TYPE before sample " + name);
  }

  private void checkHistograms() {
    types.forEach((family, type) -> {
      if (!type.equals("histogram")) {
        return;
      }
      Map<Map<String, String>, TreeMap<Double, Double>> buckets = new HashMap<>();
      Map<Map<String, String>, Double> counts = new HashMap<>();
      for (Sample s : samples) {
        if (s.name().equals(family + "_bucket")) {
          Map<String, String> rest = new TreeMap<>(s.labels());
          String le = rest.remove("le");
          if (le == null) {
            throw new AssertionError(family + "_bucket without le: " + s.labels());
          }
          buckets.computeIfAbsent(rest, k -> new TreeMap<>()).put(value(le), s.value());
        } else if (s.name().equals(family + "_count")) {
          counts.put(new TreeMap<>(s.labels()), s.value());
        }
      }
      buckets.forEach((labels, byBound) -> {
        double previous = 0;
        for (double count : byBound.values()) {
          if (count < previous) {
            throw new AssertionError(family + " buckets not cumulative for " + labels + ": " + byBound);
          }
          previous = count;
        }
        Double inf = byBound.get(Double.POSITIVE_INFINITY);
        if (inf == null || !inf.equals(counts.get(labels))) {
          throw new AssertionError(family + " +Inf bucket " + inf + " is not _count " + counts.get(labels)
              + " for " + labels);
        }
      });
    });
  }

  private static String name(String name) {
    if (!METRIC_NAME.matcher(name).matches()) {
      throw new AssertionError("bad metric name '" + name + "'");
    }
    return name;
  }

  private static double value(String text) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> {
        if (!text.matches("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?")) {
          throw new AssertionError("bad value '" + text + "'");
        }
        yield Double.parseDouble(text);
      }
    };
  }

  /** Label values escape {@code \\}, {@code \"} and {@code \n}; HELP text only {@code \\} and {@code \n}. */
  private static String unescape(String text, boolean quotes) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char next = i + 1 < text.length() ? text.charAt(++i) : '?';
      switch (next) {
        case '\\' -> out.append('\\');
        case 'n' -> out.append('\n');
        case '"' -> {
          if (!quotes) {
            throw new AssertionError("\\\" is not an escape in HELP");
          }
          out.append('"');
        }
        default -> throw new AssertionError("bad escape \\" + next);
      }
    }
    return out.toString();
  }
}
