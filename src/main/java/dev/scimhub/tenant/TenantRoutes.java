package dev.scimhub.tenant;

import dev.scimhub.audit.AuditLog;
import dev.scimhub.event.Origin;
import dev.scimhub.http.BaseUrls;
import dev.scimhub.http.QueryParams;
import dev.scimhub.http.RequestBodies;
import dev.scimhub.http.RequestKeys;
import dev.scimhub.http.Responses;
import dev.scimhub.scim.Paging;
import dev.scimhub.scim.ScimException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * The platform admin's tenant API under {@code /admin/tenants}: onboarding, changes, suspension, offboarding; and a
 * tenant's audit trail, also served to its own admins.
 */
public final class TenantRoutes {

  /** Lowercase letters, digits and '-', 2-63 characters, no '-' at either end; Okta rejects '_' in base URLs. */
  static final String FIRST_TOKEN_LABEL = "default";
  private static final int MAX_PAGE = 1000;
  private static final Set<String> STATUSES = Set.of("active", "suspended");

  private final TenantStore tenants;
  private final AuditLog audit;
  private final BaseUrls urls;

  public TenantRoutes(TenantStore tenants, AuditLog audit, BaseUrls urls) {
    this.tenants = tenants;
    this.audit = audit;
    this.urls = urls;
  }

  public void mount(Router admin) {
    admin.post("/tenants").handler(this::create);
    admin.get("/tenants").handler(this::list);
    admin.get("/tenants/:tenant").handler(this::get);
    admin.patch("/tenants/:tenant").handler(this::update);
    admin.delete("/tenants/:tenant").handler(this::delete);
    admin.get("/tenants/:tenant/audit").handler(this::audit);
  }

  /**
   * The tenant's own admins: {@code GET {prefix}/settings} (the tenant as the admin API shows it) and
   * {@code PATCH {prefix}/settings} with the settings they may choose ({@link #SELF_SERVICE_SETTINGS}), merged into
   * the stored ones. The rate limit stays the platform's to set.
   */
  public void mountSelfService(Router router, String prefix) {
    router.get(prefix + "/settings").handler(this::get);
    router.patch(prefix + "/settings").handler(this::updateOwnSettings);
  }

  static final Set<String> SELF_SERVICE_SETTINGS = Set.of("compatibility", "silentProvisioning", "managerResolution",
      "profileMapping", "requestLog", "requestLogGetSample", "requestLogRetentionDays");

  private void updateOwnSettings(RoutingContext ctx) {
    String id = ctx.pathParam("tenant");
    Future.succeededFuture(ctx)
        .map(RequestBodies::object)
        .compose(change -> {
          for (String key : change.fieldNames()) {
            if (!SELF_SERVICE_SETTINGS.contains(key)) {
              return Future.failedFuture(ScimException.invalidValue("'" + key + "' is not a setting a tenant's admin"
                  + " may change; these are: " + String.join(", ", new java.util.TreeSet<>(SELF_SERVICE_SETTINGS))));
            }
          }
          return tenants.find(id).compose(current -> {
            JsonObject merged = current.settings().copy();
            change.forEach(entry -> {
              if (entry.getValue() == null) {
                merged.remove(entry.getKey());
              } else {
                merged.put(entry.getKey(), entry.getValue());
              }
            });
            return tenants.update(id, null, null, TenantSettings.validate(merged), origin(ctx));
          });
        })
        .compose(tenant -> Responses.json(ctx, 200, tenant.toJson(urls.scimV2(id))))
        .onFailure(ctx::fail);
  }

