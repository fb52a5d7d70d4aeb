package dev.scimhub.auth;

import dev.scimhub.scim.ScimException;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.JWTAuthHandler;

/**
 * JWT authentication for the admin API: tokens signed HS256 with the configured secret, with a {@code role} claim
 * ({@code platform-admin} for {@code /admin}).
 */
public final class AdminJwtAuth {

  public static final String PLATFORM_ADMIN = "platform-admin";
  public static final String TENANT_ADMIN = "tenant-admin";

  private final JWTAuth provider;

  public AdminJwtAuth(Vertx vertx, String secret) {
    this.provider = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
  }

  /** Verifies the bearer JWT (signature, expiry); a bad one is a 401. */
  public Handler<RoutingContext> authenticate() {
    return JWTAuthHandler.create(provider);
  }

  /** Lets the request through only when the verified JWT carries {@code role: <role>}; otherwise 403. */
  public static Handler<RoutingContext> requireRole(String role) {
    return ctx -> {
      JsonObject claims = ctx.user() == null ? null : ctx.user().principal();
      if (claims == null || !role.equals(claims.getString("role"))) {
        ctx.fail(ScimException.forbidden("This endpoint needs a JWT with role '" + role + "'"));
        return;
      }
      ctx.next();
    };
  }

  /** Signs a JWT for the command line ({@code admin-token}) and tests. */
  public String mint(JsonObject claims, int ttlSeconds) {
    return provider.generateToken(claims, new JWTOptions().setAlgorithm("HS256").setExpiresInSeconds(ttlSeconds));
  }
}
