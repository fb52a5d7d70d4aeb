package dev.scimhub.tenant;

import dev.scimhub.auth.AdminJwtAuth;
import dev.scimhub.db.SqlState;
import dev.scimhub.http.BaseUrls;
import dev.scimhub.http.RequestBodies;
import dev.scimhub.http.Responses;
import dev.scimhub.scim.Paging;
import dev.scimhub.scim.ScimException;
import dev.scimhub.token.TokenCache;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.regex.Pattern;

/** The platform admin's tenant API under {@code /admin/tenants}: onboarding, changes, suspension, offboarding. */
public final class TenantRoutes {

  /** Lowercase letters, digits and '-', 2-63 characters, no '-' at either end; Okta rejects '_' in base URLs. */
  static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,61}[a-z0-9]");
  static final String FIRST_TOKEN_LABEL = "default";
  private static final int MAX_PAGE = 1000;
  private static final Set<String> STATUSES = Set.of("active", "suspended");

  private final TenantStore tenants;
  private final BaseUrls urls;
  private final TokenCache tokenCache;

  public TenantRoutes(TenantStore tenants, BaseUrls urls, TokenCache tokenCache) {
    this.tenants = tenants;
    this.urls = urls;
    this.tokenCache = tokenCache;
  }

  public void mount(Router admin) {
    admin.post("/tenants").handler(this::create);
    admin.get("/tenants").handler(this::list);
    admin.get("/tenants/:tenant").handler(this::get);
    admin.patch("/tenants/:tenant").handler(this::update);
    admin.delete("/tenants/:tenant").handler(this::delete);
    admin.get("/tenants/:tenant/audit").handler(this::audit);
  }

  /** The audit trail of a tenant, newest first; also served to the tenant's own admins. */
  public void audit(RoutingContext ctx) {
    String id = ctx.pathParam("tenant");
    Paging paging = Paging.of(ctx.queryParams().get("startIndex"), ctx.queryParams().get("count"), MAX_PAGE);
    AuditLog.page(tenants.pool(), id, paging.startIndex(), paging.count())
        .compose(page -> Responses.json(ctx, 200, page))
        .onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    JsonObject body;
    try {
      body = RequestBodies.object(ctx);
    } catch (ScimException e) {
      ctx.fail(e);
      return;
    }
    Object id = body.getValue("id");
    Object name = body.getValue("name");
    if (!(id instanceof String tenantId) || !TENANT_ID.matcher(tenantId).matches()) {
      ctx.fail(ScimException.invalidValue(
          "'id' must be 2-63 lowercase letters, digits or '-', starting and ending with a letter or digit"));
      return;
    }
    if (!(name instanceof String tenantName) || tenantName.isBlank()) {
      ctx.fail(ScimException.invalidValue("'name' is required"));
      return;
    }
    tenants.create(tenantId, tenantName.trim(), FIRST_TOKEN_LABEL, AdminJwtAuth.actor(ctx))
        .recover(failure -> SqlState.is(failure, SqlState.UNIQUE_VIOLATION)
            ? Future.failedFuture(ScimException.conflict("Tenant '" + tenantId + "' already exists"))
            : Future.failedFuture(failure))
        .compose(onboarded -> {
          JsonObject json = onboarded.tenant().toJson(urls.scimV2(tenantId))
              .put("token", onboarded.token().toJson());
          ctx.response().putHeader("Location", "/admin/tenants/" + tenantId);
          // The token value is in this body only; nothing on the way may keep it.
          ctx.response().putHeader("Cache-Control", "no-store");
          return Responses.json(ctx, 201, json);
        })
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    Paging paging = Paging.of(ctx.queryParams().get("startIndex"), ctx.queryParams().get("count"), MAX_PAGE);
    tenants.page(paging.startIndex(), paging.count())
        .compose(page -> {
          JsonArray items = new JsonArray();
          page.tenants().forEach(t -> items.add(t.toJson(urls.scimV2(t.id()))));
          return Responses.json(ctx, 200, new JsonObject()
              .put("totalResults", page.total())
              .put("startIndex", paging.startIndex())
              .put("itemsPerPage", items.size())
              .put("tenants", items));
        })
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    String id = ctx.pathParam("tenant");
    tenants.find(id)
        .compose(tenant -> tenant == null ? Future.failedFuture(notFound(id))
            : Responses.json(ctx, 200, tenant.toJson(urls.scimV2(id))))
        .onFailure(ctx::fail);
  }

  /** {@code {"name"?, "status"?: "active"|"suspended", "settings"?: {...}}}; a suspended tenant's SCIM calls get 403. */
  private void update(RoutingContext ctx) {
    String id = ctx.pathParam("tenant");
    JsonObject body;
    try {
      body = RequestBodies.object(ctx);
    } catch (ScimException e) {
      ctx.fail(e);
      return;
    }
    Object name = body.getValue("name");
    Object status = body.getValue("status");
    Object settings = body.getValue("settings");
    if (name != null && (!(name instanceof String n) || n.isBlank())) {
      ctx.fail(ScimException.invalidValue("'name' must be a non-empty string"));
      return;
    }
    if (status != null && !STATUSES.contains(status)) {
      ctx.fail(ScimException.invalidValue("'status' must be 'active' or 'suspended'"));
      return;
    }
    if (settings != null && !(settings instanceof JsonObject)) {
      ctx.fail(ScimException.invalidValue("'settings' must be a JSON object"));
      return;
    }
    tenants.update(id, name == null ? null : ((String) name).trim(), (String) status, (JsonObject) settings,
            AdminJwtAuth.actor(ctx))
        .compose(tenant -> {
          // Other nodes hear of it by NOTIFY; this one must not answer a single request from its cache first.
          tokenCache.forgetTenant(id);
          return tenant == null ? Future.failedFuture(notFound(id))
              : Responses.json(ctx, 200, tenant.toJson(urls.scimV2(id)));
        })
        .onFailure(ctx::fail);
  }

  /** Offboarding removes every row of the tenant; {@code ?confirm=<id>} guards against a slip. */
  private void delete(RoutingContext ctx) {
    String id = ctx.pathParam("tenant");
    if (!id.equals(ctx.queryParams().get("confirm"))) {
      ctx.fail(ScimException.invalidValue(
          "Deleting a tenant removes all its users, groups and tokens; confirm with ?confirm=" + id));
      return;
    }
    tenants.delete(id, AdminJwtAuth.actor(ctx))
        .compose(found -> {
          tokenCache.forgetTenant(id);
          return found ? Responses.noContent(ctx) : Future.failedFuture(notFound(id));
        })
        .onFailure(ctx::fail);
  }

  static ScimException notFound(String id) {
    return ScimException.notFound("Tenant '" + id + "'");
  }
}
