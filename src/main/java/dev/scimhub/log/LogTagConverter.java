package dev.scimhub.log;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback's {@code %vcl{tenant}}: a tag of the request that logged the event (captured by
 * {@link TaggingAsyncAppender}, or read from the current Vert.x context when formatting on the same thread), or
 * {@code -}.
 */
public final class LogTagConverter extends ClassicConverter {

  private String key;

  @Override
  public void start() {
    key = getFirstOption();
    super.start();
  }

  @Override
  public String convert(ILoggingEvent event) {
    if (key == null) {
      return "-";
    }
    String value = event.getMDCPropertyMap().get(TaggingAsyncAppender.PREFIX + key);
    if (value == null) {
      value = LogTags.get(key);
    }
    return value == null ? "-" : value;
  }
}
