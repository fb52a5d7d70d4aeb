package dev.scimhub.user;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.messages.PatchOperation;
import dev.scimhub.db.ListQuery;
import dev.scimhub.event.EventTypes;
import dev.scimhub.event.Outbox;
import dev.scimhub.http.BaseUrls;
import dev.scimhub.http.InTurn;
import dev.scimhub.scim.ETags;
import dev.scimhub.scim.ProfileMapping;
import dev.scimhub.scim.Projection;
import dev.scimhub.scim.Representation;
import dev.scimhub.scim.ResourceBodies;
import dev.scimhub.scim.ScimException;
import dev.scimhub.scim.ScimJson;
import dev.scimhub.scim.SearchRequest;
import dev.scimhub.scim.StoredResource;
import dev.scimhub.scim.filter.PageCursors;
import dev.scimhub.scim.patch.PatchApplier;
import dev.scimhub.scim.schema.Canonicalizer;
import dev.scimhub.scim.schema.ResourceType;
import dev.scimhub.scim.schema.TenantTypes;
import dev.scimhub.tenant.TenantContext;
import dev.scimhub.tenant.TenantSettings.ManagerRule;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The SCIM Users of a tenant, without HTTP (RFC 7644 section 3): what the {@code /Users} routes, Bulk and the console
 * call. Bodies are checked before anything is read or written, and every problem is a failed future with a
 * {@link ScimException}. A change is computed from what is stored and written with its event in one statement on the
 * version it read (a change that lost that race is made again under the row's lock); one that changes nothing writes
 * nothing and keeps the version. A deletion is one transaction, its events with it.
 */
public final class Users {

  private final Pool pool;
  private final UserStore store;
  private final ResourceType type;
  private final BaseUrls urls;
  private final Managers managers;
  private final Profiles profiles;

  /** @param profile the platform's mapping of SCIM attributes to the app's profile fields (events carry it) */
  public Users(Pool pool, ResourceType type, PageCursors cursors, BaseUrls urls, ProfileMapping profile) {
    this.pool = pool;
    this.store = new UserStore(pool, cursors);
    this.type = type;
    this.urls = urls;
    this.profiles = new Profiles(profile);
    this.managers = new Managers(tenant -> urls.scimV2(tenant) + type.endpoint());
  }

  /** The platform's User type (a tenant's own, with its custom attributes, is in its TenantContext). */
  public ResourceType type() {
    return type;
  }

  /** Creates a user from a SCIM representation; {@code id} is the server's to assign. */
  public Future<StoredResource> create(TenantContext tenant, ObjectNode body) {
    return Future.succeededFuture(body)
        .map(b -> resource(tenant, ResourceBodies.forCreate(b)))
        .compose(resource -> createChecked(tenant, resource));
  }

  /** Creates a user already checked ({@link #prepareCreate}): its manager linked, its event, what waited for it. */
  private Future<StoredResource> createChecked(TenantContext tenant, ObjectNode resource) {
    return managers.resolve(pool, tenant.id(), rule(tenant), resource, null)
        .compose(resolved -> managerOf(tenant, resolved).compose(manager -> insert(tenant, resolved, manager)))
        .compose(written -> linked(tenant, written));
  }

  /**
   * One statement, or, for a user that holds licenses of its own (its entitlements of type License), a transaction
   * that records their license.granted events with it.
   */
  private Future<UserStore.Written> insert(TenantContext tenant, ObjectNode resource, ObjectNode manager) {
    Set<String> licenses = DirectLicenses.of(resource);
    List<TenantTypes.Unique> unique = tenant.types().uniqueValues(type(tenant), resource);
    if (licenses.isEmpty() && unique.isEmpty()) {
      return store.insert(pool, tenant.id(), resource, rule(tenant), user -> created(tenant, user, manager));
    }
    return pool.withTransaction(conn -> UniqueValues.claim(conn, tenant.id(), null, unique)
        .compose(v -> store.insert(conn, tenant.id(), resource, rule(tenant), user -> created(tenant, user, manager)))
        .compose(written -> DirectLicenses.record(conn, tenant, written.user(), Set.of(), licenses, usersUrl(tenant))
            .map(written)));
  }

  /**
   * Whether a change must be written in a transaction of its own: it changes licenses the user holds directly (their
   * events go with it) or takes a new value of a unique custom attribute (checked under a lock).
   */
  private static boolean needsTransaction(TenantContext tenant, ObjectNode before, ObjectNode after) {
    return DirectLicenses.changed(before, after) || !newUniqueValues(tenant, before, after).isEmpty();
  }

  /** What a change must satisfy before it is written: immutable attributes kept, new unique values free. */
  private static Future<Void> checkedChange(SqlConnection conn, TenantContext tenant, StoredResource current,
      ObjectNode changed) {
    return Future.succeededFuture(changed)
        .map(c -> {
          tenant.types().checkImmutable(type(tenant), current.resource(), c);
          return c;
        })
        .compose(c -> UniqueValues.claim(conn, tenant.id(), current.id(),
            newUniqueValues(tenant, current.resource(), c)));
  }

  /** The unique values {@code after} has that {@code before} did not. */
  private static List<TenantTypes.Unique> newUniqueValues(TenantContext tenant, ObjectNode before, ObjectNode after) {
    List<TenantTypes.Unique> had = tenant.types().uniqueValues(type(tenant), before);
    return tenant.types().uniqueValues(type(tenant), after).stream().filter(u -> !had.contains(u)).toList();
  }

  /**
   * What {@link #createAll} stores of a SCIM representation, checked as {@link #create} checks it: a failed check is a
   * {@link ScimException} thrown here, before anything is written.
   */
  public ObjectNode prepareCreate(TenantContext tenant, ObjectNode body) {
    return resource(tenant, ResourceBodies.forCreate(body));
  }

  /** One user of {@link #createAll}: created, or refused with a SCIM error. */
  public record Created(StoredResource user, ScimException error) {}

  /**
   * Creates users of {@link #prepareCreate}, in their order, as if each were created alone, but in one round trip
   * when none is refused (Bulk's import). A refused batch (a userName taken) is split in halves until the refused
   * ones stand alone, so every other user is still created. Stops once {@code errorsAllowed} users were refused: the
   * result then covers only the users tried.
   */
  public Future<List<Created>> createAll(TenantContext tenant, List<ObjectNode> resources, int errorsAllowed) {
    List<Created> results = new ArrayList<>(resources.size());
    return createAll(tenant, resources, errorsAllowed, results).map(results);
  }

  private Future<Void> createAll(TenantContext tenant, List<ObjectNode> resources, int errorsAllowed,
      List<Created> results) {
    if (resources.isEmpty() || errors(results) >= errorsAllowed) {
      return Future.succeededFuture();
    }
    if (resources.stream().anyMatch(resource -> !DirectLicenses.of(resource).isEmpty()
        || !tenant.types().uniqueValues(type(tenant), resource).isEmpty())) {
      // Licenses of their own (their events) and unique values (their check) need a transaction each: these are
      // created one by one.
      return inTurn(resources.size(), i -> errors(results) >= errorsAllowed ? Future.succeededFuture()
          : createChecked(tenant, resources.get(i))
              .map(user -> results.add(new Created(user, null)))
              .recover(failure -> failure instanceof ScimException refused
                  ? Future.succeededFuture(results.add(new Created(null, refused))) : Future.failedFuture(failure)));
    }
    Map<ObjectNode, ObjectNode> managersOf = new IdentityHashMap<>();
    return resolveAll(tenant, resources)
        .compose(v -> inTurn(resources.size(), i -> managerOf(tenant, resources.get(i))
            .onSuccess(manager -> managersOf.put(resources.get(i), manager))))
        .compose(v -> store.insertAll(pool, tenant.id(), resources, rule(tenant),
            user -> created(tenant, user, managersOf.get(user.resource()))))
        .compose(users -> linkAll(tenant, users))
        .map(users -> {
          users.forEach(user -> results.add(new Created(user, null)));
          return (Void) null;
        })
        .recover(failure -> {
          if (!(failure instanceof ScimException refused)) {
            return Future.failedFuture(failure);
          }
          if (resources.size() == 1) {
            results.add(new Created(null, refused));
            return Future.succeededFuture();
          }
          int half = resources.size() / 2;
          return createAll(tenant, resources.subList(0, half), errorsAllowed, results)
              .compose(v -> createAll(tenant, resources.subList(half, resources.size()), errorsAllowed, results));
        });
  }

  /** Links the managers of users about to be created, one lookup each only where a user names one. */
  private Future<Void> resolveAll(TenantContext tenant, List<ObjectNode> resources) {
    return inTurn(resources.size(), i -> managers.resolve(pool, tenant.id(), rule(tenant), resources.get(i), null));
  }

  /**
   * Links what a batch's users wait for, and what waits for them. A manager created earlier in the same batch was not
   * there when the batch's managers were looked up, so a user left pending is looked up again, now (a change like any
   * other, with its user.updated).
   */
  private Future<List<StoredResource>> linkAll(TenantContext tenant, List<UserStore.Written> written) {
    List<StoredResource> users = new ArrayList<>(written.size());
    return inTurn(written.size(), i -> linked(tenant, written.get(i)).onSuccess(users::add))
        .compose(v -> inTurn(users.size(), i -> rule(tenant) != ManagerRule.OFF
            && Managers.pending(users.get(i).resource())
            ? change(tenant, users.get(i).id().toString(), null, current -> current.resource().deepCopy())
                .onSuccess(relinked -> users.set(i, relinked))
            : Future.succeededFuture()))
        .map(v -> users);
  }

  private static Future<Void> inTurn(int n, IntFunction<Future<?>> step) {
    return InTurn.each(n, step);
  }

  private static long errors(List<Created> results) {
    return results.stream().filter(created -> created.error() != null).count();
  }

  /** @param verbatim whether the attributes are only to be written out again (see {@code StoredJson}) */
  public Future<StoredResource> get(TenantContext tenant, String id, boolean verbatim) {
    return store.find(tenant.id(), id, verbatim);
  }

  /** @param abandoned completes if the caller stops waiting: the listing's statement is then cancelled */
  public Future<ListQuery.Page<StoredResource>> list(TenantContext tenant, SearchRequest request, boolean verbatim,
      Future<?> abandoned) {
    return store.list(type(tenant), tenant.id(), request, verbatim, abandoned);
  }

  /** PUT replaces every writable attribute; readOnly ones in the body are ignored, and userName may change. */
  public Future<StoredResource> replace(TenantContext tenant, String id, String ifMatch, ObjectNode body) {
    return Future.succeededFuture(body)
        .map(b -> resource(tenant, ResourceBodies.forReplace(b, id)))
        .compose(resource -> change(tenant, id, ifMatch, current -> resource));
  }

  /** PATCH applies every operation of an RFC 7644 PatchOp message or none (section 3.5.2). */
  public Future<StoredResource> patch(TenantContext tenant, String id, String ifMatch, ObjectNode patchOp) {
    return Future.succeededFuture(patchOp)
        .map(body -> PatchApplier.parse(type(tenant), body, id, tenant.tolerance()))
        .compose(operations -> change(tenant, id, ifMatch, current -> patched(tenant, current, operations)));
  }

  /**
   * Deletes the user, and records its deletion with the representation it had, after a member_removed event for each
   * group it was in (the memberships go with the user).
   */
  public Future<Void> delete(TenantContext tenant, String id, String ifMatch) {
    return pool.withTransaction(conn -> store.lock(conn, tenant.id(), id).compose(current -> {
      ETags.require(ifMatch, current.version());
      ObjectNode object = object(tenant, current);
      ObjectNode member = ScimJson.object()
          .put("value", current.id().toString())
          .put("$ref", object.path("meta").path("location").asText())
          .put("display", current.resource().path("displayName").asText(
              current.resource().path("userName").asText()));
      return managerOf(tenant, current.resource())
          .compose(manager -> Outbox.recordUserLeavingGroups(conn, tenant.id(), current.id(), member,
                  urls.scimV2(tenant.id()) + "/Groups", tenant.origin())
              .compose(v -> store.delete(conn, tenant.id(), id))
              .compose(v -> Outbox.record(conn, tenant.id(), EventTypes.USER_DELETED, object,
                  profiles.profile(tenant, object, manager), tenant.origin())))
          .map(current.id());
    })).compose(deleted -> Managers.reports(pool, tenant.id(), deleted))
        .compose(reports -> each(reports, report -> change(tenant, report.toString(), null,
            current -> Managers.withoutManager(current.resource()))));
  }

  /**
   * After a write: the users that waited for this one as their manager are linked to it (each a change with its
   * user.updated event), when the write said someone waits.
   */
  private Future<StoredResource> linked(TenantContext tenant, UserStore.Written written) {
    if (!written.awaited()) {
      return Future.succeededFuture(written.user());
    }
    StoredResource manager = written.user();
    return Managers.waiting(pool, tenant.id(), Managers.keys(rule(tenant), manager.id(), manager.resource()))
        .compose(reports -> each(reports, report -> change(tenant, report.toString(), null,
            current -> Managers.managedBy(current.resource(), manager.id()))))
        .map(manager);
  }

  /** Runs {@code action} for each id in turn; one that is gone meanwhile is skipped. */
  private static Future<Void> each(List<UUID> ids, Function<UUID, Future<StoredResource>> action) {
    return inTurn(ids.size(), i -> action.apply(ids.get(i)).<Void>mapEmpty().recover(failure ->
        failure instanceof ScimException missing && missing.status() == 404 ? Future.succeededFuture()
            : Future.failedFuture(failure)));
  }

  private String usersUrl(TenantContext tenant) {
    return urls.scimV2(tenant.id()) + type.endpoint();
  }

  private static ManagerRule rule(TenantContext tenant) {
    return tenant.settings().managerRule();
  }

  /**
   * Changes a user: {@code next} gets what is stored and returns the new attributes, which are written only if the
   * stored version is still the one read — one read and one statement (with its event), no transaction to open and
   * commit. A change that lost that race to a concurrent one is made again under the row's lock, on what that one
   * stored, so that many changes of one user at once all land instead of racing each other.
   */
  private Future<StoredResource> change(TenantContext tenant, String id, String ifMatch,
      Function<StoredResource, ObjectNode> next) {
    return store.find(tenant.id(), id, false).compose(current -> {
      ETags.require(ifMatch, current.version());
      return managers.resolve(pool, tenant.id(), rule(tenant), next.apply(current), current).compose(changed -> {
        if (changed.equals(current.resource())) {
          return Future.succeededFuture(current);
        }
        tenant.types().checkImmutable(type(tenant), current.resource(), changed);
        if (needsTransaction(tenant, current.resource(), changed)) {
          return lockedChange(tenant, id, ifMatch, next);
        }
        return managerOf(tenant, changed).compose(manager -> write(pool, tenant, current, changed, manager))
            .compose(written -> written != null ? linked(tenant, written) : lockedChange(tenant, id, ifMatch, next));
      });
    });
  }

  private Future<StoredResource> lockedChange(TenantContext tenant, String id, String ifMatch,
      Function<StoredResource, ObjectNode> next) {
    return pool.withTransaction(conn -> store.lock(conn, tenant.id(), id).compose(current -> {
      ETags.require(ifMatch, current.version());
      return managers.resolve(conn, tenant.id(), rule(tenant), next.apply(current), current)
          .compose(changed -> changed.equals(current.resource())
              ? Future.succeededFuture(new UserStore.Written(current, false))
              : checkedChange(conn, tenant, current, changed)
                  .compose(v -> managerOf(tenant, changed))
                  .compose(manager -> write(conn, tenant, current, changed, manager))
                  .compose(written -> DirectLicenses.record(conn, tenant, written.user(),
                      DirectLicenses.of(current.resource()), DirectLicenses.of(changed), usersUrl(tenant))
                      .map(written)));
    })).compose(written -> linked(tenant, written));
  }

  /** The one place a change is written (with its event, in the same statement); null when another came first. */
  private Future<UserStore.Written> write(SqlClient client, TenantContext tenant, StoredResource current,
      ObjectNode changed, ObjectNode manager) {
    StoredResource next = new StoredResource(current.id(), changed, current.version() + 1, current.created(),
        UserStore.now());
    return store.write(client, tenant.id(), next, rule(tenant), current.resource(), written -> {
      ObjectNode object = object(tenant, written);
      return Outbox.changeDraft(changeType(current.resource(), changed), object, current.resource(), changed,
          profiles.profile(tenant, object, manager), tenant.origin());
    });
  }

  /** The user.created event of a user, with its profile. */
  private Outbox.Draft created(TenantContext tenant, StoredResource user, ObjectNode manager) {
    ObjectNode object = object(tenant, user);
    return Outbox.draft(EventTypes.USER_CREATED, object, profiles.profile(tenant, object, manager), tenant.origin());
  }

  /** The linked manager as SCIM returns it, when the tenant's profile reads it (else null). */
  private Future<ObjectNode> managerOf(TenantContext tenant, ObjectNode resource) {
    return profiles.managerOf(tenant, resource, (t, id) -> store.find(t.id(), id.toString(), false)
        .map(found -> object(t, found))
        .otherwise((ObjectNode) null));
  }

  /** A change of {@code active} is what an app acts on (revoke access, restore it); any other is an update. */
  private static String changeType(ObjectNode before, ObjectNode after) {
    boolean was = before.path("active").asBoolean(true);
    boolean is = after.path("active").asBoolean(true);
    return was == is ? EventTypes.USER_UPDATED : is ? EventTypes.USER_REACTIVATED : EventTypes.USER_DEACTIVATED;
  }

  /** The user as SCIM 2.0 returns it (its groups are not part of an event). */
  private ObjectNode object(TenantContext tenant, StoredResource user) {
    ObjectNode object = Representation.of(type(tenant), user, urls.scimV2(tenant.id()), Map.of());
    // As SCIM returns it: without a custom attribute that is returned never, or only on request.
    return tenant.types().sendsStoredAsIs() ? object : Projection.all(type(tenant)).apply(object);
  }

  private ObjectNode patched(TenantContext tenant, StoredResource current, List<PatchOperation> operations) {
    ObjectNode representation = Representation.of(type(tenant), current, urls.scimV2(tenant.id()), Map.of());
    return resource(tenant, PatchApplier.apply(operations, representation, tenant.tolerance()));
  }

  /** What is stored of a representation: canonical names, writable attributes, {@code active} explicit. */
  private ObjectNode resource(TenantContext tenant, ObjectNode representation) {
    ResourceType type = type(tenant);
    ObjectNode stored = UserResource.validate(Canonicalizer.canonicalize(type, representation, tenant.tolerance()));
    tenant.types().check(type, stored);
    return stored;
  }

  /** The tenant's User type: the platform's with the tenant's custom attributes. */
  private static ResourceType type(TenantContext tenant) {
    return tenant.types().user();
  }
}
