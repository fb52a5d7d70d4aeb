package dev.scimhub.auth;

import dev.scimhub.http.RequestKeys;
import dev.scimhub.scim.ScimException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.JWTAuthHandler;

/**
 * JWT authentication for the admin APIs: tokens signed HS256 with the configured secret or, in production, RS256 /
 * ES256 with a private key whose public half (PEM, JWK or JWKS) is configured — and then only those: with public keys
 * configured the shared secret signs nothing that is accepted, so a leaked data directory grants no admin access.
 * The {@code role} claim says what the
 * bearer may do: {@code platform-admin} everything under {@code /admin}; {@code tenant-admin} the self-service API of
 * the tenant named by its {@code tenant} claim.
 */
public final class AdminJwtAuth {

  public static final String PLATFORM_ADMIN = "platform-admin";
  public static final String TENANT_ADMIN = "tenant-admin";
  /** The vendor's app: reads events and state of every tenant, changes nothing. */
  public static final String APP = "app";
  /**
   * A one-time link into the platform console ({@code console-link}): it starts a platform-admin session once, and
   * no API accepts it as a bearer, because no route asks for this role.
   */
  public static final String CONSOLE_LINK = "console-link";

  private final JWTAuth provider;
  /** Whether this server holds the key its JWTs are verified with (HS256), so it can sign them too. */
  private final boolean signs;

  public AdminJwtAuth(Vertx vertx, String secret) {
    this(vertx, secret, null, null);
  }

  /**
   * @param publicKeys a PEM public key, a JWK, or a JWKS ({@code {"keys":[...]}}); null for none
   * @param publicKeyAlgorithm the algorithm of a PEM key: RS256 (default) or ES256
   */
  public AdminJwtAuth(Vertx vertx, String secret, String publicKeys, String publicKeyAlgorithm) {
    JWTAuthOptions options = new JWTAuthOptions();
    this.signs = publicKeys == null || publicKeys.isBlank();
    if (signs) {
      options.addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret));
    } else {
      String keys = publicKeys.trim();
      if (keys.startsWith("{")) {
        JsonObject json = new JsonObject(keys);
        if (json.containsKey("keys")) {
          json.getJsonArray("keys").forEach(key -> options.addJwk((JsonObject) key));
        } else {
          options.addJwk(json);
        }
      } else {
        options.addPubSecKey(new PubSecKeyOptions()
            .setAlgorithm(publicKeyAlgorithm == null ? "RS256" : publicKeyAlgorithm).setBuffer(keys));
      }
    }
    this.provider = JWTAuth.create(vertx, options);
  }

  /** Verifies the bearer JWT (signature, expiry); a bad one is a 401. */
  public Handler<RoutingContext> authenticate() {
    return JWTAuthHandler.create(provider);
  }

  /** Lets the request through only when the verified JWT carries {@code role: <role>}; otherwise 403. */
  public static Handler<RoutingContext> requireRole(String role) {
    return requireAnyRole(role);
  }

  /** Lets through a JWT whose {@code role} is one of {@code roles}; anyone else gets 403. */
  public static Handler<RoutingContext> requireAnyRole(String... roles) {
    java.util.List<String> allowed = java.util.List.of(roles);
    String names = "'" + String.join("' or '", allowed) + "'";
    return ctx -> {
      JsonObject claims = RequestKeys.principal(ctx);
      String role = claims == null ? null : claims.getString("role");
      if (role == null || !allowed.contains(role)) {
        ctx.fail(ScimException.forbidden("This endpoint needs a JWT with role " + names));
        return;
      }
      ctx.next();
    };
  }

  /**
   * Lets a platform admin through, and a tenant admin only for the tenant its {@code tenant} claim names (the path's
   * {@code :tenant}); anyone else gets 403.
   */
  public static Handler<RoutingContext> requireTenantAccess() {
    return ctx -> {
      JsonObject claims = RequestKeys.principal(ctx);
      String role = claims == null ? null : claims.getString("role");
      boolean platform = PLATFORM_ADMIN.equals(role);
      boolean ownTenant = TENANT_ADMIN.equals(role) && ctx.pathParam("tenant") != null
          && ctx.pathParam("tenant").equals(claims.getString("tenant"));
      if (!platform && !ownTenant) {
        ctx.fail(ScimException.forbidden("This JWT may not manage tenant '" + ctx.pathParam("tenant") + "'"));
        return;
      }
      ctx.next();
    };
  }

  /**
   * The claims of a JWT this server accepts (signature and expiry checked), for credentials that arrive outside an
   * Authorization header: a console link, a form that starts a console session.
   */
  public Future<JsonObject> verify(String jwt) {
    return provider.authenticate(new TokenCredentials(jwt))
        .map(user -> user.principal())
        .recover(e -> Future.failedFuture(ScimException.unauthorized("The JWT is not valid here: "
            + e.getMessage())));
  }

  /** Whether {@link #mint} can sign: only with the shared secret, not when public keys are configured. */
  public boolean signs() {
    return signs;
  }

  /** Signs a JWT for the command line ({@code admin-token}) and tests. */
  public String mint(JsonObject claims, int ttlSeconds) {
    if (!signs) {
      throw new IllegalStateException("auth.jwtPublicKeys is set: admin JWTs are signed with the matching private "
          + "key, outside scimhub");
    }
    return provider.generateToken(claims, new JWTOptions().setAlgorithm("HS256").setExpiresInSeconds(ttlSeconds));
  }
}
