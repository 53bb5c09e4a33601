package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.store.TradeStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, point 1: an activation past the per-user live plan limit is refused before anything is
 * stored, ended plans never count against it, and the platform's {@code monitoredPlans} is what the
 * engine holds. A real platform (engine, embedded store, paper gateway) at a small configured
 * limit.
 */
class LivePlanLimitTest {
  private static final int LIMIT = 5;

  @TempDir Path dir;

  @Test
  void theLimitsWorthOfPlansWithSomeEndedBetweenIsAllWatchedAndOneMoreIsRefused() throws Exception {
    try (Harness h = new Harness(dir, Harness.gatewayConfig())) {
      start(h);
      TradingService s = h.service();
      activate(h, "a1");
      activate(h, "a2");
      assertInstanceOf(CommandResult.Ok.class, s.cancel("alice", "a1"));
      activate(h, "a3");
      assertInstanceOf(CommandResult.Ok.class, s.cancel("alice", "a3"));
      for (int i = 4; i <= LIMIT + 2; i++) {
        activate(h, "a" + i);
      }
      // a2, a4 .. a7: the limit's worth of live plans; a1 and a3 ended in between.
      assertTrue(h.platform.awaitEngineIdle(Harness.WAIT));
      assertEquals(LIMIT, h.platform.health().monitoredPlans(), "all live plans are watched");
      for (String id : List.of("a2", "a4", "a5", "a6", "a7")) {
        assertEquals(PlanStatus.ACTIVE, s.get("alice", id).orElseThrow().snapshot().status(), id);
      }

      assertInstanceOf(CommandResult.Ok.class, s.createDraft("alice", draft("one-more").draft()));
      long draftVersion = s.get("alice", "one-more").orElseThrow().snapshot().version();
      var refused =
          assertInstanceOf(CommandResult.LimitReached.class, s.activate("alice", "one-more"));

      assertEquals("TRADEPLAN_MAX_LIVE_PLANS_PER_USER", refused.limit());
      assertEquals(LIMIT, refused.value());
      assertEquals(LIMIT, refused.count());
      assertTrue(refused.reason().contains("limit of " + LIMIT), refused.reason());
      var after = s.get("alice", "one-more").orElseThrow().snapshot();
      assertEquals(PlanStatus.DRAFT, after.status(), "nothing changed: still a DRAFT");
      assertEquals(draftVersion, after.version());
      assertEquals(
          List.of(PlanStatus.DRAFT),
          s.history("alice", "one-more").stream().map(e -> e.event().orderStatus()).toList(),
          "no history entry besides the draft's own");
      assertEquals(LIMIT, h.platform.health().monitoredPlans());

      // Another live plan ends: the refused one can be activated now.
      assertInstanceOf(CommandResult.Ok.class, s.cancel("alice", "a7"));
      assertInstanceOf(CommandResult.Ok.class, s.activate("alice", "one-more"));
      assertTrue(h.platform.awaitEngineIdle(Harness.WAIT));
      assertEquals(LIMIT, h.platform.health().monitoredPlans());
      assertEquals(LIMIT, store(h).countByOwner("alice", TradeStore.MONITORED));
    }
  }

  /**
   * The case at a small scale: the limit plus 17 activations in a row for one trader. All
   * used to be answered 200 while the engine watched only the first ones, and the operators' figure
   * counted every one of them.
   */
  @Test
  void activationsPastTheLimitAreRefusedAndTheFigureCountsOnlyWatchedPlans() throws Exception {
    try (Harness h = new Harness(dir, Harness.gatewayConfig())) {
      start(h);
      TradingService s = h.service();
      List<String> answered = new ArrayList<>();
      for (int i = 0; i < LIMIT + 17; i++) {
        String id = "p" + i;
        assertInstanceOf(CommandResult.Ok.class, s.createDraft("alice", draft(id).draft()));
        CommandResult<PlanView> r = s.activate("alice", id);
        answered.add(r.getClass().getSimpleName());
      }
      // bob's plan is not counted against alice's limit
      assertInstanceOf(
          CommandResult.Ok.class, s.createDraft("bob", draft("b0").owner("bob").draft()));
      assertInstanceOf(CommandResult.Ok.class, s.activate("bob", "b0"));

      assertEquals(
          List.of("Ok", "Ok", "Ok", "Ok", "Ok"), answered.subList(0, LIMIT), answered.toString());
      assertTrue(
          answered.subList(LIMIT, answered.size()).stream().allMatch("LimitReached"::equals),
          answered.toString());
      assertTrue(h.platform.awaitEngineIdle(Harness.WAIT));
      assertEquals(LIMIT + 1, h.platform.health().monitoredPlans(), "watched: alice's 5, bob's 1");
      TradeStore store = store(h);
      assertEquals(LIMIT, store.countByOwner("alice", Set.of(PlanStatus.ACTIVE)));
      assertEquals(17, store.countByOwner("alice", Set.of(PlanStatus.DRAFT)));
    }
  }

  private static void start(Harness h) {
    Map<String, String> env = Harness.environment(h.dataDir, h.gateway.port(), h.gateway.account());
    env.put("TRADEPLAN_MAX_LIVE_PLANS_PER_USER", Integer.toString(LIMIT));
    h.platform = Platform.start(Harness.platformConfig(env, h.gateway.port(), h.gateway.account()));
  }

  private static void activate(Harness h, String id) {
    h.activate("alice", draft(id).draft());
  }

  private static Plans draft(String id) {
    return Plans.plan(id).stop("99.00").target("103.00");
  }

  private static TradeStore store(Harness h) {
    return TradeStore.open(h.platform.storeConnection());
  }
}
