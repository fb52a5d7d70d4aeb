package dev.scimhub.http;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** Logback's {@code %vcl{tenant}}: a tag of the request being handled on this thread, or {@code -}. */
public final class LogTagConverter extends ClassicConverter {

  private String key;

  @Override
  public void start() {
    key = getFirstOption();
    super.start();
  }

  @Override
  public String convert(ILoggingEvent event) {
    String value = key == null ? null : LogTags.get(key);
    return value == null ? "-" : value;
  }
}
