package dev.scimhub.group;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimhub.db.ListQuery;
import dev.scimhub.event.EventTypes;
import dev.scimhub.event.Outbox;
import dev.scimhub.http.BaseUrls;
import dev.scimhub.scim.ETags;
import dev.scimhub.scim.InputLimits;
import dev.scimhub.scim.Projection;
import dev.scimhub.scim.Representation;
import dev.scimhub.scim.ResourceBodies;
import dev.scimhub.scim.ScimException;
import dev.scimhub.scim.ScimJson;
import dev.scimhub.scim.SearchRequest;
import dev.scimhub.scim.StoredResource;
import dev.scimhub.scim.filter.PageCursors;
import dev.scimhub.scim.patch.PatchApplier;
import dev.scimhub.scim.quirks.Tolerance;
import dev.scimhub.scim.schema.Canonicalizer;
import dev.scimhub.scim.schema.ResourceType;
import dev.scimhub.tenant.TenantContext;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The SCIM Groups of a tenant, without HTTP (RFC 7644 section 3), as Okta's Push Groups uses them: what the
 * {@code /Groups} routes, Bulk and the console call. Members are rows, never a list rewritten: a change names the
 * members it adds or removes, and its cost does not depend on the size of the group. Each change is one transaction
 * under the group's row lock; one that changes nothing writes nothing and keeps the version.
 */
public final class Groups {

  /** What a create or replace body holds: the group's attributes, and its members apart. */
  private record Body(ObjectNode resource, List<UUID> members) {}

  private final Pool pool;
  private final GroupStore store;
  private final ResourceType type;
  private final BaseUrls urls;
  private final Licenses licenses;

  public Groups(Pool pool, ResourceType type, PageCursors cursors, BaseUrls urls) {
    this.pool = pool;
    this.store = new GroupStore(pool, cursors);
    this.type = type;
    this.urls = urls;
    this.licenses = new Licenses(pool, urls);
  }

  /** The license links of groups, whose events membership changes record. */
  public Licenses licenses() {
    return licenses;
  }

  public ResourceType type() {
    return type;
  }

  /** Creates the group and its memberships together. */
  public Future<StoredResource> create(TenantContext tenant, ObjectNode body) {
    return Future.succeededFuture(body)
        .map(b -> parts(tenant, ResourceBodies.forCreate(b)))
        .compose(parts -> pool.withTransaction(conn -> {
          UUID id = UUID.randomUUID();
          return store.insert(conn, tenant.id(), id, parts.resource())
              .compose(group -> Outbox.record(conn, tenant.id(), EventTypes.GROUP_CREATED, object(tenant, group),
                  tenant.origin()).map(group))
              .compose(group -> parts.members().isEmpty() ? Future.succeededFuture(group)
                  : MembershipStore.applyAll(conn, tenant.id(), id, List.of(new MemberChange.Add(parts.members())))
                      .compose(changed -> memberEvents(conn, tenant, group, changed))
                      .map(group));
        }));
  }

  public Future<StoredResource> get(TenantContext tenant, String id) {
    return store.find(tenant.id(), id);
  }

  /** @param abandoned completes if the caller stops waiting: the listing's statement is then cancelled */
  public Future<ListQuery.Page<StoredResource>> list(TenantContext tenant, SearchRequest request, Future<?> abandoned) {
    return store.list(type(tenant), tenant.id(), request, abandoned);
  }

  /** A page of a group's members after {@code after}, in id order, for a response that streams them. */
  Future<List<MembershipStore.Member>> members(TenantContext tenant, UUID group, UUID after, int limit) {
    return MembershipStore.page(pool, tenant.id(), group, after, limit);
  }

  /** PUT replaces the attributes and makes the membership exactly the listed members (Okta's AIW apps do this). */
  public Future<StoredResource> replace(TenantContext tenant, String id, String ifMatch, ObjectNode body) {
    return Future.succeededFuture(body)
        .map(b -> parts(tenant, ResourceBodies.forReplace(b, id)))
        .compose(parts -> change(tenant, id, ifMatch, current -> parts.resource(),
            List.of(new MemberChange.Replace(parts.members()))));
  }

  /** PATCH applies every operation of an RFC 7644 PatchOp message or none; member operations become row changes. */
  public Future<StoredResource> patch(TenantContext tenant, String id, String ifMatch, ObjectNode patchOp) {
    Tolerance tolerance = tenant.tolerance();
    return Future.succeededFuture(patchOp)
        .map(body -> GroupPatch.parse(type(tenant), body, id, tolerance))
        .compose(parsed -> change(tenant, id, ifMatch, current -> {
          ObjectNode patched = PatchApplier.apply(parsed.attributeOperations(),
              Representation.of(type(tenant), current, urls.scimV2(tenant.id()), Map.of()), tolerance);
          return checked(tenant, validate(Canonicalizer.canonicalize(type(tenant), patched, tolerance)));
        }, parsed.memberChanges()));
  }

