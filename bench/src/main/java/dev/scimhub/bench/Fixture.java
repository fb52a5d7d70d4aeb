package dev.scimhub.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the seeding left on the server, for the scenarios (and for later phases against a restarted server on the
 * same data directory):
 * <ul>
 *   <li>the <b>large tenant</b> ({@code bigUsers} users, plus the spare users that are in no group), with three
 *       groups: empty, {@code group10kSize} members and {@code largeGroupSize} members (the first users);</li>
 *   <li>the <b>small tenants</b> (each with its own token, {@code usersPerTenant} users and one group);</li>
 *   <li>the <b>import tenant</b> that scimhub's POST scenario creates users in, and the tenant the ceiling server
 *       inserts into (both empty after seeding).</li>
 * </ul>
 * User {@code n} of a tenant has userName {@code Users.userName(domain, n)}. Scenarios leave group memberships as
 * they found them (what they add to the three large-tenant groups, they remove).
 */
public record Fixture(
    TenantRef big,
    int bigUsers,
    String emptyGroupId,
    String group10kId,
    int group10kSize,
    String largeGroupId,
    int largeGroupSize,
    List<String> spareUserIds,
    List<SmallTenant> tenants,
    int usersPerTenant,
    TenantRef importTenant,
    String ceilingTenantId) {

  /** A tenant, its SCIM base URL, its API token, and the domain of its users' names. */
  public record TenantRef(String id, String scimBaseUrl, String token, String domain) {

    public ScimApi.Tenant api() {
      return ScimApi.Tenant.of(id, scimBaseUrl, token);
    }

    JsonObject toJson() {
      return new JsonObject().put("id", id).put("scimBaseUrl", scimBaseUrl).put("token", token).put("domain", domain);
    }

    static TenantRef fromJson(JsonObject json) {
      return new TenantRef(json.getString("id"), json.getString("scimBaseUrl"), json.getString("token"),
          json.getString("domain"));
    }
  }

  /** One of the many small tenants: user {@code n} has id {@code userIds.get(n)}. */
  public record SmallTenant(TenantRef tenant, String groupId, List<String> userIds) {}

  /** The large tenant's name for the old single-tenant accessors. */
  public String scimBaseUrl() {
    return big.scimBaseUrl();
  }

  public String token() {
    return big.token();
  }

  public JsonObject toJson() {
    JsonArray small = new JsonArray();
    for (SmallTenant t : tenants) {
      small.add(t.tenant().toJson().put("groupId", t.groupId()).put("userIds", new JsonArray(new ArrayList<>(t.userIds()))));
    }
    return new JsonObject()
        .put("big", big.toJson())
        .put("bigUsers", bigUsers)
        .put("emptyGroupId", emptyGroupId)
        .put("group10kId", group10kId)
        .put("group10kSize", group10kSize)
        .put("largeGroupId", largeGroupId)
        .put("largeGroupSize", largeGroupSize)
        .put("spareUserIds", new JsonArray(new ArrayList<>(spareUserIds)))
        .put("tenants", small)
        .put("usersPerTenant", usersPerTenant)
        .put("importTenant", importTenant.toJson())
        .put("ceilingTenantId", ceilingTenantId);
  }

  public static Fixture fromJson(JsonObject json) {
    List<SmallTenant> small = new ArrayList<>();
    for (Object o : json.getJsonArray("tenants")) {
      JsonObject t = (JsonObject) o;
      small.add(new SmallTenant(TenantRef.fromJson(t), t.getString("groupId"), strings(t.getJsonArray("userIds"))));
    }
    return new Fixture(TenantRef.fromJson(json.getJsonObject("big")), json.getInteger("bigUsers"),
        json.getString("emptyGroupId"), json.getString("group10kId"), json.getInteger("group10kSize"),
        json.getString("largeGroupId"), json.getInteger("largeGroupSize"), strings(json.getJsonArray("spareUserIds")),
        small, json.getInteger("usersPerTenant"), TenantRef.fromJson(json.getJsonObject("importTenant")),
        json.getString("ceilingTenantId"));
  }

  private static List<String> strings(JsonArray array) {
    List<String> out = new ArrayList<>(array.size());
    array.forEach(id -> out.add((String) id));
    return out;
  }

  public void save(Path file) throws IOException {
    Files.writeString(file, toJson().encode());
  }

  public static Fixture load(Path file) throws IOException {
    return fromJson(new JsonObject(Files.readString(file)));
  }
}
