package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tradeplan.broker.KillScope;
import com.tradeplan.broker.RiskGate;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.order.OrderRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The kill switch stops every new order at the RiskGate, for either reason, and lets cancels go.
 */
class KillSwitchTest {
  private final List<OrderRequest> sent = new ArrayList<>();
  private final List<OrderRef> cancelled = new ArrayList<>();
  private final RiskGate gate =
      new RiskGate(new GateOrders.AcceptingBroker(sent::add, cancelled::add), 1_000, 1_000, 1_000);
  private final KillSwitch killSwitch = new KillSwitch(gate, () -> 0, 10_000);

  @Test
  void anOperatorsSwitchRefusesNewOrdersWithItsReasonUntilReleased() {
    killSwitch.engage("desk closed");

    assertTrue(killSwitch.engaged());
    SubmitResult refused = gate.submit(GateOrders.entry(1));
    assertEquals(SubmitResult.Code.DENIED, refused.code());
    assertEquals(
        "kill switch engaged (desk closed): entries are refused, exits and cancels pass",
        refused.reason());
    assertTrue(
        gate.cancel(GateOrders.entry(1).ref()).accepted(), "a cancel only reduces risk: it passes");
    assertEquals(List.of(GateOrders.entry(1).ref()), cancelled);
    assertTrue(sent.isEmpty(), "no order reached the broker");

    killSwitch.release();
    assertFalse(killSwitch.engaged());
    assertTrue(gate.submit(GateOrders.entry(2)).accepted());
    assertEquals(1, sent.size());
  }

  @Test
  void aFullStoreQueueStopsOrdersUntilItsWriteIsTaken() {
    killSwitch.storeQueueFull();

    SubmitResult refused = gate.submit(GateOrders.entry(1));
    assertEquals(
        "kill switch engaged ("
            + KillSwitch.STORE_QUEUE_FULL
            + "): entries are refused, exits and cancels pass",
        refused.reason());

    killSwitch.storeQueueAccepted();
    assertTrue(gate.submit(GateOrders.entry(2)).accepted());
  }

  /**
   * A plan a switch flattens names the switch in its history with the words its entries' refusal
   * names (found by {@code LossLimitFlattenApiTest}: the flatten said nothing of why).
   */
  @Test
  void aFlattenNamesTheSwitchAndItsWordsAsARefusalDoes() {
    Instant since = Instant.parse("2026-12-05T15:00:00Z");
    assertEquals(
        "kill switch engaged for user:alice (daily loss limit reached: realized P&L of the day"
            + " -212 reached the daily loss limit of 100)",
        new KillSwitch.Engagement(
                KillScope.user("alice"),
                KillReason.DAILY_LOSS_LIMIT,
                "realized P&L of the day -212 reached the daily loss limit of 100",
                "risk limits",
                since,
                true)
            .flattenReason());
    assertEquals(
        "kill switch engaged (desk closed)",
        new KillSwitch.Engagement(
                KillScope.GLOBAL, KillReason.OPERATOR, "desk closed", "oscar", since, true)
            .flattenReason());
  }
}
