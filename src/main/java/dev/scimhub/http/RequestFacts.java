package dev.scimhub.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What the handlers of one SCIM request learn about it for the request log, gathered as they go: authentication
 * (the connection, or why it was refused), the identity provider, the quirks that rewrote the request, the SCIM error,
 * the events the change recorded, and the answer's body. One mutable object per request, on one event loop; it
 * exists only where the request log is on, so every setter is a no-op for a request without one.
 */
public final class RequestFacts {

  private static final String KEY = "requestFacts";
  /** Event ids kept per request; a 5,000-member PATCH keeps its count and the first ones. */
  static final int MAX_EVENT_IDS = 100;

  private final long startNanos = System.nanoTime();
  private String tokenId;
  private String tokenLabel;
  private String authFailure;
  private String identityProvider;
  private String scimType;
  private String detail;
  private int getSample = 1;
  private boolean recorded = true;
  private final List<String> quirks = new ArrayList<>(0);
  private final List<UUID> eventIds = new ArrayList<>(0);
  private int eventCount;
  private Buffer responseBody;

  /** Starts the facts of a request. */
  public static RequestFacts start(RoutingContext ctx) {
    RequestFacts facts = new RequestFacts();
    ctx.put(KEY, facts);
    return facts;
  }

  /** The request's facts, or null where the request log does not record it. */
  public static RequestFacts of(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  /** The connection that authenticated the request. */
  public static void connection(RoutingContext ctx, String tokenId, String tokenLabel, String identityProvider,
      int getSample, boolean recorded) {
    RequestFacts facts = of(ctx);
    if (facts != null) {
      facts.tokenId = tokenId;
      facts.tokenLabel = tokenLabel;
      facts.identityProvider = identityProvider;
      facts.getSample = getSample;
      facts.recorded = recorded;
    }
  }

  /** Why authentication refused the request, in words for the tenant's admin (never for the caller). */
  public static void authFailure(RoutingContext ctx, String reason, String identityProvider) {
    RequestFacts facts = of(ctx);
    if (facts != null) {
      facts.authFailure = reason;
      facts.identityProvider = identityProvider;
    }
  }

  static void error(RoutingContext ctx, String scimType, String detail) {
    RequestFacts facts = of(ctx);
    if (facts != null) {
      facts.scimType = scimType;
      facts.detail = detail;
    }
  }

  static void responseBody(RoutingContext ctx, Buffer body) {
    RequestFacts facts = of(ctx);
    if (facts != null) {
      facts.responseBody = body;
    }
  }

  /** Where the quirks of the request's tolerance write their names; a list that is thrown away without a log. */
  public static List<String> quirks(RoutingContext ctx) {
    RequestFacts facts = of(ctx);
    return facts == null ? new ArrayList<>(0) : facts.quirks;
  }

  /** An event the request's change recorded (rolled back with it if the change fails: the log then says rejected). */
  public void eventRecorded(UUID id) {
    eventCount++;
    if (eventIds.size() < MAX_EVENT_IDS) {
      eventIds.add(id);
    }
  }

  public long startNanos() {
    return startNanos;
  }

  public String tokenId() {
    return tokenId;
  }

  public String tokenLabel() {
    return tokenLabel;
  }

  public String authFailure() {
    return authFailure;
  }

  public String identityProvider() {
    return identityProvider;
  }

  public String scimType() {
    return scimType;
  }

  public String detail() {
    return detail;
  }

  /** Keep one in this many successful reads (1: all; 0: none); writes and errors are always kept. */
  public int getSample() {
    return getSample;
  }

  /** False when the tenant's settings say its requests are not recorded at all. */
  public boolean recorded() {
    return recorded;
  }

  public List<String> quirkNames() {
    return quirks;
  }

  public List<UUID> eventIds() {
    return eventIds;
  }

  public int eventCount() {
    return eventCount;
  }

  public Buffer responseBody() {
    return responseBody;
  }
}