  /** The audit trail of a tenant, newest first; also served to the tenant's own admins. */
  public void audit(RoutingContext ctx) {
    Future.succeededFuture(ctx)
        .map(TenantRoutes::paging)
        .compose(paging -> audit.page(ctx.pathParam("tenant"), paging.startIndex(), paging.count()))
        .compose(page -> Responses.json(ctx, 200, page))
        .onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    Future.succeededFuture(ctx)
        .map(c -> NewTenant.of(RequestBodies.object(c)))
        .compose(tenant -> tenants.create(tenant.id(), tenant.name(), FIRST_TOKEN_LABEL, origin(ctx)))
        .compose(onboarded -> {
          String id = onboarded.tenant().id();
          JsonObject json = onboarded.tenant().toJson(urls.scimV2(id)).put("token", onboarded.token());
          ctx.response().putHeader("Location", "/admin/tenants/" + id);
          // The token value is in this body only; nothing on the way may keep it.
          ctx.response().putHeader("Cache-Control", "no-store");
          return Responses.json(ctx, 201, json);
        })
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    Future.succeededFuture(ctx)
        .map(TenantRoutes::paging)
        .compose(paging -> tenants.page(paging.startIndex(), paging.count()).compose(page -> {
          JsonArray items = new JsonArray();
          page.tenants().forEach(t -> items.add(t.toJson(urls.scimV2(t.id()))));
          return Responses.json(ctx, 200, new JsonObject()
              .put("totalResults", page.total())
              .put("startIndex", paging.startIndex())
              .put("itemsPerPage", items.size())
              .put("tenants", items));
        }))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    String id = ctx.pathParam("tenant");
    tenants.find(id)
        .compose(tenant -> Responses.json(ctx, 200, tenant.toJson(urls.scimV2(id))))
        .onFailure(ctx::fail);
  }

  /** {@code {"name"?, "status"?: "active"|"suspended", "settings"?: {...}}}; a suspended tenant's SCIM calls: 403. */
  private void update(RoutingContext ctx) {
    String id = ctx.pathParam("tenant");
    Future.succeededFuture(ctx)
        .map(c -> TenantChange.of(RequestBodies.object(c)))
        .compose(change -> tenants.update(id, change.name(), change.status(), change.settings(),
            origin(ctx)))
        .compose(tenant -> Responses.json(ctx, 200, tenant.toJson(urls.scimV2(id))))
        .onFailure(ctx::fail);
  }

  /** Offboarding removes every row of the tenant; {@code ?confirm=<id>} guards against a slip. */
  private void delete(RoutingContext ctx) {
    String id = ctx.pathParam("tenant");
    Future.succeededFuture(ctx)
        .map(c -> {
          if (!id.equals(c.queryParams().get("confirm"))) {
            throw ScimException.invalidValue(
                "Deleting a tenant removes all its users, groups and tokens; confirm with ?confirm=" + id);
          }
          return id;
        })
        .compose(confirmed -> tenants.delete(confirmed, origin(ctx)))
        .compose(v -> Responses.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private static Paging paging(RoutingContext ctx) {
    return Paging.of(ctx.queryParams().get("startIndex"), ctx.queryParams().get("count"), MAX_PAGE);
  }

  /** The body of {@code POST /admin/tenants}. */
  private record NewTenant(String id, String name) {

    static NewTenant of(JsonObject body) {
      if (!(body.getValue("id") instanceof String id) || !QueryParams.tenantId(id)) {
        throw ScimException.invalidValue(
            "'id' must be 2-63 lowercase letters, digits or '-', starting and ending with a letter or digit");
      }
      if (!(body.getValue("name") instanceof String name) || name.isBlank()) {
        throw ScimException.invalidValue("'name' is required");
      }
      return new NewTenant(id, name.trim());
    }
  }

  /** The body of {@code PATCH /admin/tenants/{id}}; a field left out is null and stays as it is. */
  private record TenantChange(String name, String status, TenantSettings settings) {

    static TenantChange of(JsonObject body) {
      Object name = body.getValue("name");
      Object status = body.getValue("status");
      Object settings = body.getValue("settings");
      if (name != null && (!(name instanceof String n) || n.isBlank())) {
        throw ScimException.invalidValue("'name' must be a non-empty string");
      }
      if (status != null && !STATUSES.contains(status)) {
        throw ScimException.invalidValue("'status' must be 'active' or 'suspended'");
      }
      if (settings != null && !(settings instanceof JsonObject)) {
        throw ScimException.invalidValue("'settings' must be a JSON object");
      }
      return new TenantChange(name == null ? null : ((String) name).trim(), (String) status,
          settings == null ? null : TenantSettings.validate((JsonObject) settings));
    }
  }

  /** Who acts: the admin's JWT subject, in this request. */
  private static Origin origin(RoutingContext ctx) {
    return Origin.admin(RequestKeys.requestId(ctx), RequestKeys.actor(ctx));
  }
}
