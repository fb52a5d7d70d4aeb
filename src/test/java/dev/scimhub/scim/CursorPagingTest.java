package dev.scimhub.scim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimhub.support.Groups;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.TestServer;
import dev.scimhub.support.Users;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Cursor paging (RFC 9865) of Users and Groups over HTTP: a walk through a tenant by {@code nextCursor} sees every
 * resource that existed when it started exactly once, whatever is created meanwhile, in the default and in a sorted
 * order; and a cursor that is not this server's, belongs to another listing, or is too old is a SCIM error.
 */
class CursorPagingTest {

  @Test
  void pagingThroughAThousandUsersWhileOthersArriveHasNoDuplicatesAndNoGaps() throws Exception {
    ScimClient scim = TestServer.get().newTenant().scim();
    Set<String> before = new HashSet<>(createUsers(scim, 1000));

    ExecutorService arrivals = Executors.newSingleThreadExecutor();
    AtomicBoolean walking = new AtomicBoolean(true);
    Future<List<String>> later = arrivals.submit(() -> {
      List<String> created = new ArrayList<>();
      while (walking.get()) {
        created.add(scim.post("/Users", Users.minimal(Users.randomUserName())).assertScim(201).get("id").asText());
      }
      return created;
    });
    List<String> seen = new ArrayList<>();
    int pages = 0;
    String cursor = "";
    try {
      while (cursor != null) {
        JsonNode page = scim.get("/Users?count=37&cursor=" + cursor).assertScim(200);
        assertFalse(page.has("startIndex"), "a cursor-paged response has no startIndex");
        assertTrue(page.get("totalResults").asLong() >= 1000);
        assertEquals(page.get("Resources").size(), page.get("itemsPerPage").asInt());
        page.get("Resources").forEach(user -> seen.add(user.get("id").asText()));
        cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
        if (cursor != null) {
          assertTrue(cursor.matches("[A-Za-z0-9_-]+"), "only unreserved characters: " + cursor);
        }
        pages++;
      }
    } finally {
      walking.set(false);
    }
    List<String> arrived = later.get();
    arrivals.shutdown();

    assertEquals(seen.size(), new HashSet<>(seen).size(), "no user is served twice");
    assertTrue(seen.containsAll(before), "every user that existed when the walk started is served");
    assertTrue(pages >= 1000 / 37, "pages of 37: " + pages);
    assertFalse(arrived.isEmpty(), "users were created during the walk");
    Set<String> all = new HashSet<>(before);
    all.addAll(arrived);
    assertTrue(all.containsAll(seen), "nothing but this tenant's users is served");
  }

  @Test
  void aSortedWalkFollowsTheSortAndEndsWithoutACursor() {
    ScimClient scim = TestServer.get().newTenant().scim();
    createUsers(scim, 23);
    List<String> indexed = new ArrayList<>();
    scim.get("/Users?sortBy=userName&sortOrder=descending&count=100").assertScim(200).get("Resources")
        .forEach(user -> indexed.add(user.get("userName").asText()));

    List<String> walked = new ArrayList<>();
    String cursor = "";
    while (cursor != null) {
      JsonNode page = scim.post("/Users/.search", """
          {"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
           "sortBy":"userName","sortOrder":"descending","count":5,"cursor":"%s"}""".formatted(cursor))
          .assertScim(200);
      page.get("Resources").forEach(user -> walked.add(user.get("userName").asText()));
      cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
    }
    assertEquals(indexed, walked);
    assertEquals(23, walked.size());
  }

  @Test
  void aSortedCursorWhoseRowWasDeletedHasExpired() {
    ScimClient scim = TestServer.get().newTenant().scim();
    createUsers(scim, 4);
    JsonNode first = scim.get("/Users?sortBy=userName&count=2&cursor=").assertScim(200);
    String lastId = first.get("Resources").get(1).get("id").asText();
    scim.delete("/Users/" + lastId).assertStatus(204);
    // Two users follow, but a sorted listing finds its place by the deleted row's key: that is said, not passed off
    // as the end of the listing.
    scim.get("/Users?sortBy=userName&count=2&cursor=" + first.get("nextCursor").asText())
        .assertError(400, "expiredCursor");
  }

