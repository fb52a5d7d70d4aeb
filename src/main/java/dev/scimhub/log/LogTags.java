package dev.scimhub.log;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.spi.context.storage.ContextLocal;
import java.util.HashMap;
import java.util.Map;

/**
 * Values that every log line of a request carries (tenant, request id), kept in the request's own Vert.x context
 * so that they follow the request through database callbacks. Read by {@link LogTagConverter} as {@code %vcl{key}}.
 */
public final class LogTags {

  @SuppressWarnings("rawtypes")
  private static final ContextLocal<Map> TAGS = ContextLocal.registerLocal(Map.class);

  private LogTags() {}

  /** Context locals must exist before the first Vert.x instance; calling this early loads the class in time. */
  public static void register() {
    // Class initialisation does the work.
  }

  @SuppressWarnings("unchecked")
  public static void put(String key, String value) {
    Context context = Vertx.currentContext();
    if (context == null) {
      return;
    }
    Map<String, String> tags = context.getLocal(TAGS);
    if (tags == null) {
      tags = new HashMap<>(4);
      context.putLocal(TAGS, tags);
    }
    tags.put(key, value);
  }

  /** The tags of the request being handled on this thread; empty outside a request. */
  @SuppressWarnings("unchecked")
  static Map<String, String> all() {
    Context context = Vertx.currentContext();
    Map<String, String> tags = context == null ? null : context.getLocal(TAGS);
    return tags == null ? Map.of() : tags;
  }

  @SuppressWarnings("unchecked")
  static String get(String key) {
    Context context = Vertx.currentContext();
    if (context == null) {
      return null;
    }
    Map<String, String> tags = context.getLocal(TAGS);
    return tags == null ? null : tags.get(key);
  }
}
