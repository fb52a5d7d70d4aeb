package dev.scimhub.event;

import dev.scimhub.http.RequestFacts;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * Who made a change, as an event's {@code context} tells the vendor's app: the request, the connection (an API token
 * and its label) or the admin (a JWT's subject), the identity provider detected from the request, and whether the
 * tenant provisions silently (the app should send no welcome e-mail).
 */
public record Origin(String requestId, String tokenId, String tokenLabel, String actor, String identityProvider,
    boolean silent, RequestFacts facts) {

  /** A change by an identity provider through a tenant's API token; its events are told to the request's facts. */
  public static Origin connection(String requestId, String tokenId, String tokenLabel, String identityProvider,
      boolean silent, RequestFacts facts) {
    return new Origin(requestId, tokenId, tokenLabel, null, identityProvider, silent, facts);
  }

  /** A change by an admin through the admin or self-service API. */
  public static Origin admin(String requestId, String actor) {
    return new Origin(requestId, null, null, actor, null, false, null);
  }

  /** Tells the request log an event of this origin's change was recorded. */
  void recorded(UUID eventId) {
    if (facts != null) {
      facts.eventRecorded(eventId);
    }
  }

  /** The envelope's {@code context}; members without a value are left out. */
  public JsonObject json() {
    JsonObject context = new JsonObject();
    putIf(context, "requestId", requestId);
    putIf(context, "tokenId", tokenId);
    putIf(context, "connection", tokenLabel);
    putIf(context, "actor", actor);
    putIf(context, "identityProvider", identityProvider);
    return context.put("silent", silent);
  }

  private static void putIf(JsonObject json, String key, String value) {
    if (value != null) {
      json.put(key, value);
    }
  }
}
