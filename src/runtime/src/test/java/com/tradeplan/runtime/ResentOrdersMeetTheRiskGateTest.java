package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tradeplan.broker.KillScope;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.plan.DraftBuilder;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.PlanValidator;
import com.tradeplan.domain.plan.ValidationResult;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.facts.EventClock;
import com.tradeplan.engine.facts.PlanState;
import com.tradeplan.store.MongoConfig;
import com.tradeplan.store.TradeStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An order whose intent was recorded but which never reached the broker (the process died between
 * the two) is sent again when its user is taken over, at start or on another member. It goes
 * through the same RiskGate as every order the engine decides: a limit in force at take-over time
 * refuses it exactly as it would refuse a first send, and the refusal reaches the plan as the same
 * local denial: the plan ends CANCELLED (never REJECTED, the broker's word), the limit its reason.
 */
class ResentOrdersMeetTheRiskGateTest {
  @TempDir Path dir;

  @Test
  void aResentEntryIsRefusedByTheOrderRateLimitLikeAFirstSend() throws Exception {
    try (Harness h = new Harness(dir, Harness.gatewayConfig())) {
      h.gateway.publishTick("AAPL", "101.50");
      // Two entries of one owner, recorded and never sent (no broker order id journaled).
      try (MongoConfig.MongoConnection c =
          MongoConfig.fromEnvironment(Map.of("TRADEPLAN_DATA_DIR", dir.toString())).connect()) {
        TradeStore store = TradeStore.open(c);
        for (String id : List.of("r1", "r2")) {
          store.create(entryRecordedNotSent(id));
        }
      }

      // One order per second per owner, no burst: the second resend of the same moment is over.
      h.platform = Platform.start(config(environment(h, 1, 1), h));

      Platform.RecoveryReport report = h.platform.recovery();
      assertEquals(Set.of("r1:ENTRY:0:1", "r2:ENTRY:0:1"), Set.copyOf(report.resent()));
      Harness.await(
          "one entry at the gateway, the other plan's entry denied",
          () ->
              h.gateway.getAudit().newOrdersByRef().size() == 1
                  && (status("r1", h) == PlanStatus.CANCELLED
                      || status("r2", h) == PlanStatus.CANCELLED));
      String sent = h.gateway.getAudit().newOrdersByRef().keySet().iterator().next();
      String refused = sent.startsWith("r1") ? "r2" : "r1";
      PlanSnapshot denied = h.service().get("alice", refused).orElseThrow().snapshot();
      assertEquals(
          "denied: order rate limit 1/s (burst 1) for owner alice reached"
              + " (2 entries in the last second with this one)",
          denied.endReason(),
          "the gate's own refusal, as the engine reports a first send it denies");
      assertEquals(
          PlanStatus.ENTRY_SUBMITTED,
          h.service().get("alice", sent.substring(0, 2)).orElseThrow().snapshot().status(),
          "the entry the gate let through is working");
      assertTrue(h.gateway.getAudit().refsSentMoreThanOnce().isEmpty(), "nothing sent twice");
    }
  }

  @Test
  void aResentEntryAboveTheLargestOrderIsRefusedWithTheGatesReason() throws Exception {
    try (Harness h = new Harness(dir, Harness.gatewayConfig())) {
      h.gateway.publishTick("AAPL", "101.50");
      try (MongoConfig.MongoConnection c =
          MongoConfig.fromEnvironment(Map.of("TRADEPLAN_DATA_DIR", dir.toString())).connect()) {
        TradeStore.open(c).create(entryRecordedNotSent("big"));
      }
      Map<String, String> env = environment(h, 1000, 1000);
      env.put("TRADEPLAN_MAX_ORDER_QUANTITY", "50");
      h.platform = Platform.start(config(env, h));

      Harness.await("the plan's entry denied", () -> status("big", h) == PlanStatus.CANCELLED);
      assertEquals(
          "denied: entry quantity 100 exceeds the maximum of 50 per order (maximum order quantity)",
          h.service().get("alice", "big").orElseThrow().snapshot().endReason());
      assertTrue(h.gateway.getAudit().newOrdersByRef().isEmpty(), "nothing reached the gateway");
    }
  }

  /**
   * The broker sends once more, after a reconnect, an entry it wrote into the connection that died
   * (journaled, never acknowledged). With the global switch pressed meanwhile, that re-send meets
   * it like a first send: nothing reaches the gateway, the plan ends CANCELLED with the switch
   * named in its history, the operator is alerted (docs/kill-switch.md).
   */
  @Test
  void anEntryLostWithItsConnectionIsNotSentAgainOnceTheGlobalSwitchIsEngaged() throws Exception {
    try (Harness h = new Harness(dir, Harness.gatewayConfig())) {
      h.start();
      h.activate("alice", Plans.plan("lost").entry("100.00").stop("95.00").draft());
      h.gateway.dropConnectionOnNextOrders(1);
      // The entry triggers; its placeOrder dies with the connection it is written into.
      h.gateway.publishTick("AAPL", "100.00");
      Harness.await(
          "the connection the entry was written into dropped",
          () -> h.platform.health().recentAlerts().stream().anyMatch(a -> a.startsWith("IB_LINK")));
      h.platform.killSwitch().engage(KillScope.GLOBAL, KillReason.OPERATOR, "halt", "ops", false);

      Harness.await(
          "the plan learned its entry is not sent again", () -> status("lost", h).isTerminal());
      assertEquals(PlanStatus.CANCELLED, status("lost", h));
      String why =
          "not sent again after the reconnect: kill switch engaged for global (halt); the entry"
              + " never reached IB";
      Harness.await(
          "a DENY naming the switch in the plan's history (written after the status)",
          () ->
              h.service().history("alice", "lost").stream()
                  .anyMatch(
                      e ->
                          e.event().type() == PlanEvent.Type.DENY
                              && why.equals(e.event().reason())));
      assertTrue(
          h.platform.health().recentAlerts().stream()
              .anyMatch(a -> a.startsWith("ORDER_NOT_RESENT_KILL_SWITCH")),
          "operators alerted: " + h.platform.health().recentAlerts());
      assertTrue(h.gateway.getAudit().newOrdersByRef().isEmpty(), "nothing reached the gateway");
    }
  }

  /** An ACTIVE plan whose entry triggered: its intent is in the state, status CREATED. */
  private static PlanSnapshot entryRecordedNotSent(String id) {
    Plan plan =
        ((ValidationResult.Valid)
                PlanValidator.validate(
                    DraftBuilder.draft(id).stop("99.00").target("110.00").build()))
            .plan();
    EventClock clock = new EventClock();
    clock.setRule("Entry triggers");
    PlanState state = PlanState.restore(PlanSnapshot.initial(plan, PlanStatus.ACTIVE), clock);
    state.openEntry();
    return state.snapshot().withVersion(2);
  }

  private static PlanStatus status(String planId, Harness h) {
    return h.service().get("alice", planId).orElseThrow().snapshot().status();
  }

  /** The harness's platform with another order rate and burst per owner. */
  private static Map<String, String> environment(Harness h, int ordersPerSecond, int burst) {
    Map<String, String> env = Harness.environment(h.dataDir, h.gateway.port(), h.gateway.account());
    env.put("TRADEPLAN_ORDERS_PER_SECOND_PER_OWNER", Integer.toString(ordersPerSecond));
    env.put("TRADEPLAN_ORDER_BURST_PER_OWNER", Integer.toString(burst));
    return env;
  }

  private static PlatformConfig config(Map<String, String> env, Harness h) {
    return Harness.platformConfig(env, h.gateway.port(), h.gateway.account());
  }
}
