package dev.scimhub.tenant;

import dev.scimhub.scim.ScimException;
import io.vertx.core.json.JsonObject;

/**
 * A tenant's settings, typed: each setting scimhub acts on is a field, read from the tenant's {@code settings} JSON
 * with the token check and carried with the request. The JSON may also hold keys of the vendor's own (an IdP name, a
 * contact), which are kept and shown as given.
 *
 * @param strict {@code "compatibility": "strict"}: identity-provider deviations from RFC 7643/7644 get the RFC's own
 *     error instead of being tolerated
 * @param json the settings as stored
 */
public record TenantSettings(boolean strict, JsonObject json) {

  public static final TenantSettings DEFAULT = new TenantSettings(false, new JsonObject());

  private static final String COMPATIBILITY = "compatibility";

  /**
   * Settings as a client sends them to {@code PATCH /admin/tenants/{id}}: a setting scimhub knows must have one of its
   * values, or the change is refused as 400 {@code invalidValue}.
   */
  public static TenantSettings validate(JsonObject json) {
    Object compatibility = json.getValue(COMPATIBILITY);
    if (compatibility != null && !"strict".equals(compatibility) && !"tolerant".equals(compatibility)) {
      throw ScimException.invalidValue("'settings.compatibility' must be 'strict' or 'tolerant'");
    }
    return read(json);
  }

  /** Settings as stored. A value an older version let through reads as the default, never as an error. */
  public static TenantSettings read(JsonObject json) {
    if (json == null || json.isEmpty()) {
      return DEFAULT;
    }
    return new TenantSettings("strict".equals(json.getValue(COMPATIBILITY)), json);
  }
}
