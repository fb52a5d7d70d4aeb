package dev.scimhub.http;

import dev.scimhub.Application;
import dev.scimhub.auth.AdminJwtAuth;
import dev.scimhub.auth.TenantTokenAuthHandler;
import dev.scimhub.group.GroupRoutes;
import dev.scimhub.scim.Dialect;
import dev.scimhub.scim.Scim11;
import dev.scimhub.scim.schema.DiscoveryRoutes;
import dev.scimhub.tenant.TenantRoutes;
import dev.scimhub.tenant.TenantStore;
import dev.scimhub.token.TokenRoutes;
import dev.scimhub.token.TokenStore;
import dev.scimhub.user.UserRoutes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import java.util.function.Function;

/** The whole route table. */
public final class Routes {

  private Routes() {}

  public static Router build(Vertx vertx, Pool pool, Application app) {
    BaseUrls urls = new BaseUrls(app.config().publicUrl());
    ScimFailureHandler failures = new ScimFailureHandler();
    AdminJwtAuth jwt = new AdminJwtAuth(vertx, app.jwtSecret(), app.config().jwtPublicKeys(),
        app.config().jwtPublicKeyAlgorithm());
    TenantStore tenants = new TenantStore(pool);
    TenantRoutes tenantRoutes = new TenantRoutes(tenants, urls, app.tokenCache());
    TokenRoutes tokenRoutes = new TokenRoutes(pool, app.tokenCache());

    Router router = Router.router(vertx);
    router.route().handler(new RequestLog());
    router.get("/health").handler(ctx -> Responses.json(ctx, 200, new JsonObject().put("status", "UP")));
    router.get("/ready").handler(ctx -> ready(ctx, pool));

    // A tenant's SCIM base URLs, 2.0 and (for Okta's SCIM 1.1 apps) 1.1, over the same data: its API token. Mounted
    // first because they carry nearly all the traffic and the router tries its routes in order.
    TenantTokenAuthHandler tenantAuth =
        new TenantTokenAuthHandler(new TokenStore(pool), app.tokenCache(), app.tokenUsage());
    router.route("/tenants/:tenant/scim/v2/*").subRouter(scim(vertx, pool, app, tenantAuth, failures,
        Dialect.SCIM_2, urls::scimV2));
    router.route("/tenants/:tenant/scim/v1/*").subRouter(scim(vertx, pool, app, tenantAuth, failures,
        Scim11.INSTANCE, urls::scimV1));

    // Platform admin API: a JWT with role platform-admin.
    Router admin = Router.router(vertx);
    admin.route().handler(body(app));
    admin.route().handler(jwt.authenticate());
    admin.route().handler(AdminJwtAuth.requireRole(AdminJwtAuth.PLATFORM_ADMIN));
    tenantRoutes.mount(admin);
    tokenRoutes.mount(admin, "/tenants/:tenant");
    admin.route().failureHandler(failures);
    router.route("/admin/*").subRouter(admin);

    // A tenant's self-service: a JWT with role tenant-admin for that tenant (or platform-admin).
    for (String path : new String[] {"/tenants/:tenant/tokens*", "/tenants/:tenant/audit"}) {
      router.route(path).handler(body(app)).handler(jwt.authenticate()).handler(AdminJwtAuth.requireTenantAccess());
    }
    tokenRoutes.mount(router, "/tenants/:tenant");
    router.get("/tenants/:tenant/audit").handler(tenantRoutes::audit);

    router.route().failureHandler(failures);
    for (int status : new int[] {400, 404, 405, 413, 415, 500}) {
      router.errorHandler(status, failures);
    }
    return router;
  }

  private static Router scim(Vertx vertx, Pool pool, Application app, TenantTokenAuthHandler tenantAuth,
      ScimFailureHandler failures, Dialect dialect, Function<String, String> baseUrl) {
    Router scim = Router.router(vertx);
    scim.route().handler(body(app));
    scim.route().handler(tenantAuth);
    int max = app.config().maxResults();
    new UserRoutes(pool, app.schemas().user(), baseUrl, max, dialect, app.pageCursors()).mount(scim);
    new GroupRoutes(pool, app.schemas().group(), baseUrl, max, dialect, app.pageCursors()).mount(scim);
    new DiscoveryRoutes(app.schemas(), ctx -> baseUrl.apply(ctx.get(TenantTokenAuthHandler.TENANT)), dialect)
        .mount(scim);
    scim.route().failureHandler(failures);
    return scim;
  }

  private static BodyHandler body(Application app) {
    return BodyHandler.create(false).setBodyLimit(app.config().maxBodyBytes());
  }

  private static void ready(RoutingContext ctx, Pool pool) {
    pool.query("SELECT 1").execute()
        .compose(ok -> Responses.json(ctx, 200, new JsonObject().put("status", "UP")))
        .recover(failure -> Responses.json(ctx, 503,
            new JsonObject().put("status", "DOWN").put("detail", "database unreachable")));
  }
}
