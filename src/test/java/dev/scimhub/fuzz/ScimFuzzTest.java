package dev.scimhub.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scimhub.fuzz.FuzzWorld.Sent;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.PropagationMode;

/**
 * Issue 11, "hostile input never costs a 500", as properties: generated SCIM filters, resources and PATCH bodies —
 * valid ones from the RFC grammars and schemas, and their mutations (see {@link FuzzRequests}) — sent over HTTP to the
 * real server and database. Every answer must be a SCIM answer ({@link ScimAnswer}): no 5xx, every 4xx a SCIM error,
 * every 2xx a resource or list. At the end the server still serves and its heap (this JVM's) is bounded.
 *
 * <p>{@code mvn verify} runs the pom's {@code fuzz.cases} in all; {@code -Dfuzz.cases=200000} is the long mode, and
 * {@code -Dfuzz.seed=…} repeats a run (see {@link FuzzCases}). A failure prints the request, shrunk by jqwik; an
 * input that found a bug belongs in {@link FuzzFoundTest} too.
 */
@AddLifecycleHook(value = FuzzCases.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
class ScimFuzzTest {

  /** Heap in use after a full collection at the end of a run: the server's state must not grow with its input. */
  private static final long MAX_HEAP_USED = 512L * 1024 * 1024;

  private static FuzzWorld world;
  private static FuzzStats stats;

  @BeforeContainer
  static void world() {
    world = FuzzWorld.create();
    stats = new FuzzStats();
  }

  @Property(generation = GenerationMode.RANDOMIZED, edgeCases = EdgeCasesMode.NONE, shrinking = ShrinkingMode.BOUNDED)
  @FuzzCases.Share(35)
  void filtersAndListingsAnswerAsScim(@ForAll("listings") FuzzRequest request) {
    send("listing", request);
  }

  @Property(generation = GenerationMode.RANDOMIZED, edgeCases = EdgeCasesMode.NONE, shrinking = ShrinkingMode.BOUNDED)
  @FuzzCases.Share(25)
  void createsAndReplacesAnswerAsScim(@ForAll("writes") FuzzRequest request) {
    send("write", request);
  }

  @Property(generation = GenerationMode.RANDOMIZED, edgeCases = EdgeCasesMode.NONE, shrinking = ShrinkingMode.BOUNDED)
  @FuzzCases.Share(32)
  void patchesAnswerAsScim(@ForAll("patches") FuzzRequest request) {
    send("patch", request);
  }

  @Property(generation = GenerationMode.RANDOMIZED, edgeCases = EdgeCasesMode.NONE, shrinking = ShrinkingMode.BOUNDED)
  @FuzzCases.Share(8)
  void everythingElseAnswersAsScim(@ForAll("others") FuzzRequest request) {
    send("other", request);
  }

  @Provide
  Arbitrary<FuzzRequest> listings() {
    return FuzzRequests.LISTINGS;
  }

  @Provide
  Arbitrary<FuzzRequest> writes() {
    return FuzzRequests.WRITES;
  }

  @Provide
  Arbitrary<FuzzRequest> patches() {
    return FuzzRequests.PATCHES;
  }

  @Provide
  Arbitrary<FuzzRequest> others() {
    return FuzzRequests.OTHERS;
  }

  private static void send(String kind, FuzzRequest request) {
    long start = System.nanoTime();
    Sent sent = world.send(request);
    stats.record(kind, sent, System.nanoTime() - start);
    ScimAnswer.check(sent);
  }

  @AfterContainer
  static void theServerStillServesAndItsHeapIsBounded() throws Exception {
    if (world == null) {
      return;
    }
    assertTrue(world.stillServes().path("totalResults").isNumber(), "the server answers a plain listing");
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    long used = memory.getHeapMemoryUsage().getUsed();
    String summary = stats.summary() + "\n  heap used after GC: " + used / (1024 * 1024) + " MiB of "
        + memory.getHeapMemoryUsage().getMax() / (1024 * 1024) + " MiB";
    System.out.println(summary);
    assertTrue(used < MAX_HEAP_USED, summary);
    assertEquals(0, stats.serverErrors(), summary);
    assertEquals(0, stats.brokenAnswers(), summary);
    // All the planned cases ran: -Dfuzz.cases reached the properties (a failed property stops early, and says so).
    assertTrue(stats.cases() >= FuzzCases.planned(), "planned " + FuzzCases.planned() + "; " + summary);
  }
}
