package dev.scimhub.group;

import static dev.scimhub.support.Groups.addMembers;
import static dev.scimhub.support.Groups.memberIds;
import static dev.scimhub.support.Groups.patch;
import static dev.scimhub.support.Groups.quote;
import static dev.scimhub.support.Groups.rename;
import static dev.scimhub.support.Groups.resourceIds;
import static dev.scimhub.support.Groups.version;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scimhub.support.Groups;
import dev.scimhub.support.ScimClient;
import dev.scimhub.support.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Concurrent changes to one group, as Okta sends them when many assignments change at once: they serialize on the
 * group, none is lost, and each either applies or fails with a clean SCIM error.
 */
class GroupConcurrencyTest {

  private static final int THREADS = 60;

  private static ScimClient scim;
  private static ExecutorService executor;

  @BeforeAll
  static void tenant() {
    scim = TestServer.get().newTenant().scim();
    executor = Executors.newFixedThreadPool(THREADS);
  }

  @AfterAll
  static void stop() {
    executor.shutdownNow();
  }

  @Test
  void sixtyConcurrentAddsOfDifferentMembersLoseNone() {
    List<String> users = Groups.createUsers(scim, THREADS);
    String id = Groups.create(scim, Groups.randomDisplayName());
    long before = version(scim.get("/Groups/" + id).assertScim(200));

    List<ScimClient.Response> responses = concurrently(users.stream()
        .map(user -> (Supplier<ScimClient.Response>) () -> scim.patch("/Groups/" + id, patch(addMembers(user))))
        .toList());

    responses.forEach(Groups::assertNoContent);
    JsonNode group = scim.get("/Groups/" + id).assertScim(200);
    assertEquals(new TreeSet<>(users), memberIds(group));
    assertEquals(before + THREADS, version(group));
    // Serialized on the group's row: each add saw the one before it, so each answered a version of its own.
    Set<Long> versions = responses.stream().map(r -> version(r.header("ETag"))).collect(Collectors.toSet());
    assertEquals(LongStream.rangeClosed(before + 1, before + THREADS).boxed().collect(Collectors.toSet()), versions);
  }

  @Test
  void concurrentRenamesOfOneGroupEndConsistent() {
    String original = Groups.randomDisplayName();
    String id = Groups.create(scim, original, Groups.createUser(scim));
    long before = version(scim.get("/Groups/" + id).assertScim(200));
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      names.add(Groups.randomDisplayName());
    }

    List<ScimClient.Response> responses = concurrently(names.stream()
        .map(name -> (Supplier<ScimClient.Response>) () -> scim.patch("/Groups/" + id, patch(rename(id, name))))
        .toList());

