package dev.scimhub.log;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.MDC;

/**
 * Logback's asynchronous appender, so an event loop never blocks writing a log line, that first copies the request's
 * {@link LogTags} into the event: the writer thread has no Vert.x context to read them from.
 */
public final class TaggingAsyncAppender extends AsyncAppender {

  /** None: the tags are the MDC fields {@code tenant} and {@code requestId} (a JSON log line shows them so). */
  static final String PREFIX = "";

  @Override
  protected void preprocess(ILoggingEvent event) {
    Map<String, String> tags = LogTags.all();
    if (!tags.isEmpty() && event instanceof LoggingEvent loggingEvent) {
      // Not event.getMDCPropertyMap(): reading it fixes the event's map, and it could then not be set.
      Map<String, String> mdc = MDC.getCopyOfContextMap();
      Map<String, String> properties = mdc == null ? new HashMap<>() : new HashMap<>(mdc);
      tags.forEach((key, value) -> properties.put(PREFIX + key, value));
      loggingEvent.setMDCPropertyMap(properties);
    }
    super.preprocess(event);
  }
}
