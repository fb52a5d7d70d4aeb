package dev.scimhub.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/** Group bodies and PATCH operations shaped like Okta's Push Groups requests, and what tests read back. */
public final class Groups {

  public static final String SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
  public static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
  public static final String LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

  private Groups() {}

  public static String randomDisplayName() {
    return "Group " + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
  }

  /** A POST or PUT body: the displayName and, when any are given, the members. */
  public static String body(String displayName, String... memberIds) {
    String members = memberIds.length == 0 ? "" : ",\"members\":" + members(memberIds);
    return "{\"schemas\":[\"" + SCHEMA + "\"],\"displayName\":" + quote(displayName) + members + "}";
  }

  /** A members value as Okta sends it: each with {@code value} and {@code display}. */
  public static String members(String... ids) {
    return Arrays.stream(ids).map(id -> "{\"value\":" + quote(id) + ",\"display\":\"member " + id + "\"}")
        .collect(Collectors.joining(",", "[", "]"));
  }

  public static String patch(String... operations) {
    return "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[" + String.join(",", operations) + "]}";
  }

  public static String addMembers(String... ids) {
    return "{\"op\":\"add\",\"path\":\"members\",\"value\":" + members(ids) + "}";
  }

  public static String removeMember(String id) {
    return "{\"op\":\"remove\",\"path\":" + quote("members[value eq \"" + id + "\"]") + "}";
  }

  public static String replaceMembers(String... ids) {
    return "{\"op\":\"replace\",\"path\":\"members\",\"value\":" + members(ids) + "}";
  }

  /** Okta's rename: a path-less replace whose value carries the group's id with the new displayName. */
  public static String rename(String groupId, String displayName) {
    return "{\"op\":\"replace\",\"value\":{\"id\":" + quote(groupId) + ",\"displayName\":" + quote(displayName) + "}}";
  }

  /** Creates a group and returns its id. */
  public static String create(ScimClient scim, String displayName, String... memberIds) {
    return scim.post("/Groups", body(displayName, memberIds)).assertScim(201).path("id").asText();
  }

  /** Creates a user shaped like Okta's request and returns its id. */
  public static String createUser(ScimClient scim) {
    return scim.post("/Users", Users.oktaCreate(Users.randomUserName(), "Ada", "Lovelace")).assertScim(201)
        .path("id").asText();
  }

  public static List<String> createUsers(ScimClient scim, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(createUser(scim));
    }
    return ids;
  }

  public static Set<String> memberIds(JsonNode group) {
    Set<String> ids = new TreeSet<>();
    group.path("members").forEach(member -> ids.add(member.path("value").asText()));
    assertEquals(group.path("members").size(), ids.size(), () -> "each member once: " + group);
    return ids;
  }

  public static Set<String> ids(String... ids) {
    return new TreeSet<>(Arrays.asList(ids));
  }

  /** The ids of a ListResponse's resources, in order. */
  public static List<String> resourceIds(JsonNode list) {
    List<String> ids = new ArrayList<>();
    list.path("Resources").forEach(resource -> ids.add(resource.path("id").asText()));
    return ids;
  }

  /** The number in a {@code W/"n"} entity tag, as {@code meta.version} and {@code ETag} carry it. */
  public static long version(String etag) {
    assertTrue(etag != null && etag.matches("W/\"\\d+\""), "weak ETag: " + etag);
    return Long.parseLong(etag.substring(3, etag.length() - 1));
  }

  public static long version(JsonNode resource) {
    return version(resource.path("meta").path("version").asText(null));
  }

  /** Asserts a 204 without a body, as a PATCH that was not asked for attributes answers. */
  public static void assertNoContent(ScimClient.Response response) {
    assertEquals(204, response.status(), () -> "status of " + response.raw().request().method() + " "
        + response.raw().uri() + ": " + response.body());
    assertEquals("", response.body());
  }

  public static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
