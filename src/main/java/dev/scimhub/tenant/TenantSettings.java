package dev.scimhub.tenant;

import dev.scimhub.scim.ProfileMapping;
import dev.scimhub.scim.ScimException;
import dev.scimhub.scim.ScimJson;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/**
 * A tenant's settings, typed: each setting scimhub acts on is a field, read from the tenant's {@code settings} JSON
 * with the token check and carried with the request. The JSON may also hold keys of the vendor's own (an IdP name, a
 * contact), which are kept and shown as given.
 *
 * @param strict {@code "compatibility": "strict"}: identity-provider deviations from RFC 7643/7644 get the RFC's own
 *     error instead of being tolerated
 * @param rateLimitPerSecond {@code "rateLimitPerSecond"}: this tenant's SCIM request rate, or 0 for the default
 * @param silent {@code "silentProvisioning": true}: the tenant's events say {@code context.silent}, so that the app
 *     sends no welcome e-mail for the users its IdP provisions
 * @param requestLogGetSample {@code "requestLogGetSample"}: the request log keeps one in this many successful reads
 *     (1, the default: all; 0: none); writes and errors are always kept, and connection health counts them all
 * @param requestLogRetentionDays {@code "requestLogRetentionDays"}: days this tenant's request log is kept, if fewer
 *     than the platform's {@code requestLog.retentionDays} (0: the platform's)
 * @param requestLog {@code "requestLog": false}: nothing of this tenant's authenticated requests is recorded, neither
 *     in the request log nor in connection health (a customer that wants no copy of what its IdP sends); refusals
 *     before authentication are still logged under the path's tenant
 * @param profile {@code "profileMapping"}: this tenant's changes to the platform's profile mapping (fields it maps
 *     from other SCIM paths, or drops with null)
 * @param json the settings as stored, which also hold {@link #managerRule()}
 */
