package dev.scimhub.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --key value} command-line options, with typed getters and defaults. */
public final class Options {

  private final Map<String, String> values = new LinkedHashMap<>();

  private Options() {}

  public static Options parse(List<String> args) {
    Options options = new Options();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "' (options are --key value)");
      }
      String key = arg.substring(2);
      int eq = key.indexOf('=');
      if (eq >= 0) {
        options.values.put(key.substring(0, eq), key.substring(eq + 1));
      } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
        options.values.put(key, args.get(++i));
      } else {
        options.values.put(key, "true");
      }
    }
    return options;
  }

  public String string(String key, String fallback) {
    return values.getOrDefault(key, fallback);
  }

  public String required(String key) {
    String value = values.get(key);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("--" + key + " is required");
    }
    return value;
  }

  public int integer(String key, int fallback) {
    String value = values.get(key);
    return value == null ? fallback : Integer.parseInt(value.replace("_", "").replace(",", ""));
  }

  public long longValue(String key, long fallback) {
    String value = values.get(key);
    return value == null ? fallback : Long.parseLong(value.replace("_", "").replace(",", ""));
  }

  public double doubleValue(String key, double fallback) {
    String value = values.get(key);
    return value == null ? fallback : Double.parseDouble(value.replace("_", "").replace(",", ""));
  }

  public boolean flag(String key) {
    return Boolean.parseBoolean(values.getOrDefault(key, "false"));
  }

  public List<String> list(String key, String fallback) {
    return List.of(values.getOrDefault(key, fallback).split("\\s*,\\s*"));
  }
}
