package dev.scimhub.group;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimhub.http.Responses;
import dev.scimhub.http.ScimBase;
import dev.scimhub.scim.Entitlements;
import dev.scimhub.scim.ListResponse;
import dev.scimhub.scim.Paging;
import dev.scimhub.scim.ScimException;
import dev.scimhub.tenant.TenantContext;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The entitlement endpoints Okta Identity Governance reads (its "SCIM 2.0 server with entitlements"): {@code /Licenses}
 * (resource type {@code License}, Okta's Entitlement schema) lists the app's declared licenses and the keys the
 * tenant's license groups use; {@code /Roles} lists the declared roles. Read-only: Okta assigns them through a user's
 * {@code entitlements} and {@code roles}.
 */
public final class EntitlementRoutes {

  private final Licenses licenses;
  private final Entitlements declared;
  private final ScimBase base;

  public EntitlementRoutes(Licenses licenses, Entitlements declared, ScimBase base) {
    this.licenses = licenses;
    this.declared = declared;
    this.base = base;
  }

  public void mount(Router scim) {
    scim.get("/Licenses").handler(ctx -> list(ctx, true));
    scim.get("/Licenses/:id").handler(ctx -> one(ctx, true));
    if (declared.declaresRoles()) {
      scim.get("/Roles").handler(ctx -> list(ctx, false));
      scim.get("/Roles/:id").handler(ctx -> one(ctx, false));
    }
  }

  private void list(RoutingContext ctx, boolean license) {
    Future.succeededFuture(ctx)
        .map(c -> {
          if (c.queryParams().contains("filter")) {
            throw ScimException.invalidFilter("/" + (license ? "Licenses" : "Roles") + " lists every one; it takes"
                + " no filter");
          }
          return Paging.of(c.queryParams().get("startIndex"), c.queryParams().get("count"), base.maxResults());
        })
        .compose(paging -> items(ctx, license).compose(all -> {
          String url = base.url(TenantContext.of(ctx).id());
          List<ObjectNode> page = new ArrayList<>();
          for (long i = paging.offset(); i < all.size() && page.size() < paging.count(); i++) {
            page.add(Entitlements.resource(all.get((int) i), license, url));
          }
          return Responses.scim(ctx, 200, ListResponse.of(all.size(), paging.startIndex(), page));
        }))
        .onFailure(ctx::fail);
  }

  private void one(RoutingContext ctx, boolean license) {
    String id = ctx.pathParam("id");
    items(ctx, license)
        .compose(all -> all.stream().filter(item -> item.id().equals(id)).findFirst()
            .map(item -> Responses.scim(ctx, 200, Entitlements.resource(item, license,
                base.url(TenantContext.of(ctx).id()))))
            .orElseGet(() -> Future.failedFuture(ScimException.notFound((license ? "License " : "Role ") + id))))
        .onFailure(ctx::fail);
  }

  /** The declared ones, then (for licenses) the tenant's license-group keys not declared, named by their key. */
  private Future<List<Entitlements.Item>> items(RoutingContext ctx, boolean license) {
    if (!license) {
      return Future.succeededFuture(declared.roles());
    }
    return licenses.keys(TenantContext.of(ctx).id()).map(keys -> {
      List<Entitlements.Item> all = new ArrayList<>(declared.licenses());
      Set<String> known = new HashSet<>();
      all.forEach(item -> known.add(item.id()));
      for (String key : keys) {
        if (known.add(key)) {
          all.add(new Entitlements.Item(key, key, null));
        }
      }
      return all;
    });
  }
}