  @Test
  void groupsPageByCursorToo() {
    ScimClient scim = TestServer.get().newTenant().scim();
    Set<String> created = new HashSet<>();
    for (int i = 0; i < 12; i++) {
      created.add(Groups.create(scim, "cursor group " + i));
    }
    List<String> seen = new ArrayList<>();
    String cursor = "";
    while (cursor != null) {
      JsonNode page = scim.get("/Groups?count=5&cursor=" + cursor).assertScim(200);
      page.get("Resources").forEach(group -> seen.add(group.get("id").asText()));
      cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
    }
    assertEquals(12, seen.size());
    assertEquals(created, new HashSet<>(seen));
  }

  @Test
  void badCursorsAreScimErrors() {
    ScimClient scim = TestServer.get().newTenant().scim();
    createUsers(scim, 3);
    String cursor = scim.get("/Users?count=1&cursor=").assertScim(200).get("nextCursor").asText();

    scim.get("/Users?count=1&cursor=" + cursor).assertScim(200);
    scim.get("/Users?count=1&cursor=not-a-cursor").assertError(400, "invalidCursor");
    scim.get("/Users?count=1&cursor=" + cursor.substring(1)).assertError(400, "invalidCursor");
    scim.get("/Users?count=1&filter=" + ScimClient.encode("active eq true") + "&cursor=" + cursor)
        .assertError(400, "invalidCursor");
    scim.get("/Groups?count=1&cursor=" + cursor).assertError(400, "invalidCursor");
    TestServer.get().newTenant().scim().get("/Users?count=1&cursor=" + cursor).assertError(400, "invalidCursor");
    scim.get("/Users?count=1&startIndex=2&cursor=" + cursor).assertError(400, "invalidValue");
    scim.get("/Users?count=1&cursor=" + "A".repeat(5000)).assertError(400, "invalidCursor");

    // The row's time, altered with the digest intact: not a time a row can have.
    byte[] altered = Base64.getUrlDecoder().decode(cursor);
    ByteBuffer.wrap(altered).putLong(17, Long.MAX_VALUE);
    scim.get("/Users?count=1&cursor=" + Base64.getUrlEncoder().withoutPadding().encodeToString(altered))
        .assertError(400, "invalidCursor");

    // The cursor's issue time, set two days back: past the cursorTimeout announced below.
    byte[] bytes = Base64.getUrlDecoder().decode(cursor);
    ByteBuffer.wrap(bytes).putLong(9, Instant.now().getEpochSecond() - 2 * 86_400);
    scim.get("/Users?count=1&cursor=" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes))
        .assertError(400, "expiredCursor");
  }

  @Test
  void theLastPageHasNoCursorAndCountZeroOnlyCounts() {
    ScimClient scim = TestServer.get().newTenant().scim();
    createUsers(scim, 3);
    JsonNode all = scim.get("/Users?count=3&cursor=").assertScim(200);
    assertEquals(3, all.get("Resources").size());
    assertNull(all.get("nextCursor"), "three users in a page of three: nothing follows");
    JsonNode counted = scim.get("/Users?count=0&cursor=").assertScim(200);
    assertEquals(3, counted.get("totalResults").asInt());
    assertNull(counted.get("nextCursor"));
  }

  @Test
  void serviceProviderConfigAnnouncesBothPagingMethods() {
    JsonNode pagination = TestServer.get().newTenant().scim().get("/ServiceProviderConfig").assertScim(200)
        .get("pagination");
    assertTrue(pagination.get("cursor").asBoolean());
    assertTrue(pagination.get("index").asBoolean());
    assertEquals("index", pagination.get("defaultPaginationMethod").asText());
    assertEquals(TestServer.get().config().maxResults(), pagination.get("maxPageSize").asInt());
    assertEquals(86_400, pagination.get("cursorTimeout").asInt());
  }

  private static List<String> createUsers(ScimClient scim, int n) {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> ids = IntStream.range(0, n).mapToObj(i -> pool.submit(() ->
          scim.post("/Users", Users.minimal(Users.randomUserName())).assertScim(201).get("id").asText())).toList();
      List<String> out = new ArrayList<>();
      for (Future<String> id : ids) {
        out.add(id.get());
      }
      return out;
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      pool.shutdown();
    }
  }
}
