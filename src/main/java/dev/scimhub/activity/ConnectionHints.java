package dev.scimhub.activity;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Plain words for what a connection's health shows: why its last request was refused and what to change in the
 * identity provider, and which of its deviations scimhub tolerates. For the tenant's IT admin, who sees only this.
 */
final class ConnectionHints {

  private static final Map<String, String> AUTH = Map.of(
      "no Authorization header", "No Authorization header was sent: in Okta choose HTTP Header authentication and"
          + " paste the token as the Bearer token; in Entra paste it as the Secret Token.",
      "Authorization header without a Bearer token", "The Authorization header is not a Bearer token (Basic"
          + " authentication?): choose HTTP Header / Bearer token in the identity provider.",
      "token of another tenant", "The token belongs to another tenant: paste this tenant's token, or use the base"
          + " URL of the tenant the token belongs to.",
      "revoked token", "The token was revoked: create a new token and paste it into the identity provider.",
      "replaced token past its grace period", "The token was reset and its grace period is over: paste the new"
          + " token into the identity provider.",
      "unknown token", "The token is not one of this tenant's: check that it was pasted whole, without spaces.",
      "no such tenant", "The base URL names no tenant: copy the base URL again.",
      "tenant suspended", "The tenant is suspended: provisioning resumes when it is resumed.");

  private static final Map<String, String> QUIRKS = Map.of(
      "OpNameCase", "Entra sends PATCH operations named 'Replace' and 'Add': tolerated.",
      "BooleanStrings", "The identity provider sends booleans as strings (\"True\"): tolerated.",
      "UnknownAttributes", "The identity provider sends attributes this directory does not define: ignored.",
      "ManagerAsString", "The manager is sent as a plain string: tolerated.",
      "EmptyStrings", "Empty strings are sent for absent values: treated as absent.",
      "DottedPathlessKeys", "PATCH values use dotted keys (name.givenName) without a path: tolerated.",
      "ValuePathComparison", "A PATCH path compares a value without quotes: tolerated.",
      "UnquotedFilterValues", "A filter compares an unquoted value: tolerated.",
      "EmptyOperations", "A PATCH with no operations was sent: answered as a no-op.",
      "FilteredPathCreatesValue", "A PATCH path filter matched nothing and created the value: tolerated.");

  private ConnectionHints() {}

  static JsonArray of(JsonObject connection) {
    JsonArray hints = new JsonArray();
    JsonObject error = connection.getJsonObject("lastError");
    if (error != null) {
      String auth = error.getString("authFailure");
      if (auth != null && AUTH.containsKey(auth)) {
        hints.add(AUTH.get(auth));
      }
      String path = error.getString("path");
      Integer status = error.getInteger("status");
      if (path != null && path.matches(".*/scim/v[12]/(Users|Groups)/(Users|Groups)(/.*)?")) {
        hints.add("The base URL ends in /Users or /Groups: set it to the SCIM base URL itself (…/scim/v2); the"
            + " identity provider appends /Users and /Groups.");
      } else if (path != null && path.matches(".*/scim/v[12]/.*scim/v[12].*")) {
        hints.add("The base URL is repeated in the request path: set the base URL once, ending in /scim/v2.");
      } else if (status != null && status == 404 && path != null && path.matches(".*/scim/v[12]/?")) {
        hints.add("A request went to the base URL itself: the identity provider should call /Users and /Groups"
            + " under it.");
      }
      if (status != null && status == 409) {
        hints.add("A 409 means the userName (or a group's displayName) already exists in this tenant; Okta shows it"
            + " as a vague error. Match the existing user in the identity provider, or remove the duplicate.");
      }
    }
    JsonArray quirks = connection.getJsonArray("quirks");
    if (quirks != null) {
      for (Object quirk : quirks) {
        String hint = QUIRKS.get(String.valueOf(quirk));
        hints.add(hint != null ? hint : quirk + ": a deviation from the SCIM RFCs, tolerated.");
      }
    }
    return hints;
  }
}
