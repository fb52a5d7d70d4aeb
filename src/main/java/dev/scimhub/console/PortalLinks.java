package dev.scimhub.console;

import dev.scimhub.audit.AuditLog;
import dev.scimhub.http.BaseUrls;
import dev.scimhub.scim.Ids;
import dev.scimhub.scim.ScimException;
import dev.scimhub.token.TokenSecret;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;

/**
 * One-time links into the console. A platform admin makes one for a tenant and an intent (the page it opens) and
 * sends it to the tenant's IT admin; opening it once starts a session of that tenant. Only the SHA-256 of the link's
 * secret is kept, so the table cannot be used to sign in. Staff links (tenant {@value #STAFF}) come from the command
 * line as signed JWTs and are recorded here when redeemed, which is what makes them one-time too.
 */
public final class PortalLinks {

  public static final String STAFF = "*";
  static final Set<String> INTENTS = Set.of("setup", "tokens", "activity", "settings");
  static final int DEFAULT_TTL_SECONDS = 72 * 3600;
  static final int MAX_TTL_SECONDS = 30 * 24 * 3600;
  private static final String SECRET_PREFIX = "pl_";

  private static final String INSERT = """
      INSERT INTO portal_link (tenant_id, id, hash, intent, return_url, created_by, expires_at)
      SELECT t.id, $2, $3, $4, $5, $6, now() + make_interval(secs => $7) FROM tenant t WHERE t.id = $1
      RETURNING created_at, expires_at
      """;
  private static final String LIST = """
      SELECT id, intent, return_url, created_by, created_at, expires_at, redeemed_at, revoked_at
      FROM portal_link WHERE tenant_id = $1 ORDER BY created_at DESC LIMIT 200
      """;
  private static final String REVOKE = """
      UPDATE portal_link SET revoked_at = coalesce(revoked_at, now()) WHERE tenant_id = $1 AND id = $2 RETURNING id
      """;
  /** Redeems in one statement, so two browsers opening the same link at once cannot both get in. */
  private static final String REDEEM = """
      UPDATE portal_link SET redeemed_at = now()
      WHERE tenant_id = $1 AND hash = $2 AND redeemed_at IS NULL AND revoked_at IS NULL AND expires_at > now()
      RETURNING id, intent, return_url
      """;
  /** A staff link's JWT is valid until it expires; this row is what makes its second use fail. */
  private static final String REDEEM_STAFF = """
      INSERT INTO portal_link (tenant_id, id, hash, intent, created_by, expires_at, redeemed_at)
      VALUES ('*', $1, $2, 'staff', $3, $4, now()) ON CONFLICT DO NOTHING RETURNING id
      """;
  private static final String REVOKE_STAFF = """
      INSERT INTO portal_link (tenant_id, id, hash, intent, created_by, expires_at, revoked_at)
      VALUES ('*', $1, $2, 'staff', $3, now() + interval '30 days', now())
      ON CONFLICT (tenant_id, id) DO UPDATE SET revoked_at = coalesce(portal_link.revoked_at, now())
      """;

  private final Pool pool;
  private final BaseUrls urls;

  public PortalLinks(Pool pool, BaseUrls urls) {
    this.pool = pool;
    this.urls = urls;
  }

  /** A new link's listing entry plus {@code url}, the only place its secret ever appears. */
  public Future<JsonObject> create(String tenant, JsonObject body, String actor) {
    Object intentValue = body.getValue("intent", "setup");
    if (!(intentValue instanceof String intent) || !INTENTS.contains(intent)) {
      return Future.failedFuture(ScimException.invalidValue("'intent' must be one of setup, tokens, activity, settings"));
    }
    Object ttlValue = body.getValue("ttlSeconds", DEFAULT_TTL_SECONDS);
    if (!(ttlValue instanceof Number ttl) || ttl.doubleValue() != Math.rint(ttl.doubleValue())
        || ttl.longValue() < 60 || ttl.longValue() > MAX_TTL_SECONDS) {
      return Future.failedFuture(ScimException.invalidValue("'ttlSeconds' must be a whole number from 60 to "
          + MAX_TTL_SECONDS + " (30 days)"));
    }
    String returnUrl;
    try {
      returnUrl = returnUrl(body.getValue("returnUrl"));
    } catch (ScimException e) {
      return Future.failedFuture(e);
    }
    UUID id = UUID.randomUUID();
    String secret = TokenSecret.random(SECRET_PREFIX);
    return pool.withTransaction(tx -> tx.preparedQuery(INSERT)
            .execute(Tuple.of(tenant, id, hash(secret), intent, returnUrl, actor, ttl.longValue()))
            .compose(rows -> {
              if (rows.rowCount() == 0) {
                return Future.failedFuture(ScimException.notFound("Tenant '" + tenant + "'"));
              }
              Row row = rows.iterator().next();
              return AuditLog.record(tx, tenant, actor, "portal_link.created",
                      new JsonObject().put("link", id.toString()).put("intent", intent))
                  .map(v -> new JsonObject()
                      .put("id", id.toString())
                      .put("intent", intent)
                      .put("returnUrl", returnUrl)
                      .put("createdBy", actor)
                      .put("createdAt", row.getOffsetDateTime("created_at").toInstant().toString())
                      .put("expiresAt", row.getOffsetDateTime("expires_at").toInstant().toString())
                      .put("status", "active")
                      .put("url", urls.publicUrl() + "/console/link/" + tenant + "/" + secret));
            }));
  }

