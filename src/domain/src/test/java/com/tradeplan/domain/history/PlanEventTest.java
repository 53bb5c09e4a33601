package com.tradeplan.domain.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.TradeStatus;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PlanEventTest {
  private static final Instant T = Instant.parse("2026-03-02T14:30:05Z");
  private static final OrderRef TARGET_1 = new OrderRef("p1", OrderRole.TARGET, 1, 2);
  private static final OrderRef ENTRY = new OrderRef("p1", OrderRole.ENTRY, 0, 1);

  @Test
  void anOrderEventTakesPlanRoleAndIndexFromItsRef() {
    PlanEvent e = PlanEvent.order(TARGET_1, 9, T, OrderAction.SELL, 50, "A target is reached");

    assertThat(e)
        .isEqualTo(
            new PlanEvent(
                "p1",
                9,
                T,
                PlanEvent.Type.ORDER,
                OrderRole.TARGET,
                1,
                OrderAction.SELL,
                50L,
                null,
                null,
                null,
                "p1:TARGET:1:2",
                "A target is reached",
                null));
  }

  @Test
  void aFillEventKeepsItsExecutionIdAsTheReasonAndDropsTheIndexOfANonTarget() {
    PlanEvent e = PlanEvent.fill(ENTRY, 4, T, OrderAction.BUY, 40, new BigDecimal("101.10"), "e1");

    assertThat(e)
        .isEqualTo(
            new PlanEvent(
                "p1",
                4,
                T,
                PlanEvent.Type.FILL,
                OrderRole.ENTRY,
                null,
                OrderAction.BUY,
                40L,
                new BigDecimal("101.10"),
                null,
                null,
                "p1:ENTRY:0:1",
                null,
                "e1"));
  }

  @Test
  void cancelAndRejectEventsCarryTheUnfilledQuantityWithTheirRuleOrReason() {
    PlanEvent cancel = PlanEvent.cancel(ENTRY, 7, T, OrderAction.BUY, 60, "flatten");
    PlanEvent reject = PlanEvent.reject(TARGET_1, 8, T, OrderAction.SELL, 50, "201: no shares");

    assertThat(cancel.type()).isEqualTo(PlanEvent.Type.CANCEL);
    assertThat(cancel.quantity()).isEqualTo(60L);
    assertThat(cancel.rule()).isEqualTo("flatten");
    assertThat(cancel.reason()).isNull();
    assertThat(reject.type()).isEqualTo(PlanEvent.Type.REJECT);
    assertThat(reject.index()).isEqualTo(1);
    assertThat(reject.rule()).isNull();
    assertThat(reject.reason()).isEqualTo("201: no shares");
  }

  @Test
  void aStatusEventNamesTheRuleAndReasonWhenGiven() {
    PlanEvent plain = PlanEvent.status("p1", 3, T, PlanStatus.REJECTED);
    PlanEvent caused = PlanEvent.status("p1", 3, T, PlanStatus.REJECTED, "rule r", "201: margin");

    assertThat(plain.tradeStatus()).isEqualTo(TradeStatus.CANCELLED);
    assertThat(plain.rule()).isNull();
    assertThat(plain.reason()).isNull();
    assertThat(caused)
        .isEqualTo(
            new PlanEvent(
                "p1",
                3,
                T,
                PlanEvent.Type.STATUS,
                null,
                null,
                null,
                null,
                null,
                PlanStatus.REJECTED,
                TradeStatus.CANCELLED,
                null,
                "rule r",
                "201: margin"));
  }

  @Test
  void aDenialIsItsOwnEventWithTheLimitAsItsReason() {
    PlanEvent e = PlanEvent.deny(ENTRY, 3, T, OrderAction.BUY, 100, "kill switch engaged");

    assertThat(e.type()).isEqualTo(PlanEvent.Type.DENY);
    assertThat(e.reason()).isEqualTo("kill switch engaged");
    assertThat(e.rule()).as("a denial is no rule's decision").isNull();
    assertThat(e.quantity()).isEqualTo(100L);
    assertThat(e.orderRef()).isEqualTo("p1:ENTRY:0:1");
  }
}
