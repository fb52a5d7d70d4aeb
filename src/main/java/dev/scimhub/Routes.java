package dev.scimhub;

import dev.scimhub.auth.AdminJwtAuth;
import dev.scimhub.bulk.BulkRoutes;
import dev.scimhub.discovery.DiscoveryRoutes;
import dev.scimhub.event.EventRoutes;
import dev.scimhub.event.WebhookRoutes;
import dev.scimhub.group.EntitlementRoutes;
import dev.scimhub.group.GroupRoutes;
import dev.scimhub.group.LicenseRoutes;
import dev.scimhub.http.AccessLog;
import dev.scimhub.http.MethodNotAllowed;
import dev.scimhub.http.ScimBase;
import dev.scimhub.http.ScimFailureHandler;
import dev.scimhub.scim.Dialect;
import dev.scimhub.scim.Scim11;
import dev.scimhub.scim.ScimException;
import dev.scimhub.tenant.TenantRoutes;
import dev.scimhub.tenant.TenantSchemaRoutes;
import dev.scimhub.token.TenantTokenAuthHandler;
import dev.scimhub.token.TokenRoutes;
import dev.scimhub.user.UserRoutes;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/** The whole route table: which feature answers where, behind which credential, with which error dialect. */
final class Routes {

  static final long ADMIN_MAX_BODY_BYTES = 64 * 1024;
  /** Five members of at most 8 KiB each (the filter's limit), even with every character escaped in six bytes. */
  static final long SEARCH_MAX_BODY_BYTES = 256 * 1024;

  private Routes() {}

