package dev.scimhub.user;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimhub.scim.Ids;
import dev.scimhub.scim.ProfileMapping;
import dev.scimhub.scim.schema.Schemas;
import dev.scimhub.tenant.TenantContext;
import io.vertx.core.Future;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * The app's profile of a user in its events: the platform's mapping ({@code profile.mapping}) with the tenant's
 * changes. A field read from the linked manager's User needs that user, looked up before the write (one read by key,
 * only when the mapping has such a field and the user a linked manager).
 */
final class Profiles {

  private final ProfileMapping platform;

  Profiles(ProfileMapping platform) {
    this.platform = platform;
  }

  ProfileMapping of(TenantContext tenant) {
    return platform.with(tenant.settings().profile());
  }

  /**
   * The linked manager of {@code resource} as SCIM returns it, when the tenant's mapping reads it; else null.
   *
   * @param find reads a user of the tenant as SCIM returns it (null when there is none)
   */
  Future<ObjectNode> managerOf(TenantContext tenant, ObjectNode resource,
      BiFunction<TenantContext, UUID, Future<ObjectNode>> find) {
    if (!of(tenant).readsManager()) {
      return Future.succeededFuture();
    }
    JsonNode extension = resource.get(Schemas.ENTERPRISE_USER);
    JsonNode manager = extension == null ? null : extension.get("manager");
    UUID id = manager == null || !manager.has("$ref") ? null : Ids.parse(manager.path("value").asText());
    return id == null ? Future.succeededFuture() : find.apply(tenant, id);
  }

  /** The profile of a user as SCIM returns it ({@code object}); null when the mapping has no field. */
  ObjectNode profile(TenantContext tenant, ObjectNode object, ObjectNode manager) {
    ProfileMapping mapping = of(tenant);
    return mapping.isEmpty() ? null : mapping.apply(object, manager);
  }
}
