package dev.scimhub.console;

import dev.scimhub.auth.AdminJwtAuth;
import dev.scimhub.http.RequestKeys;
import dev.scimhub.scim.ScimException;
import dev.scimhub.token.TokenSecret;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.UUID;

/**
 * Browser sessions of the console. The cookie holds {@code <tenant>.<secret>} ({@code *} for platform staff), HttpOnly
 * and SameSite=Strict (Secure when the public URL is https); the database keeps only the secret's hash, with an idle
 * and an absolute expiry. A session stands in for a JWT: it admits the same requests a JWT of its role and tenant
 * would, through the same role checks. Every state change must also carry the session's CSRF token in
 * {@value #CSRF_HEADER}, which a page of another site cannot read.
 */
public final class ConsoleSessions {

  public static final String COOKIE = "scimhub_console";
  public static final String CSRF_HEADER = "X-CSRF-Token";
  static final int IDLE_SECONDS = 30 * 60;
  static final int ABSOLUTE_SECONDS = 8 * 3600;

  private static final String INSERT = """
      INSERT INTO console_session (tenant_id, hash, role, subject, link_id, return_url, expires_at)
      VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7))
      """;
  /** Finds a live session and marks it seen, in one statement: the idle clock restarts with every request. */
  private static final String TOUCH = """
      UPDATE console_session SET last_seen_at = now()
      WHERE tenant_id = $1 AND hash = $2 AND ended_at IS NULL AND expires_at > now()
        AND last_seen_at > now() - make_interval(secs => $3)
      RETURNING role, subject, return_url, expires_at
      """;
  private static final String END = """
      UPDATE console_session SET ended_at = now() WHERE tenant_id = $1 AND hash = $2 AND ended_at IS NULL
      """;

  private final Pool pool;
  private final boolean secure;

  public ConsoleSessions(Pool pool, boolean secure) {
    this.pool = pool;
    this.secure = secure;
  }

  /** Starts a session and sets its cookie on the response. */
  Future<Void> start(RoutingContext ctx, String tenant, String role, String subject, UUID link, String returnUrl) {
    String secret = TokenSecret.random("");
    return pool.preparedQuery(INSERT)
        .execute(Tuple.of(tenant, hash(secret), role, subject, link, returnUrl, ABSOLUTE_SECONDS))
        .map(rows -> {
          ctx.response().addCookie(cookie(tenant + "." + secret));
          return null;
        });
  }

  /**
   * Admits a request by its console cookie, or hands it to {@code jwt} when it carries an Authorization header or no
   * cookie (so a missing credential is the JWT handler's 401, as before sessions existed).
   */
  public Handler<RoutingContext> orJwt(Handler<RoutingContext> jwt) {
    return ctx -> {
      Cookie cookie = ctx.request().getCookie(COOKIE);
      if (ctx.request().getHeader("Authorization") != null || cookie == null) {
        jwt.handle(ctx);
        return;
      }
      // The body is read later, by the route's BodyHandler: hold it back while the session is looked up (as the JWT
      // handler does), or it would arrive before anyone listens.
      if (!ctx.request().isEnded()) {
        ctx.request().pause();
      }
      current(cookie.getValue()).onComplete(result -> {
        if (result.failed()) {
          ctx.fail(result.cause());
          return;
        }
        Session session = result.result();
        if (session == null) {
          ctx.fail(ScimException.unauthorized("The console session has ended (signed out, idle for "
              + IDLE_SECONDS / 60 + " minutes, or older than " + ABSOLUTE_SECONDS / 3600 + " hours): open a new link"));
          return;
        }
        if (changesState(ctx.request().method()) && !session.csrfMatches(ctx.request().getHeader(CSRF_HEADER))) {
          ctx.fail(ScimException.forbidden("A console request that changes something needs the session's "
              + CSRF_HEADER + " header"));
          return;
        }
        RequestKeys.admitPrincipal(ctx, session.principal());
        ctx.next();
      });
    };
  }

  /** The session a cookie value names, if it is live; null otherwise (unknown, ended, idle or expired). */
  Future<Session> current(String cookieValue) {
    int dot = cookieValue == null ? -1 : cookieValue.indexOf('.');
    if (dot <= 0 || dot == cookieValue.length() - 1) {
      return Future.succeededFuture(null);
    }
    String tenant = cookieValue.substring(0, dot);
    String secret = cookieValue.substring(dot + 1);
    return pool.preparedQuery(TOUCH).execute(Tuple.of(tenant, hash(secret), IDLE_SECONDS)).map(rows -> {
      if (rows.rowCount() == 0) {
        return null;
      }
      Row row = rows.iterator().next();
      return new Session(tenant, row.getString("role"), row.getString("subject"), row.getString("return_url"),
          row.getOffsetDateTime("expires_at").toInstant().toString(), csrf(secret));
    });
  }

  Future<Void> end(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(COOKIE);
    ctx.response().addCookie(cookie("").setMaxAge(0));
    if (cookie == null || cookie.getValue().indexOf('.') <= 0) {
      return Future.succeededFuture();
    }
    String value = cookie.getValue();
    int dot = value.indexOf('.');
    return pool.preparedQuery(END)
        .execute(Tuple.of(value.substring(0, dot), hash(value.substring(dot + 1)))).mapEmpty();
  }

  private Cookie cookie(String value) {
    return Cookie.cookie(COOKIE, value).setPath("/").setHttpOnly(true).setSecure(secure)
        .setSameSite(CookieSameSite.STRICT);
  }

  private static boolean changesState(HttpMethod method) {
    return method != HttpMethod.GET && method != HttpMethod.HEAD && method != HttpMethod.OPTIONS;
  }

  private static Buffer hash(String secret) {
    return Buffer.buffer(TokenSecret.hash(secret));
  }

  /** Derived from the session's secret, so it needs no column and dies with the session. */
  private static String csrf(String secret) {
    byte[] digest = TokenSecret.hash("csrf:" + secret);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
  }

  /** A live session: who it is, and what a page needs to act in it. */
  record Session(String tenant, String role, String subject, String returnUrl, String expiresAt, String csrf) {

    JsonObject principal() {
      JsonObject claims = new JsonObject().put("role", role).put("sub", subject);
      return AdminJwtAuth.TENANT_ADMIN.equals(role) ? claims.put("tenant", tenant) : claims;
    }

    boolean csrfMatches(String header) {
      return header != null && MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8),
          csrf.getBytes(StandardCharsets.UTF_8));
    }

    JsonObject toJson() {
      JsonObject json = new JsonObject().put("role", role).put("subject", subject).put("expiresAt", expiresAt)
          .put("idleSeconds", IDLE_SECONDS).put("csrfToken", csrf).put("returnUrl", returnUrl);
      return AdminJwtAuth.TENANT_ADMIN.equals(role) ? json.put("tenant", tenant) : json;
    }
  }
}