  static Router build(Vertx vertx, Application app) {
    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      app.connections().requestStarted(ctx.request());
      ctx.next();
    });
    router.route().handler(new AccessLog());
    router.route().handler(app.loadShedding());
    app.health().mount(router);
    app.openApi().mount(router);
    app.metrics().mount(router);

    // A tenant's SCIM base URLs, 2.0 and (for Okta's SCIM 1.1 apps) 1.1, over the same data: its API token. Mounted
    // first because they carry nearly all the traffic and the router tries its routes in order.
    int max = app.config().maxResults();
    router.route("/tenants/:tenant/scim/v2/*")
        .subRouter(scim(vertx, app, new ScimBase(Dialect.SCIM_2, app.urls()::scimV2, max)));
    router.route("/tenants/:tenant/scim/v1/*")
        .subRouter(scim(vertx, app, new ScimBase(Scim11.INSTANCE, app.urls()::scimV1, max)));
    // The base URL itself, with no resource after it (a base URL pasted into a browser or a client that appends
    // nothing): a SCIM 404 that says where the resources are.
    baseUrl(router, "/tenants/:tenant/scim/v2", Dialect.SCIM_2, app);
    baseUrl(router, "/tenants/:tenant/scim/v1", Scim11.INSTANCE, app);

    // Platform admin API: a JWT with role platform-admin.
    TokenRoutes tokens = new TokenRoutes(app.tokens());
    TenantRoutes tenants = new TenantRoutes(app.tenants(), app.audit(), app.urls());
    Router admin = Router.router(vertx);
    // Credentials first, body after: separate routes, because vertx-web keeps body handlers ahead of others on one.
    // A console session of platform staff stands in for the JWT.
    admin.route().handler(app.consoleSessions().orJwt(app.jwt().authenticate()))
        .handler(AdminJwtAuth.requireRole(AdminJwtAuth.PLATFORM_ADMIN));
    admin.route().handler(adminBody());
    tenants.mount(admin);
    tokens.mount(admin, "/tenants/:tenant");
    new WebhookRoutes(app.webhooks().store()).mount(admin);
    LicenseRoutes licenses = new LicenseRoutes(app.groups().licenses());
    licenses.mount(admin, "/tenants/:tenant");
    TenantSchemaRoutes customSchemas = new TenantSchemaRoutes(app.tenantSchemas());
    customSchemas.mount(admin, "/tenants/:tenant");
    app.activity().routes().mount(admin, "/tenants/:tenant");
    app.console().mountAdmin(admin);
    closed(admin, ScimFailureHandler.json(app.outage()::unavailable));
    router.route("/admin/*").subRouter(admin);

    // The vendor's app: events (and, to come, state) of every tenant, with a JWT of role app (or platform-admin).
    Router api = Router.router(vertx);
    api.route().handler(app.jwt().authenticate())
        .handler(AdminJwtAuth.requireAnyRole(AdminJwtAuth.APP, AdminJwtAuth.PLATFORM_ADMIN));
    EventRoutes events = new EventRoutes(app.eventFeed(), app.state());
    events.mount(api);
    licenses.mountReads(api, "/tenants/:tenant");
    closed(api, ScimFailureHandler.json(app.outage()::unavailable));
    router.route("/api/*").subRouter(api);

    // A tenant's self-service: a JWT with role tenant-admin for that tenant (or platform-admin), or a console session
    // of one of them.
    for (String path : new String[] {"/tenants/:tenant/tokens*", "/tenants/:tenant/audit",
        "/tenants/:tenant/requests*", "/tenants/:tenant/health", "/tenants/:tenant/licenses*",
        "/tenants/:tenant/schemas*", "/tenants/:tenant/settings", "/tenants/:tenant/directory/*"}) {
      router.route(path).handler(app.consoleSessions().orJwt(app.jwt().authenticate()))
          .handler(AdminJwtAuth.requireTenantAccess());
      router.route(path).handler(adminBody());
    }
    tokens.mount(router, "/tenants/:tenant");
    router.get("/tenants/:tenant/audit").handler(tenants::audit);
    app.activity().routes().mount(router, "/tenants/:tenant");
    licenses.mount(router, "/tenants/:tenant");
    customSchemas.mount(router, "/tenants/:tenant");
    tenants.mountSelfService(router, "/tenants/:tenant");
    // The directory as the tenant's admin sees it in the console: read-only, the state API's pages.
    events.mountState(router, "/tenants/:tenant/directory");

    // The console: its pages and the links and sessions into it.
    app.console().mount(router);

    MethodNotAllowed.mount(router);
    ScimFailureHandler failures = ScimFailureHandler.json(app.outage()::unavailable);
    router.route().failureHandler(failures);
    for (int status : new int[] {400, 404, 405, 413, 415, 500}) {
      router.errorHandler(status, failures);
    }
    return router;
  }

  private static Router scim(Vertx vertx, Application app, ScimBase base) {
    Router scim = Router.router(vertx);
    // The request log sees every request of the base URL, refused ones included.
    scim.route().handler(app.activity().recorder());
    // Credentials first: a request without a valid token is refused before its body is read.
    scim.route().handler(new TenantTokenAuthHandler(app.tokens(), app.tokenCache(), app.tokenUsage()));
    scim.route().handler(app.rateLimit());
    // A SearchRequest holds a filter and a few short members: a body far beyond that is refused from its
    // Content-Length, before a byte of it is read or parsed.
    BodyHandler resources = BodyHandler.create(false).setBodyLimit(app.config().maxBodyBytes());
    BodyHandler searches = BodyHandler.create(false).setBodyLimit(SEARCH_MAX_BODY_BYTES);
    scim.route().handler(ctx -> (ctx.request().path().endsWith("/.search") ? searches : resources).handle(ctx));
    new UserRoutes(app.users(), base).mount(scim);
    new GroupRoutes(app.groups(), base).mount(scim);
    new DiscoveryRoutes(app.schemas(), base).mount(scim);
    if (base.dialect() == Dialect.SCIM_2) {
      new BulkRoutes(app.users(), app.groups(), base).mount(scim);
      new EntitlementRoutes(app.groups().licenses(), app.schemas().entitlements(), base).mount(scim);
    }
    // RFC 7644 section 3.11: a provider without /Me answers 501. A token here is a connection, not a user.
    for (String me : new String[] {"/Me", "/Me/*"}) {
      scim.route(me).handler(ctx -> ctx.fail(ScimException.of(501, "/Me is not supported: a SCIM token of this"
          + " tenant authenticates an identity provider's connection, not a user")));
    }
    closed(scim, ScimFailureHandler.scim(base.dialect(), app.outage()::unavailable));
    return scim;
  }

  private static void baseUrl(Router router, String path, Dialect dialect, Application app) {
    router.route(path)
        .handler(app.activity().recorder())
        .handler(ctx -> ctx.fail(ScimException.of(404, "This is the SCIM base URL of tenant '"
            + ctx.pathParam("tenant") + "': its resources are /Users, /Groups, /Schemas, /ResourceTypes and"
            + " /ServiceProviderConfig under it")))
        .failureHandler(ScimFailureHandler.scim(dialect, app.outage()::unavailable));
  }

  /**
   * Ends a sub-router: a known path with another method is 405, an unknown path 404, and every failure is written by
   * the router's own handler, in its dialect.
   */
  private static void closed(Router router, ScimFailureHandler failures) {
    MethodNotAllowed.mount(router);
    router.route().handler(ctx -> ctx.fail(404));
    router.route().failureHandler(failures);
  }

  /** Admin and self-service bodies are small documents (a tenant, a label, settings). */
  private static BodyHandler adminBody() {
    return BodyHandler.create(false).setBodyLimit(ADMIN_MAX_BODY_BYTES);
  }
}
