package dev.scimhub.console;

import dev.scimhub.auth.AdminJwtAuth;
import dev.scimhub.http.QueryParams;
import dev.scimhub.http.RequestBodies;
import dev.scimhub.http.RequestKeys;
import dev.scimhub.http.Responses;
import dev.scimhub.scim.Ids;
import dev.scimhub.scim.ScimException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console under {@code /console}: its pages (static ES modules from the jar, which work over the same JSON APIs
 * as curl does), the doors into it (a tenant's portal link, a staff link, a JWT), and the session they start. Also the
 * admin API that makes links: {@code /admin/tenants/{id}/portal-links} and {@code /admin/console-links}.
 *
 * <p>A link is opened with GET and used with POST: the GET page only offers a button, so a mail scanner or a chat
 * preview that fetches the link does not spend it.
 */
public final class ConsoleRoutes {

  private static final Logger log = LoggerFactory.getLogger(ConsoleRoutes.class);
  /** No script but the console's own files, no inline script, no framing, no form posting elsewhere. */
  static final String CSP = "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self';"
      + " frame-ancestors 'none'";
  private static final Pattern LINK_SECRET = Pattern.compile("pl_[A-Za-z0-9_-]{43}");
  private static final Pattern JWT = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
  static final int STAFF_LINK_TTL_SECONDS = 15 * 60;

  private final PortalLinks links;
  private final ConsoleSessions sessions;
  private final AdminJwtAuth jwt;
  private final String publicUrl;

  public ConsoleRoutes(PortalLinks links, ConsoleSessions sessions, AdminJwtAuth jwt, String publicUrl) {
    this.links = links;
    this.sessions = sessions;
    this.jwt = jwt;
    this.publicUrl = publicUrl;
  }

  /** The pages and the doors, on the root router. */
  public void mount(Router router) {
    router.route("/console*").handler(ConsoleRoutes::securityHeaders);
    // The route "/console" matches "/console/" too: only the bare path is sent on, or the redirect would loop.
    router.get("/console").handler(ctx -> {
      if (ctx.request().path().equals("/console")) {
        ctx.redirect("/console/");
      } else {
        ctx.next();
      }
    });
    router.get("/console/link/:tenant/:secret").handler(this::offerLink);
    router.post("/console/link/:tenant/:secret").handler(this::useLink);
    router.get("/console/staff/:jwt").handler(this::offerStaffLink);
    router.post("/console/staff/:jwt").handler(this::useStaffLink);
    router.post("/console/sessions").handler(this::startFromJwt);
    router.get("/console/session").handler(this::session);
    router.post("/console/logout").handler(ctx -> sessions.end(ctx)
        .compose(v -> Responses.noContent(ctx)).onFailure(ctx::fail));
    router.get("/console/*").handler(StaticHandler.create("console").setCachingEnabled(false)
        .setDirectoryListing(false).setIndexPage("index.html"));
  }

  /** The admin API for links, on the {@code /admin} sub-router. */
  public void mountAdmin(Router admin) {
    admin.post("/tenants/:tenant/portal-links").handler(ctx -> Future.succeededFuture(ctx)
        .compose(c -> links.create(c.pathParam("tenant"), RequestBodies.object(c), RequestKeys.actor(c)))
        .compose(link -> {
          ctx.response().putHeader("Cache-Control", "no-store");
          return Responses.json(ctx, 201, link);
        })
        .onFailure(ctx::fail));
    admin.get("/tenants/:tenant/portal-links").handler(ctx -> links.list(ctx.pathParam("tenant"))
        .compose(list -> Responses.json(ctx, 200, new JsonObject().put("links", list)))
        .onFailure(ctx::fail));
    admin.delete("/tenants/:tenant/portal-links/:id").handler(ctx -> links
        .revoke(ctx.pathParam("tenant"), ctx.pathParam("id"), RequestKeys.actor(ctx))
        .compose(v -> Responses.noContent(ctx))
        .onFailure(ctx::fail));
    admin.post("/console-links").handler(ctx -> Future.succeededFuture(ctx)
        .map(c -> staffLink(RequestKeys.actor(c)))
        .compose(link -> {
          ctx.response().putHeader("Cache-Control", "no-store");
          return Responses.json(ctx, 201, link);
        })
        .onFailure(ctx::fail));
    admin.delete("/console-links/:id").handler(ctx -> links.revokeStaff(ctx.pathParam("id"), RequestKeys.actor(ctx))
        .compose(v -> Responses.noContent(ctx))
        .onFailure(ctx::fail));
  }

  /**
   * A one-time platform link: a JWT of role {@value AdminJwtAuth#CONSOLE_LINK}, valid for 15 minutes and once. Also
   * what {@code java -jar scimhub.jar console-link} prints.
   */
  public static JsonObject staffLink(AdminJwtAuth jwt, String publicUrl, String actor, int ttlSeconds) {
    if (!jwt.signs()) {
      throw ScimException.of(409, "auth.jwtPublicKeys is set, so this server signs no links: start a console session"
          + " with POST /console/sessions and a platform-admin JWT signed by your key");
    }
    String id = UUID.randomUUID().toString();
    String token = jwt.mint(new JsonObject().put("role", AdminJwtAuth.CONSOLE_LINK).put("sub", actor).put("jti", id),
        ttlSeconds);
    return new JsonObject().put("id", id).put("url", publicUrl + "/console/staff/" + token)
        .put("expiresAt", Instant.now().plusSeconds(ttlSeconds).toString());
  }

  private JsonObject staffLink(String actor) {
    return staffLink(jwt, publicUrl, actor, STAFF_LINK_TTL_SECONDS);
  }

  private void offerLink(RoutingContext ctx) {
    if (!wellFormed(ctx)) {
      refused(ctx);
      return;
    }
    page(ctx, 200, "Open the " + ctx.pathParam("tenant") + " console",
        "<p>This one-time link opens the identity-provider setup of <strong>" + ctx.pathParam("tenant")
            + "</strong>. It works once: continue only in the browser you want to use.</p>"
            + "<form method=\"post\"><button type=\"submit\" class=\"primary\">Continue</button></form>");
  }

  private void useLink(RoutingContext ctx) {
    if (!wellFormed(ctx)) {
      refused(ctx);
      return;
    }
    String tenant = ctx.pathParam("tenant");
    links.redeem(tenant, ctx.pathParam("secret"))
        .compose(link -> {
          if (link == null) {
            log.info("console: a portal link of tenant {} was refused (expired, used, revoked or unknown)", tenant);
            refused(ctx);
            return Future.succeededFuture();
          }
          log.info("console: portal link {} of tenant {} started a session ({})", link.id(), tenant, link.intent());
          return sessions.start(ctx, tenant, AdminJwtAuth.TENANT_ADMIN, "portal-link:" + link.id(), link.id(),
                  link.returnUrl())
              .map(v -> {
                seeOther(ctx, "/console/#/t/" + tenant + "/" + link.intent());
                return null;
              });
        })
        .onFailure(ctx::fail);
  }

  private void offerStaffLink(RoutingContext ctx) {
    if (!JWT.matcher(ctx.pathParam("jwt")).matches()) {
      refused(ctx);
      return;
    }
    page(ctx, 200, "Open the scimhub console",
        "<p>This one-time link signs you in to the platform console. It works once and for 15 minutes.</p>"
            + "<form method=\"post\"><button type=\"submit\" class=\"primary\">Continue</button></form>");
  }

  private void useStaffLink(RoutingContext ctx) {
    String token = ctx.pathParam("jwt");
    if (!JWT.matcher(token).matches()) {
      refused(ctx);
      return;
    }
    jwt.verify(token)
        .compose(claims -> {
          UUID id = Ids.parse(claims.getString("jti"));
          if (!AdminJwtAuth.CONSOLE_LINK.equals(claims.getString("role")) || id == null) {
            return Future.succeededFuture((UUID) null);
          }
          OffsetDateTime expires = OffsetDateTime.ofInstant(Instant.ofEpochSecond(claims.getLong("exp", 0L)),
              ZoneOffset.UTC);
          return links.redeemStaff(id, claims.getString("sub", "console-link"), expires).map(first -> first ? id : null);
        }, e -> Future.succeededFuture(null))
        .compose(id -> {
          if (id == null) {
            log.info("console: a staff link was refused (expired, used, revoked or not a console link)");
            refused(ctx);
            return Future.succeededFuture();
          }
          log.info("console: staff link {} started a platform session", id);
          return sessions.start(ctx, PortalLinks.STAFF, AdminJwtAuth.PLATFORM_ADMIN, "console-link:" + id, null, null)
              .map(v -> {
                seeOther(ctx, "/console/#/tenants");
                return null;
              });
        })
        .onFailure(ctx::fail);
  }

  /**
   * The vendor's app, holding a tenant-admin (or platform-admin) JWT, starts a session without a link: a form post
   * with {@code token}, or {@code Authorization: Bearer}. A form is answered with a redirect into the console.
   */
  private void startFromJwt(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    // A form of one field, read here rather than by vert.x's form decoder (whose size limit failed with a 500).
    long length = ctx.request().headers().contains("Content-Length")
        ? parseLength(ctx.request().getHeader("Content-Length")) : 0;
    if (length > MAX_FORM_BYTES || length < 0) {
      ctx.fail(ScimException.of(413, "A console sign-in form holds one JWT of at most " + MAX_FORM_BYTES + " bytes"));
      return;
    }
    ctx.request().body()
        .onSuccess(body -> startFromJwt(ctx, header, body.length() > MAX_FORM_BYTES ? null : formField(body, "token")))
        .onFailure(ctx::fail);
  }

  private static final int MAX_FORM_BYTES = 16 * 1024;

  private static long parseLength(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String formField(io.vertx.core.buffer.Buffer body, String name) {
    for (String pair : body.toString(java.nio.charset.StandardCharsets.UTF_8).split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        try {
          return java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          return null;
        }
      }
    }
    return null;
  }

  private void startFromJwt(RoutingContext ctx, String header, String form) {
    String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim()
        : form;
    if (token == null || token.isBlank()) {
      ctx.fail(ScimException.unauthorized("Start a console session with a JWT: Authorization: Bearer, or a form"
          + " field 'token'"));
      return;
    }
    jwt.verify(token)
        .compose(claims -> {
          String role = claims.getString("role");
          String tenant = claims.getString("tenant");
          String subject = claims.getString("sub", "jwt");
          if (AdminJwtAuth.PLATFORM_ADMIN.equals(role)) {
            return sessions.start(ctx, PortalLinks.STAFF, role, subject, null, null).map("/console/#/tenants");
          }
          if (AdminJwtAuth.TENANT_ADMIN.equals(role) && tenant != null && QueryParams.tenantId(tenant)) {
            return sessions.start(ctx, tenant, role, subject, null, null).map("/console/#/t/" + tenant + "/setup");
          }
          return Future.failedFuture(ScimException.forbidden("A console session needs a JWT with role"
              + " 'tenant-admin' (and its 'tenant') or 'platform-admin'"));
        })
        .compose(location -> {
          if (form != null && header == null) {
            seeOther(ctx, location);
            return Future.succeededFuture();
          }
          return Responses.json(ctx, 201, new JsonObject().put("location", location));
        })
        .onFailure(ctx::fail);
  }

  private void session(RoutingContext ctx) {
    io.vertx.core.http.Cookie cookie = ctx.request().getCookie(ConsoleSessions.COOKIE);
    sessions.current(cookie == null ? null : cookie.getValue())
        .compose(session -> {
          ctx.response().putHeader("Cache-Control", "no-store");
          if (session == null) {
            return Future.failedFuture(ScimException.unauthorized("No console session: open the link you were sent"));
          }
          return Responses.json(ctx, 200, session.toJson());
        })
        .onFailure(ctx::fail);
  }

  private static boolean wellFormed(RoutingContext ctx) {
    return QueryParams.tenantId(ctx.pathParam("tenant")) && LINK_SECRET.matcher(ctx.pathParam("secret")).matches();
  }

  /** Expired, used, revoked and unknown links look the same, so a link's state cannot be probed. */
  private static void refused(RoutingContext ctx) {
    page(ctx, 410, "This link cannot be used",
        "<p>This link has expired, has been used already, or was revoked. Ask whoever sent it for a new one.</p>");
  }

  private static void seeOther(RoutingContext ctx, String location) {
    ctx.response().setStatusCode(303).putHeader("Location", location).end();
  }

  /** A small page of fixed text; the only variable in it, a tenant id, was checked to be [a-z0-9-]. */
  private static void page(RoutingContext ctx, int status, String title, String body) {
    ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<title>" + title + " · scimhub</title><link rel=\"stylesheet\" href=\"/console/console.css\"></head>"
            + "<body><main class=\"door\"><h1>" + title + "</h1>" + body + "</main></body></html>");
  }

  private static void securityHeaders(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY")
        // A link's secret is in its URL: no page may pass it on as a referrer.
        .putHeader("Referrer-Policy", "no-referrer");
    ctx.next();
  }
}
