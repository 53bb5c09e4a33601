package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tradeplan.broker.KillScope;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.gateway.GatewayConfig;
import com.tradeplan.gateway.Position;
import com.tradeplan.testkit.Await;
import com.tradeplan.testkit.BenchRecord;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, point 5, over the paper gateway: the global switch cancels every working entry of 200
 * live plans (with IB's reqGlobalCancel), its flatten makes the account flat although the gateway
 * rejects the first attempts, stops and targets still go out while it is engaged, a user's switch
 * does not stop another user's entries, and a switch survives a restart. Times are measured and
 * printed, and under {@code ./tradeplan bench killswitch} appended to {@link #BENCH_FILE}
 * (docs/benchmarks.md), never asserted.
 */
class KillSwitchEndToEndTest {
  private static final int USERS = 4;
  private static final int PLANS_PER_USER = 50;

  /**
   * The measurements' file in the results folder of {@code ./tradeplan bench killswitch} ({@link
   * BenchRecord}; nothing is written without it).
   */
  static final String BENCH_FILE = "killswitch.jsonl";

  /** How long the flatten may take with the first attempts rejected (a generous bound). */
  private static final Duration FLAT_BOUND = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void theGlobalSwitchCancelsEveryWorkingEntryOf200LivePlansAndRefusesNewOnes() throws Exception {
    try (Harness h = new Harness(dir, fastGateway())) {
      h.start();
      List<String[]> plans = activate200(h);
      h.tick("AAPL", "101.00"); // every entry triggers: 200 market entries wait for a tick
      assertEquals(plans.size(), h.gateway.openOrderCount(), "every entry is working");

      long pressed = System.nanoTime();
      KillSwitch.Outcome o =
          h.platform
              .killSwitch()
              .engage(KillScope.GLOBAL, KillReason.OPERATOR, "desk closed", "ops", false);
      assertEquals(KillSwitch.Result.ENGAGED, o.result());
      assertTrue(o.stored());
      Harness.await("no working order at the gateway", () -> h.gateway.openOrderCount() == 0);
      long cancelledAtGateway = System.nanoTime() - pressed;
      Harness.await(
          "every plan learned its entry was cancelled",
          () -> plans.stream().allMatch(p -> status(h, p) == PlanStatus.CANCELLED));
      long plansEnded = System.nanoTime() - pressed;
      System.out.printf(
          "KILL_SWITCH_BENCH global cancel of %d working entries: gateway empty after %d ms,"
              + " every plan CANCELLED after %d ms%n",
          plans.size(),
          TimeUnit.NANOSECONDS.toMillis(cancelledAtGateway),
          TimeUnit.NANOSECONDS.toMillis(plansEnded));
      BenchRecord.append(
          BENCH_FILE,
          Map.of(
              "test", "globalCancel",
              "plans", plans.size(),
              "gatewayEmptyMs", TimeUnit.NANOSECONDS.toMillis(cancelledAtGateway),
              "plansCancelledMs", TimeUnit.NANOSECONDS.toMillis(plansEnded)));

      // A new entry meets the switch at the RiskGate: the plan ends, the switch named.
      h.activate("u0", Plans.plan("late").owner("u0").entry("101.50").stop("95.00").draft());
      h.tickDenied("AAPL", "102.00", 1);
      Harness.await("the late entry was denied", () -> status(h, "u0", "late").isTerminal());
      assertEquals(PlanStatus.CANCELLED, status(h, "u0", "late"));
      Harness.await(
          "the history names the switch and its reason",
          () ->
              h.service().history("u0", "late").stream()
                  .anyMatch(
                      e ->
                          e.event().type() == PlanEvent.Type.DENY
                              && e.event().reason().contains("kill switch engaged (desk closed)")));
      assertEquals(0, h.gateway.openOrderCount(), "nothing new reached the gateway");
    }
  }

  @Test
  void withFlattenEveryPositionIsClosedAlthoughTheGatewayRejectsTheFirstAttempts()
      throws Exception {
    GatewayConfig g = fastGateway();
    AtomicInteger rejectsLeft = new AtomicInteger();
    g.rejectRules.add(
        (symbol, action, quantity, type) ->
            "SELL".equals(action) && rejectsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0
                ? "test: exits refused for now"
                : null);
    try (Harness h = new Harness(dir, g)) {
      h.start();
      List<String[]> plans = activate200(h);
      h.tick("AAPL", "101.00");
      h.tick("AAPL", "101.10"); // the entries fill
      Harness.await(
          "every plan is in its trade", () -> plans.stream().allMatch(p -> status(h, p).isLive()));
      assertEquals(
          new BigDecimal(plans.size() * 10), longPosition(h), "200 plans of 10 shares each");

      int rejections = plans.size() + plans.size() / 2;
      rejectsLeft.set(rejections); // every first flatten, and half the second ones, rejected
      long pressed = System.nanoTime();
      Instant pressedAt = Instant.now();
      h.platform
          .killSwitch()
          .engage(KillScope.GLOBAL, KillReason.OPERATOR, "flatten all", "ops", true);
      // The engine retries a refused flatten on a later tick at a fresh price: the market ticks.
      Await.until(
          FLAT_BOUND,
          Duration.ofMillis(100),
          () -> {
            h.gateway.publishTick("AAPL", "101.20");
            return longPosition(h).signum() == 0;
          },
          () -> "flat within " + FLAT_BOUND + ": " + longPosition(h) + " left");
      long flat = System.nanoTime() - pressed;
      System.out.printf(
          "KILL_SWITCH_BENCH flatten of %d positions with %d rejected attempts: flat after %d ms%n",
          plans.size(), rejections, TimeUnit.NANOSECONDS.toMillis(flat));
      BenchRecord.append(
          BENCH_FILE,
          Map.of(
              "test",
              "flatten",
              "positions",
              plans.size(),
              "rejected",
              rejections,
              "flatMs",
              TimeUnit.NANOSECONDS.toMillis(flat)));
      assertEquals(0, rejectsLeft.get(), "every planned rejection was met");
      for (HistoryEntry e : h.service().history("u3", "u3-p49")) {
        System.out.printf(
            "KILL_SWITCH_BENCH last plan: %s %s %s at +%d ms%n",
            e.event().type(),
            e.event().role(),
            e.event().reason(),
            e.event().time().toEpochMilli() - pressedAt.toEpochMilli());
      }
      Harness.await(
          "every plan closed",
          () -> plans.stream().allMatch(p -> status(h, p) == PlanStatus.INACTIVE));
    }
  }

  @Test
  void whileEngagedStopsAndTargetsStillGoOut() throws Exception {
    try (Harness h = new Harness(dir, Harness.gatewayConfig())) {
      h.start();
      h.activate("alice", Plans.plan("s").entry("100.00").stop("95.00").draft());
      h.activate(
          "alice",
          Plans.plan("t").symbol("MSFT").entry("100.00").stop("90.00").target("110.00").draft());
      h.tick("AAPL", "100.00");
      h.tick("MSFT", "100.00");
      h.tick("AAPL", "100.10");
      h.tick("MSFT", "100.10");
      assertTrue(status(h, "alice", "s").isLive());
      assertTrue(status(h, "alice", "t").isLive());

      h.platform.killSwitch().engage(KillScope.GLOBAL, KillReason.OPERATOR, "halt", "ops", false);
      h.tick("AAPL", "94.00"); // through the stop
      awaitOrderAtGateway(h, "s:STOP");
      // The fill may end the plan and its market data before this tick is counted: not h.tick.
      h.gateway.publishTick("AAPL", "94.00"); // the stop's exit fills
      h.tick("MSFT", "111.00"); // through the target
      awaitOrderAtGateway(h, "t:TARGET");
      h.gateway.publishTick("MSFT", "111.00"); // the target's exit fills

      Harness.await("the stop closed its trade", () -> status(h, "alice", "s").isTerminal());
      Harness.await("the target closed its trade", () -> status(h, "alice", "t").isTerminal());
      assertEquals(PlanStatus.INACTIVE, status(h, "alice", "s"));
      assertEquals(PlanStatus.INACTIVE, status(h, "alice", "t"));
      assertEquals(BigDecimal.ZERO, longPosition(h).stripTrailingZeros());
    }
  }

  @Test
  void aUsersSwitchStopsTheirEntriesOnlyAndSurvivesARestart() throws Exception {
    try (Harness h = new Harness(dir, Harness.gatewayConfig())) {
      h.start();
      h.platform
          .killSwitch()
          .engage(KillScope.user("alice"), KillReason.OPERATOR, "alice paused", "ops", false);
      h.activate("alice", Plans.plan("a").entry("100.00").stop("95.00").draft());
      h.activate("bob", Plans.plan("b").owner("bob").entry("100.00").stop("95.00").draft());
      h.tickDenied("AAPL", "100.00", 1);
      Harness.await("alice's entry was denied", () -> status(h, "alice", "a").isTerminal());
      assertEquals(PlanStatus.CANCELLED, status(h, "alice", "a"));
      assertEquals(PlanStatus.ENTRY_SUBMITTED, status(h, "bob", "b"), "bob's entry went out");
      assertEquals(1, h.gateway.openOrderCount());

      h.platform.close();
      h.platform = null;
      h.start();
      assertEquals(
          List.of("user:alice"),
          h.platform.killSwitch().engagements().stream().map(e -> e.scope().toString()).toList(),
          "the switch is read back from the store at start");
      h.activate("alice", Plans.plan("a2").entry("100.00").stop("95.00").draft());
      h.tickDenied("AAPL", "100.20", 1);
      Harness.await("alice's entry denied again", () -> status(h, "alice", "a2").isTerminal());
      assertEquals(PlanStatus.CANCELLED, status(h, "alice", "a2"));

      assertEquals(
          KillSwitch.Result.RELEASED,
          h.platform.killSwitch().release(KillScope.user("alice"), KillReason.OPERATOR).result());
      h.activate("alice", Plans.plan("a3").entry("100.00").stop("95.00").draft());
      h.tick("AAPL", "100.30");
      assertEquals(PlanStatus.ENTRY_SUBMITTED, status(h, "alice", "a3"), "released: it goes");
      long working = h.gateway.openOrderCount();

      // Pressed again, it cancels alice's working entry, one cancel; bob's trade goes on.
      h.platform
          .killSwitch()
          .engage(KillScope.user("alice"), KillReason.OPERATOR, "again", "ops", false);
      Harness.await("alice's working entry cancelled", () -> status(h, "alice", "a3").isTerminal());
      assertEquals(PlanStatus.CANCELLED, status(h, "alice", "a3"));
      assertEquals(working - 1, h.gateway.openOrderCount());
      assertTrue(status(h, "bob", "b").isLive(), "bob's entry filled, his trade untouched");
    }
  }

  /**
   * The harness's gateway, taking the harness's 500 messages a second (IB takes 50): 200 orders at
   * once are what these tests are about, not IB's pacing (docs/benchmarks.md says what it adds).
   */
  private static GatewayConfig fastGateway() {
    GatewayConfig g = Harness.gatewayConfig();
    g.pacingPerSecond = 1_000;
    return g;
  }

  /** 50 plans for each of 4 users, 10 shares each, entering above 100.50 on AAPL. */
  private static List<String[]> activate200(Harness h) {
    List<String[]> plans = new ArrayList<>();
    for (int u = 0; u < USERS; u++) {
      for (int i = 0; i < PLANS_PER_USER; i++) {
        String owner = "u" + u;
        String id = owner + "-p" + i;
        h.activate(
            owner,
            Plans.plan(id)
                .owner(owner)
                .quantity(10)
                .entry("100.50")
                .stop("90.00")
                .target("150.00")
                .draft());
        plans.add(new String[] {owner, id});
      }
    }
    return plans;
  }

  private static PlanStatus status(Harness h, String[] plan) {
    return status(h, plan[0], plan[1]);
  }

  private static PlanStatus status(Harness h, String owner, String id) {
    return h.service().get(owner, id).orElseThrow().snapshot().status();
  }

  private static BigDecimal longPosition(Harness h) {
    return h.gateway.positions(h.gateway.account()).values().stream()
        .map(Position::quantity)
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  /**
   * The exit is sent asynchronously after its tick: the next tick fills it only once it is there.
   */
  private static void awaitOrderAtGateway(Harness h, String refPrefix) {
    Harness.await(
        refPrefix + " reached the gateway",
        () ->
            h.gateway.getAudit().newOrdersByRef().keySet().stream()
                .anyMatch(r -> r.startsWith(refPrefix)));
  }
}
