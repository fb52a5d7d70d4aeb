package dev.scimhub.token;

import dev.scimhub.event.IdentityProvider;
import dev.scimhub.event.Origin;
import dev.scimhub.http.QueryParams;
import dev.scimhub.http.RequestFacts;
import dev.scimhub.http.RequestKeys;
import dev.scimhub.scim.ScimException;
import dev.scimhub.tenant.TenantContext;
import dev.scimhub.token.TokenStore.Authenticated;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Authenticates a tenant's SCIM calls by its API token: {@code Authorization: Bearer <token>}, or the bare token that
 * Okta's header-auth apps send. A missing, unknown, revoked or other tenant's token gets the same 401, whether or not
 * the tenant exists, so the answer reveals nothing. A suspended tenant gets 403. An admitted request carries its
 * {@link TenantContext}, settings included, read with the token. It runs before the body is read, so a refused
 * request costs no body.
 */
public final class TenantTokenAuthHandler implements Handler<RoutingContext> {

  private static final String REJECTED = "Missing or invalid API token";

  private final TokenStore tokens;
  private final TokenCache cache;
  private final TokenUsage usage;

  public TenantTokenAuthHandler(TokenStore tokens, TokenCache cache, TokenUsage usage) {
    this.tokens = tokens;
    this.cache = cache;
    this.usage = usage;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String tenant = ctx.pathParam("tenant");
    String header = ctx.request().getHeader("Authorization");
    String token = presentedToken(header);
    if (token == null || !QueryParams.tenantId(tenant)) {
      refuse(ctx, header == null ? "no Authorization header"
          : token == null ? "Authorization header without a Bearer token" : "no such tenant");
      return;
    }
    byte[] hash = TokenSecret.hash(token);
    Authenticated cached = cache.get(hash);
    if (cached != null) {
      admit(ctx, tenant, cached, hash);
      return;
    }
    // The body is read only after authentication: hold it back while the check waits for the database.
    boolean pause = !ctx.request().isEnded();
    if (pause) {
      ctx.request().pause();
    }
    tokens.authenticate(tenant, hash)
        .onSuccess(found -> {
          if (found != null) {
            cache.put(hash, found);
          }
          if (pause && found != null && found.tenant().equals(tenant)) {
            ctx.request().resume();
          }
          admit(ctx, tenant, found, hash);
        })
        .onFailure(ctx::fail);
  }

  private void admit(RoutingContext ctx, String tenant, Authenticated token, byte[] hash) {
    // A cached entry is keyed by the token alone; it admits only the tenant it belongs to.
    if (token == null && RequestFacts.of(ctx) != null) {
      // Only where the request log wants to know why: one indexed look-up, off the admitted path.
      tokens.diagnose(tenant, hash).onComplete(reason -> refuse(ctx, reason.succeeded() ? reason.result() : null));
    } else if (token == null || !token.tenant().equals(tenant)) {
      refuse(ctx, token == null ? null : "token of another tenant");
    } else if (!"active".equals(token.tenantStatus())) {
      RequestFacts.connection(ctx, token.tokenId().toString(), token.tokenLabel(), idp(ctx), 1,
          token.settings().requestLog());
      RequestFacts.authFailure(ctx, "tenant suspended", idp(ctx));
      ctx.fail(ScimException.forbidden("Tenant '" + tenant + "' is suspended; provisioning is paused"));
    } else {
      usage.used(tenant, token.tokenId());
      String idp = idp(ctx);
      RequestFacts facts = RequestFacts.of(ctx);
      RequestFacts.connection(ctx, token.tokenId().toString(), token.tokenLabel(), idp,
          token.settings().requestLogGetSample(), token.settings().requestLog());
      Origin origin = Origin.connection(RequestKeys.requestId(ctx), token.tokenId().toString(), token.tokenLabel(),
          idp, token.settings().silent(), facts);
      new TenantContext(tenant, token.settings(), origin, RequestFacts.quirks(ctx), token.types()).admit(ctx);
      ctx.next();
    }
  }

  private static void refuse(RoutingContext ctx, String reason) {
    RequestFacts.authFailure(ctx, reason, idp(ctx));
    ctx.fail(ScimException.unauthorized(REJECTED));
  }

  private static String idp(RoutingContext ctx) {
    return IdentityProvider.detect(ctx.request().getHeader("User-Agent")).wire();
  }

  /** The token from the header: after "Bearer " (any case), or the whole header when it has no scheme. */
  static String presentedToken(String header) {
    if (header == null) {
      return null;
    }
    String value = header.trim();
    int space = value.indexOf(' ');
    if (space > 0) {
      if (!value.substring(0, space).equalsIgnoreCase("Bearer")) {
        return null;
      }
      value = value.substring(space + 1).trim();
    }
    return value.isEmpty() || value.length() > 512 ? null : value;
  }
}
