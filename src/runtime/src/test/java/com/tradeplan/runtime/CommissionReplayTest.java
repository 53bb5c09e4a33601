package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tradeplan.domain.plan.PlanDraft;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.gateway.GatewayConfig;
import com.tradeplan.gateway.PaperGateway;
import com.tradeplan.testkit.Await;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, point 7: commission charged again after a restart or a take-over. IB replays every
 * execution and every commission report when a connection reconciles (a restart, a member taking
 * users over) and again whenever it likes; the broker drops repeats only as a best effort. Plans
 * trade over the paper gateway with commissions and partial fills (each partial fill its own
 * commission), through two restarts of one platform and through the death of a cluster member; IB
 * replays everything at each, and once more on request. Every plan's commission and realized P&L
 * must stay exactly what its executions at the gateway imply ({@link ExecutionsImply}), before and
 * after each failure.
 */
class CommissionReplayTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final BigDecimal MAX_FILL = new BigDecimal("400");

  @TempDir Path dir;

  private PlatformCluster cluster;

  @AfterEach
  void stopAll() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** IB's commissions (0.005 a share, 1.00 at least per order) and fills of at most 400 a tick. */
  private static GatewayConfig withCommissions() {
    GatewayConfig g = new GatewayConfig();
    g.maxFillPerTick = MAX_FILL;
    return g;
  }

  private static PlanDraft plan(
      String id, String owner, long quantity, String stop, String target) {
    return Plans.plan(id)
        .owner(owner)
        .quantity(quantity)
        .entry("101.00")
        .stop(stop)
        .target(target)
        .draft();
  }

  @Test
  void afterTwoRestartsEveryPlansCommissionAndPnlAreWhatItsExecutionsImply() throws Exception {
    try (Harness h = new Harness(dir, withCommissions())) {
      h.gateway.publishTick("AAPL", "100.50");
      h.start();
      Map<String, String> ownerOf = new LinkedHashMap<>();
      ownerOf.put(h.activate("alice", plan("p1", "alice", 1000, "99.00", "103.00")), "alice");
      ownerOf.put(h.activate("bob", plan("p2", "bob", 600, "100.00", "102.00")), "bob");
      assertTrue(h.platform.awaitMarketData(Harness.WAIT), "market data flows");
      h.settle();

      for (String last : List.of("101.00", "101.10", "101.20")) {
        h.tick("AAPL", last); // entries sent, then filled 400 a tick: p2 complete, p1 800 of 1000
      }
      checkAll(h, ownerOf, "before the first restart");

      restart(h, null);
      checkAll(h, ownerOf, "after the first restart");

      for (String last : List.of("101.30", "102.10", "102.20")) {
        h.tick("AAPL", last); // p1's entry completes; p2's target sells 600, 400 of it filled
      }
      restart(h, "102.30"); // the rest of p2's exit fills while the platform is down
      checkAll(h, ownerOf, "after the second restart");
      assertEquals(PlanStatus.INACTIVE, snapshot(h, "p2", "bob").status());

      for (String last : List.of("103.00", "103.10", "103.20", "99.00", "98.90", "98.80")) {
        h.tick("AAPL", last); // p1: its target sells 500, then its stop the other 500
      }
      replayEverything(h);
      for (Map.Entry<String, String> e : ownerOf.entrySet()) {
        PlanSnapshot s = snapshot(h, e.getKey(), e.getValue());
        assertEquals(PlanStatus.INACTIVE, s.status(), e.getKey());
        ExecutionsImply.check(s, h.gateway.executionReports(), "at the end");
      }
      assertTrue(h.gateway.getAudit().refsSentMoreThanOnce().isEmpty(), "no order sent twice");
    }
  }

  /** Closes the platform, optionally publishes a tick while it is down, starts it again. */
  private static void restart(Harness h, String whileDown) {
    h.platform.close();
    if (whileDown != null) {
      h.gateway.publishTick("AAPL", whileDown);
    }
    h.start(); // recovery reconciles: IB replays every execution and commission report
    assertTrue(h.platform.awaitMarketData(Harness.WAIT), "market data flows again");
    h.settle();
    replayEverything(h);
  }

  /** IB replays every execution and its commission report once more, on the live connection. */
  private static void replayEverything(Harness h) {
    h.gateway.replayExecutions(7);
    h.settle();
  }

  private static PlanSnapshot snapshot(Harness h, String planId, String owner) {
    return h.service().get(owner, planId).orElseThrow().snapshot();
  }

  private static void checkAll(Harness h, Map<String, String> ownerOf, String when) {
    for (Map.Entry<String, String> e : ownerOf.entrySet()) {
      ExecutionsImply.check(
          snapshot(h, e.getKey(), e.getValue()), h.gateway.executionReports(), when);
    }
  }

  // ---- the take-over ----

  @Test
  void afterATakeOverEveryPlansCommissionAndPnlAreWhatItsExecutionsImply() throws Exception {
    cluster = new PlatformCluster(dir, withCommissions());
    PaperGateway gateway = cluster.gateway;
    List<Platform> platforms = cluster.platforms;
    gateway.publishTick("AAPL", "100.50");
    cluster.startMembers(3, 30);

    Map<String, String> ownerOf = new LinkedHashMap<>();
    for (int u = 0; u < 6; u++) {
      String owner = "trader-" + u;
      String id = owner + "-p";
      TradingService via = platforms.get(u % 3).service();
      TestAccounts.link(platforms.get(u % 3), owner, gateway.account()); // activation needs one
      assertTrue(
          via.createDraft(owner, plan(id, owner, 600 + 200L * u, "99.00", "103.00"))
              instanceof CommandResult.Ok);
      assertTrue(via.activate(owner, id) instanceof CommandResult.Ok);
      ownerOf.put(id, owner);
    }
    cluster.awaitEachUserOnExactlyOneMember(new HashSet<>(ownerOf.values()));
    cluster.awaitSubscribed(Set.of("AAPL"));

    publishUntil("101.00", ownerOf, s -> s.status() != PlanStatus.ACTIVE);
    // Every entry complete before the take-over: an adopted working order of the dead member's
    // client id cannot be cancelled by the survivor (docs/ib.md), which is not what this tests.
    publishUntil("101.20", ownerOf, s -> s.position() == s.plan().quantity());
    checkAll(ownerOf, "before the take-over");

    Platform victim = platforms.get(0);
    for (Platform p : platforms) {
      if (p.heldUsers().size() > victim.heldUsers().size()) {
        victim = p;
      }
    }
    assertTrue(!victim.heldUsers().isEmpty(), "the victim runs users");
    cluster.crash(victim);
    cluster.awaitEachUserOnExactlyOneMember(new HashSet<>(ownerOf.values()));
    cluster.awaitSubscribed(Set.of("AAPL"));
    // The take-over reconciled with every client's executions (IB replayed them all, commission
    // reports included) before the users count as caught up on a ready link. Once more, live:
    await(
        "the survivors caught up, their links ready",
        () ->
            platforms.stream()
                .allMatch(
                    p ->
                        p.caughtUpUsers().equals(p.heldUsers())
                            && "READY".equals(p.health().brokerState())));
    for (int i = 0; i < 3; i++) {
      gateway.replayExecutions(30 + i);
    }
    await("engines idle", () -> platforms.stream().allMatch(p -> p.awaitEngineIdle(WAIT)));
    checkAll(ownerOf, "after the take-over");

    publishUntil("103.10", ownerOf, s -> s.status() == PlanStatus.INACTIVE);
    checkAll(ownerOf, "at the end");
    assertEquals(List.of(), gateway.getAudit().refsSentMoreThanOnce(), "orderRefs sent twice");
  }

  private PlanSnapshot read(String planId, String owner) {
    return cluster.platforms.get(0).service().get(owner, planId).orElseThrow().snapshot();
  }

  /**
   * Every plan's figures as its executions imply, once they do: a fill's commission report follows
   * it and may be applied in a later step than the fill the wait before saw, and a plan of another
   * member is read through the store.
   */
  private void checkAll(Map<String, String> ownerOf, String when) {
    java.util.concurrent.atomic.AtomicReference<String> last =
        new java.util.concurrent.atomic.AtomicReference<>("not checked yet");
    await(
        () -> when + ": every plan as its executions imply; last mismatch: " + last.get(),
        () -> {
          try {
            for (Map.Entry<String, String> e : ownerOf.entrySet()) {
              ExecutionsImply.check(
                  read(e.getKey(), e.getValue()), cluster.gateway.executionReports(), when);
            }
            return true;
          } catch (AssertionError mismatch) {
            last.set(mismatch.getMessage());
            return false;
          }
        });
  }

  /** Publishes {@code last} again and again until every plan satisfies {@code done}. */
  private void publishUntil(
      String last, Map<String, String> ownerOf, Predicate<PlanSnapshot> done) {
    await(
        () -> "every plan past " + last + ": " + states(ownerOf),
        () -> {
          for (Map.Entry<String, String> e : ownerOf.entrySet()) {
            if (!done.test(read(e.getKey(), e.getValue()))) {
              cluster.gateway.publishTick("AAPL", last);
              return false;
            }
          }
          return true;
        });
  }

  /** Each plan's status, position and orders, for a failure message. */
  private String states(Map<String, String> ownerOf) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, String> e : ownerOf.entrySet()) {
      PlanSnapshot s = read(e.getKey(), e.getValue());
      b.append("\n  ")
          .append(s.planId())
          .append(' ')
          .append(s.status())
          .append(" position ")
          .append(s.position())
          .append('/')
          .append(s.filledEntryQuantity())
          .append(' ')
          .append(s.orders());
    }
    return b.toString();
  }

  private static void await(String what, java.util.function.BooleanSupplier condition) {
    await(() -> what, condition);
  }

  private static void await(
      java.util.function.Supplier<String> what, java.util.function.BooleanSupplier condition) {
    Await.until(WAIT, Duration.ofMillis(50), condition, what);
  }
}