  /** Deletes the group; its one event stands for its memberships too. */
  public Future<Void> delete(TenantContext tenant, String id, String ifMatch) {
    return pool.withTransaction(conn -> store.lock(conn, tenant.id(), id).compose(current -> {
      ETags.require(ifMatch, current.version());
      return licenses.groupDeleting(conn, tenant.id(), summary(tenant, current), current.id(), tenant.origin())
          .compose(v -> store.delete(conn, tenant.id(), current.id()))
          .compose(v -> Outbox.record(conn, tenant.id(), EventTypes.GROUP_DELETED, object(tenant, current),
              tenant.origin()));
    }));
  }

  /**
   * Changes a group under its row lock: {@code next} gives the new attributes, then the membership changes apply in
   * order. The version moves only when something changed.
   */
  private Future<StoredResource> change(TenantContext tenant, String id, String ifMatch,
      Function<StoredResource, ObjectNode> next, List<MemberChange> memberChanges) {
    return pool.withTransaction(conn -> store.lock(conn, tenant.id(), id).compose(current -> {
      ETags.require(ifMatch, current.version());
      ObjectNode changed = next.apply(current);
      tenant.types().checkImmutable(type(tenant), current.resource(), changed);
      return MembershipStore.applyAll(conn, tenant.id(), current.id(), memberChanges).compose(members ->
          members.none() && changed.equals(current.resource()) ? Future.succeededFuture(current)
              : write(conn, tenant, current, changed, members));
    }));
  }

  /**
   * The one place a change is written, on its transaction's connection, with its events: group.updated when its
   * attributes changed, and one event per member added or removed.
   */
  private Future<StoredResource> write(SqlConnection conn, TenantContext tenant, StoredResource current,
      ObjectNode changed, MembershipStore.Changed members) {
    return store.write(conn, tenant.id(), current.id(), changed)
        .compose(written -> changed.equals(current.resource()) ? Future.succeededFuture(written)
            : Outbox.recordChange(conn, tenant.id(), EventTypes.GROUP_UPDATED, object(tenant, written),
                current.resource(), changed, tenant.origin()).map(written))
        .compose(written -> memberEvents(conn, tenant, written, members).map(written))
        .compose(written -> licenses.membershipChanged(conn, tenant.id(), summary(tenant, written), written.id(),
            members, tenant.origin()).map(written));
  }

  private ObjectNode summary(TenantContext tenant, StoredResource group) {
    return licenses.summary(tenant.id(), group.id(), group.resource().path("displayName").asText());
  }

  private Future<Void> memberEvents(SqlConnection conn, TenantContext tenant, StoredResource group,
      MembershipStore.Changed members) {
    if (members.none()) {
      return Future.succeededFuture();
    }
    String url = urls.scimV2(tenant.id());
    ObjectNode summary = summary(tenant, group);
    return Outbox.recordMembers(conn, tenant.id(), EventTypes.GROUP_MEMBER_ADDED, summary, url + "/Users",
            members.added(), tenant.origin())
        .compose(v -> Outbox.recordMembers(conn, tenant.id(), EventTypes.GROUP_MEMBER_REMOVED, summary,
            url + "/Users", members.removed(), tenant.origin()));
  }

  /** The group as SCIM 2.0 returns it, without its members (an event never carries a member list). */
  private ObjectNode object(TenantContext tenant, StoredResource group) {
    ObjectNode object = Representation.of(type(tenant), group, urls.scimV2(tenant.id()), Map.of());
    return tenant.types().sendsStoredAsIs() ? object : Projection.all(type(tenant)).apply(object);
  }

  /** Members go to their rows; the rest is the stored resource. */
  private Body parts(TenantContext tenant, ObjectNode json) {
    List<UUID> members = MembershipStore.ids(ScimJson.field(json, "members"));
    ObjectNode resource = Canonicalizer.canonicalize(type(tenant), json, tenant.tolerance());
    return new Body(checked(tenant, validate(resource)), members);
  }

  /** What the tenant's custom attributes ask of a stored group (required ones, canonical values). */
  private static ObjectNode checked(TenantContext tenant, ObjectNode resource) {
    tenant.types().check(type(tenant), resource);
    return resource;
  }

  /** The tenant's Group type: the platform's with the tenant's custom attributes. */
  private static ResourceType type(TenantContext tenant) {
    return tenant.types().group();
  }

  private static ObjectNode validate(ObjectNode resource) {
    resource.remove("members");
    JsonNode displayName = resource.get("displayName");
    if (displayName == null || displayName.asText().isBlank()) {
      throw ScimException.invalidValue("'displayName' is required");
    }
    // Both have indexes, whose entries have a size limit: a longer value is refused here, not by PostgreSQL.
    InputLimits.indexed("displayName", displayName.asText());
    InputLimits.indexed("externalId", resource.path("externalId").asText(null));
    return resource;
  }
}
