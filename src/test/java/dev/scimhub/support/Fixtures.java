package dev.scimhub.support;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Request bodies as identity providers send them, kept under {@code src/test/resources/fixtures/<provider>/}. */
public final class Fixtures {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[^}]+}");

  private Fixtures() {}

  /** {@code fixtures/<path>} with each {@code ${name}} replaced by its value, escaped for a JSON string. */
  public static String load(String path, Map<String, String> values) {
    String resource = "/fixtures/" + path;
    String text;
    try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
      assertNotNull(in, "no fixture " + resource);
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Map.Entry<String, String> value : values.entrySet()) {
      String escaped = new String(JsonStringEncoder.getInstance().quoteAsString(value.getValue()));
      text = text.replace("${" + value.getKey() + "}", escaped);
    }
    Matcher left = PLACEHOLDER.matcher(text);
    if (left.find()) {
      throw new IllegalArgumentException(path + " needs a value for " + left.group());
    }
    return text;
  }

  public static String load(String path) {
    return load(path, Map.of());
  }
}