    long latest = before;
    String lastName = null;
    int succeeded = 0;
    for (int i = 0; i < responses.size(); i++) {
      ScimClient.Response response = responses.get(i);
      if (response.status() == 204) {
        succeeded++;
        long version = version(response.header("ETag"));
        if (version > latest) {
          latest = version;
          lastName = names.get(i);
        }
      } else {
        assertCleanFailure(response);
      }
    }
    assertTrue(succeeded > 0, "at least one rename applies");
    JsonNode group = scim.get("/Groups/" + id).assertScim(200);
    assertEquals(lastName, group.path("displayName").asText(), "the rename answered with the newest version won");
    assertEquals(before + succeeded, version(group));
    assertEquals(latest, version(group));
    assertEquals(1, memberIds(group).size(), "renames leave the members");
    assertEquals(List.of(id), resourceIds(scim.get("/Groups", "filter", "displayName eq " + quote(lastName))
        .assertScim(200)));
    assertEquals(0, scim.get("/Groups", "filter", "displayName eq " + quote(original)).assertScim(200)
        .path("totalResults").asInt());
  }

  @Test
  void concurrentCreatesOfOneDisplayNameMakeExactlyOneGroup() {
    String name = Groups.randomDisplayName();
    List<Supplier<ScimClient.Response>> creates = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String spelling = i % 2 == 0 ? name.toUpperCase() : name.toLowerCase();
      creates.add(() -> scim.post("/Groups", Groups.body(spelling)));
    }

    List<ScimClient.Response> responses = concurrently(creates);

    List<String> created = new ArrayList<>();
    for (ScimClient.Response response : responses) {
      if (response.status() == 201) {
        created.add(response.assertScim(201).path("id").asText());
      } else {
        response.assertError(409, "uniqueness");
      }
    }
    assertEquals(1, created.size(), "exactly one create wins");
    assertEquals(created, resourceIds(scim.get("/Groups", "filter", "displayName eq " + quote(name))
        .assertScim(200)));
  }

  @Test
  void concurrentRenamesOfDifferentGroupsToOneNameLeaveItUnique() {
    String name = Groups.randomDisplayName();
    List<String> groups = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      groups.add(Groups.create(scim, Groups.randomDisplayName()));
    }

    List<ScimClient.Response> responses = concurrently(groups.stream()
        .map(id -> (Supplier<ScimClient.Response>) () -> scim.patch("/Groups/" + id, patch(rename(id, name))))
        .toList());

    List<String> renamed = new ArrayList<>();
    for (int i = 0; i < responses.size(); i++) {
      if (responses.get(i).status() == 204) {
        renamed.add(groups.get(i));
      } else {
        responses.get(i).assertError(409, "uniqueness");
      }
    }
    assertEquals(1, renamed.size(), "exactly one rename wins");
    assertEquals(renamed, resourceIds(scim.get("/Groups", "filter", "displayName eq " + quote(name))
        .assertScim(200)));
  }

  @Test
  void addingUsersWhileTheyAreDeletedFailsCleanlyAndLeavesNoMembership() {
    List<String> users = Groups.createUsers(scim, 20);
    String id = Groups.create(scim, Groups.randomDisplayName());
    List<Supplier<ScimClient.Response>> tasks = new ArrayList<>();
    for (String user : users) {
      tasks.add(() -> scim.patch("/Groups/" + id, patch(addMembers(user))));
      tasks.add(() -> scim.delete("/Users/" + user));
    }

    List<ScimClient.Response> responses = concurrently(tasks);

    for (int i = 0; i < responses.size(); i += 2) {
      ScimClient.Response add = responses.get(i);
      if (add.status() != 204) {
        add.assertError(400, "invalidValue");
      }
      Groups.assertNoContent(responses.get(i + 1));
    }
    assertTrue(memberIds(scim.get("/Groups/" + id).assertScim(200)).isEmpty());
  }

  // --- helpers

  /** Starts every task at the same moment and returns their responses in task order. */
  private static List<ScimClient.Response> concurrently(List<Supplier<ScimClient.Response>> tasks) {
    assertTrue(tasks.size() <= THREADS, "one thread per task, or the latch never opens");
    CountDownLatch ready = new CountDownLatch(tasks.size());
    CountDownLatch go = new CountDownLatch(1);
    List<Future<ScimClient.Response>> futures = new ArrayList<>();
    for (Supplier<ScimClient.Response> task : tasks) {
      futures.add(executor.submit(() -> {
        ready.countDown();
        go.await();
        return task.get();
      }));
    }
    try {
      assertTrue(ready.await(30, TimeUnit.SECONDS), "threads ready");
      go.countDown();
      List<ScimClient.Response> responses = new ArrayList<>();
      for (Future<ScimClient.Response> future : futures) {
        responses.add(future.get(120, TimeUnit.SECONDS));
      }
      return responses;
    } catch (Exception e) {
      throw new AssertionError("concurrent requests failed", e);
    }
  }

  /** A failed request answers a SCIM error of the client's making, never a server error. */
  private static void assertCleanFailure(ScimClient.Response response) {
    assertTrue(response.status() >= 400 && response.status() < 500, response.body());
    JsonNode scimType = response.json().path("scimType");
    response.assertError(response.status(), scimType.isMissingNode() ? null : scimType.asText());
  }
}