  public Future<JsonArray> list(String tenant) {
    return pool.preparedQuery(LIST).execute(Tuple.of(tenant)).map(rows -> {
      JsonArray links = new JsonArray();
      OffsetDateTime now = OffsetDateTime.now();
      for (Row row : rows) {
        OffsetDateTime redeemed = row.getOffsetDateTime("redeemed_at");
        OffsetDateTime revoked = row.getOffsetDateTime("revoked_at");
        OffsetDateTime expires = row.getOffsetDateTime("expires_at");
        String status = revoked != null ? "revoked" : redeemed != null ? "used" : expires.isBefore(now) ? "expired"
            : "active";
        links.add(new JsonObject()
            .put("id", row.getUUID("id").toString())
            .put("intent", row.getString("intent"))
            .put("returnUrl", row.getString("return_url"))
            .put("createdBy", row.getString("created_by"))
            .put("createdAt", row.getOffsetDateTime("created_at").toInstant().toString())
            .put("expiresAt", expires.toInstant().toString())
            .put("redeemedAt", redeemed == null ? null : redeemed.toInstant().toString())
            .put("revokedAt", revoked == null ? null : revoked.toInstant().toString())
            .put("status", status));
      }
      return links;
    });
  }

  public Future<Void> revoke(String tenant, String linkId, String actor) {
    UUID id = Ids.parse(linkId);
    if (id == null) {
      return Future.failedFuture(ScimException.notFound("Portal link '" + linkId + "'"));
    }
    return pool.withTransaction(tx -> tx.preparedQuery(REVOKE).execute(Tuple.of(tenant, id)).compose(rows ->
        rows.rowCount() == 0
            ? Future.failedFuture(ScimException.notFound("Portal link '" + linkId + "' of tenant '" + tenant + "'"))
            : AuditLog.record(tx, tenant, actor, "portal_link.revoked", new JsonObject().put("link", linkId))));
  }

  /** The link's row if it may still be used (now marked used), or null: expired, used, revoked and unknown alike. */
  Future<Redeemed> redeem(String tenant, String secret) {
    return pool.withTransaction(tx -> tx.preparedQuery(REDEEM).execute(Tuple.of(tenant, hash(secret)))
        .compose(rows -> {
          if (rows.rowCount() == 0) {
            return Future.succeededFuture(null);
          }
          Row row = rows.iterator().next();
          Redeemed redeemed = new Redeemed(row.getUUID("id"), row.getString("intent"), row.getString("return_url"));
          return AuditLog.record(tx, tenant, "portal-link:" + redeemed.id(), "portal_link.redeemed",
              new JsonObject().put("link", redeemed.id().toString())).map(v -> redeemed);
        }));
  }

  /** Whether a staff link (its JWT already verified) is used for the first time now, and not revoked. */
  Future<Boolean> redeemStaff(UUID id, String subject, OffsetDateTime expires) {
    return pool.preparedQuery(REDEEM_STAFF).execute(Tuple.of(id, hash(id.toString()), subject, expires))
        .map(rows -> rows.rowCount() == 1);
  }

  /** Refuses a staff link before or after it is used; its id is the JWT's {@code jti}, printed with it. */
  public Future<Void> revokeStaff(String linkId, String actor) {
    UUID id = Ids.parse(linkId);
    if (id == null) {
      return Future.failedFuture(ScimException.notFound("Console link '" + linkId + "'"));
    }
    return pool.preparedQuery(REVOKE_STAFF).execute(Tuple.of(id, hash(id.toString()), actor)).mapEmpty();
  }

  private static Buffer hash(String secret) {
    return Buffer.buffer(TokenSecret.hash(secret));
  }

  record Redeemed(UUID id, String intent, String returnUrl) {}

  private static String returnUrl(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof String text && text.length() <= 2000) {
      try {
        URI uri = new URI(text);
        if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
          return text;
        }
      } catch (java.net.URISyntaxException e) {
        // falls through to the refusal below
      }
    }
    throw ScimException.invalidValue("'returnUrl' must be an absolute http(s) URL of at most 2000 characters");
  }
}