public record TenantSettings(boolean strict, int rateLimitPerSecond, boolean silent, int requestLogGetSample,
    int requestLogRetentionDays, boolean requestLog, ProfileMapping profile, JsonObject json) {

  public static final TenantSettings DEFAULT = new TenantSettings(false, 0, false, 1, 0, true, ProfileMapping.NONE,
      new JsonObject());

  private static final String COMPATIBILITY = "compatibility";
  private static final String RATE_LIMIT = "rateLimitPerSecond";
  private static final String SILENT = "silentProvisioning";
  private static final String GET_SAMPLE = "requestLogGetSample";
  private static final String RETENTION = "requestLogRetentionDays";
  private static final String REQUEST_LOG = "requestLog";
  private static final String MANAGERS = "managerResolution";
  private static final String PROFILE = "profileMapping";
  private static final int MAX_RATE = 1_000_000;
  private static final int MAX_SAMPLE = 1_000_000;
  private static final int MAX_RETENTION = 3_650;

  /**
   * Settings as a client sends them to {@code PATCH /admin/tenants/{id}}: a setting scimhub knows must have one of its
   * values, or the change is refused as 400 {@code invalidValue}.
   */
  public static TenantSettings validate(JsonObject json) {
    Object compatibility = json.getValue(COMPATIBILITY);
    if (compatibility != null && !"strict".equals(compatibility) && !"tolerant".equals(compatibility)) {
      throw ScimException.invalidValue("'settings.compatibility' must be 'strict' or 'tolerant'");
    }
    Object rate = json.getValue(RATE_LIMIT);
    if (rate != null && (!(rate instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
        || n.longValue() < 1 || n.longValue() > MAX_RATE)) {
      throw ScimException.invalidValue("'settings." + RATE_LIMIT + "' must be a whole number from 1 to " + MAX_RATE);
    }
    for (String flag : new String[] {SILENT, REQUEST_LOG}) {
      Object value = json.getValue(flag);
      if (value != null && !(value instanceof Boolean)) {
        throw ScimException.invalidValue("'settings." + flag + "' must be true or false");
      }
    }
    if (json.getValue(GET_SAMPLE) != null && whole(json.getValue(GET_SAMPLE), 0, MAX_SAMPLE) < 0) {
      throw ScimException.invalidValue("'settings." + GET_SAMPLE + "' must be a whole number from 0 to " + MAX_SAMPLE
          + " (keep one in that many successful reads; 0: none)");
    }
    if (json.getValue(RETENTION) != null && whole(json.getValue(RETENTION), 1, MAX_RETENTION) < 0) {
      throw ScimException.invalidValue("'settings." + RETENTION + "' must be a whole number of days from 1 to "
          + MAX_RETENTION);
    }
    profile(json.getValue(PROFILE), true);
    Object managers = json.getValue(MANAGERS);
    if (managers != null && !(managers instanceof String name && ManagerRule.named(name) != null)) {
      throw ScimException.invalidValue("'settings." + MANAGERS + "' must be one of " + ManagerRule.names());
    }
    return read(json);
  }

  /**
   * How the enterprise {@code manager.value} an IdP sends names the manager ({@code "managerResolution"}): by
   * {@code auto} (the default), scimhub tries it as an id, then an externalId, then a userName or e-mail address.
   */
  public enum ManagerRule {
    AUTO("auto"), ID("id"), EXTERNAL_ID("externalId"), USER_NAME_OR_EMAIL("userNameOrEmail"),
    /** Kept as sent, never linked: what scimhub did before it linked managers. */
    OFF("off");

    private final String setting;

    ManagerRule(String setting) {
      this.setting = setting;
    }

    static ManagerRule named(String name) {
      for (ManagerRule rule : values()) {
        if (rule.setting.equals(name)) {
          return rule;
        }
      }
      return null;
    }

    static String names() {
      return java.util.Arrays.stream(values()).map(rule -> "'" + rule.setting + "'")
          .collect(java.util.stream.Collectors.joining(", "));
    }
  }

  public ManagerRule managerRule() {
    ManagerRule rule = json.getValue(MANAGERS) instanceof String name ? ManagerRule.named(name) : null;
    return rule == null ? ManagerRule.AUTO : rule;
  }

  /** Settings as stored. A value an older version let through reads as the default, never as an error. */
  public static TenantSettings read(JsonObject json) {
    if (json == null || json.isEmpty()) {
      return DEFAULT;
    }
    Object rate = json.getValue(RATE_LIMIT);
    int perSecond = rate instanceof Number n && n.longValue() >= 1 && n.longValue() <= MAX_RATE ? n.intValue() : 0;
    int sample = whole(json.getValue(GET_SAMPLE), 0, MAX_SAMPLE);
    return new TenantSettings("strict".equals(json.getValue(COMPATIBILITY)), perSecond,
        Boolean.TRUE.equals(json.getValue(SILENT)), sample < 0 ? 1 : sample,
        Math.max(0, whole(json.getValue(RETENTION), 1, MAX_RETENTION)), !Boolean.FALSE.equals(json.getValue(REQUEST_LOG)),
        profile(json.getValue(PROFILE), false), json);
  }

  /** The tenant's profile mapping; an unreadable stored one (strict: a client's) is none (strict: 400). */
  private static ProfileMapping profile(Object value, boolean strict) {
    if (value == null) {
      return ProfileMapping.NONE;
    }
    try {
      return ProfileMapping.parse(ScimJson.parseTree(Json.encodeToBuffer(value).getBytes()), "settings." + PROFILE);
    } catch (ScimException e) {
      if (strict) {
        throw e;
      }
      return ProfileMapping.NONE;
    }
  }

  /** {@code value} as a whole number from {@code min} to {@code max}, or -1 when it is not one. */
  private static int whole(Object value, int min, int max) {
    if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < min
        || n.longValue() > max) {
      return -1;
    }
    return n.intValue();
  }
}
