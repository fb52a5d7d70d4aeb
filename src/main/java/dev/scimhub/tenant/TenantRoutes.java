package dev.scimhub.tenant;

import dev.scimhub.db.SqlState;
import dev.scimhub.http.BaseUrls;
import dev.scimhub.http.Responses;
import dev.scimhub.scim.ScimException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Router;
import java.util.regex.Pattern;

/** The platform admin's tenant API under {@code /admin/tenants}. */
public final class TenantRoutes {

  /** Lowercase letters, digits and '-', 2-63 characters, no '-' at either end; Okta rejects '_' in base URLs. */
  static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,61}[a-z0-9]");
  static final String FIRST_TOKEN_LABEL = "default";

  private final TenantStore tenants;
  private final BaseUrls urls;

  public TenantRoutes(TenantStore tenants, BaseUrls urls) {
    this.tenants = tenants;
    this.urls = urls;
  }

  public void mount(Router admin) {
    admin.post("/tenants").handler(this::create);
    admin.get("/tenants/:id").handler(this::get);
  }

  private void create(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      ctx.fail(ScimException.invalidSyntax("The request body must be a JSON object"));
      return;
    }
    if (body == null) {
      ctx.fail(ScimException.invalidSyntax("The request body must be a JSON object with 'id' and 'name'"));
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
    tenants.create(tenantId, tenantName.trim(), FIRST_TOKEN_LABEL)
        .recover(failure -> SqlState.is(failure, SqlState.UNIQUE_VIOLATION)
            ? io.vertx.core.Future.failedFuture(ScimException.conflict("Tenant '" + tenantId + "' already exists"))
            : io.vertx.core.Future.failedFuture(failure))
        .compose(onboarded -> {
          JsonObject json = onboarded.tenant().toJson(urls.scimV2(tenantId))
              .put("token", onboarded.token().toJson());
          ctx.response().putHeader("Location", "/admin/tenants/" + tenantId);
          // The token value is in this body only; nothing else may keep it.
          ctx.response().putHeader("Cache-Control", "no-store");
          return Responses.json(ctx, 201, json);
        })
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    tenants.find(id)
        .compose(tenant -> tenant == null
            ? io.vertx.core.Future.failedFuture(ScimException.notFound("Tenant '" + id + "'"))
            : Responses.json(ctx, 200, tenant.toJson(urls.scimV2(id))))
        .onFailure(ctx::fail);
  }
}
