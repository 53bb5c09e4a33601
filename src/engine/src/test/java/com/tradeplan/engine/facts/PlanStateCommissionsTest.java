package com.tradeplan.engine.facts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.plan.Entry;
import com.tradeplan.domain.plan.EntryCondition;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.plan.Stop;
import com.tradeplan.domain.state.PlanSnapshot;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 20, point 7: a commission is keyed by its execution id and charged once, and the plan's
 * snapshot carries what was charged per execution, so a replay after a restart or a take-over (a
 * state restored from that snapshot) charges nothing again. Driven through {@link PlanState}
 * directly; the rules' side is in {@code CommissionReplayTest}.
 */
class PlanStateCommissionsTest {
  private static final OrderRef ENTRY = new OrderRef("p1", OrderRole.ENTRY, 0, 1);
  private static final Instant T0 = Instant.parse("2026-03-02T14:30:00Z");

  private final EventClock clock = new EventClock();
  private PlanState plan;

  @BeforeEach
  void enter() {
    clock.set(1, T0);
    Plan p =
        new Plan(
            "p1",
            "alice",
            Instrument.stock("AAPL"),
            Side.LONG,
            100,
            new Entry(EntryCondition.ABOVE, new BigDecimal("101.00"), null),
            List.of(new Stop(new BigDecimal("99.00"), null)),
            List.of(),
            null);
    plan = PlanState.restore(PlanSnapshot.initial(p, PlanStatus.ACTIVE), clock);
    plan.openEntry("entry rule");
    plan.applyOrderUpdate(OrderUpdate.status(ENTRY, OrderStatus.SUBMITTED));
    plan.takeChanged();
  }

  private static Fill fill(String executionId, long quantity, BigDecimal commission) {
    return new Fill(
        executionId, ENTRY, OrderAction.BUY, quantity, new BigDecimal("101.00"), commission, T0);
  }

  private static Commission commission(String executionId, String amount) {
    return new Commission(executionId, ENTRY, new BigDecimal(amount));
  }

  @Test
  void aCommissionIsChargedOncePerExecutionIdAndRecordedWithIt() {
    plan.applyFill(fill("e1", 40, null));
    plan.applyCommission(commission("e1", "1.00"));
    assertThat(plan.takeChanged()).isTrue();
    PlanSnapshot charged = plan.snapshot();

    plan.applyCommission(commission("e1", "1.00"));
    plan.applyCommission(commission("e1", "1.00"));

    assertThat(plan.snapshot()).as("a repeat changes nothing").isEqualTo(charged);
    assertThat(plan.takeChanged()).isFalse();
    assertThat(plan.drainAlerts()).as("a repeat of the same figure is expected").isEmpty();
    assertThat(charged.commission()).isEqualByComparingTo("1.00");
    assertThat(charged.commissions()).containsExactly(entry("e1", new BigDecimal("1.00")));
  }

  @Test
  void aRepeatWithAnotherAmountIsNotChargedButAlerted() {
    plan.applyFill(fill("e1", 40, null));
    plan.applyCommission(commission("e1", "1.00"));

    plan.applyCommission(commission("e1", "1.40"));

    assertThat(plan.snapshot().commission()).isEqualByComparingTo("1.00");
    assertThat(plan.drainAlerts())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("execution e1", "says 1.40 but 1.00 was charged", "not charged again");
  }

  @Test
  void aCommissionBeforeItsExecutionIsChargedOnceAndTheExecutionDoesNotChargeAgain() {
    plan.applyCommission(commission("e1", "1.00"));

    assertThat(plan.applyFill(fill("e1", 40, new BigDecimal("1.00")))).isTrue();

    assertThat(plan.snapshot().commission()).isEqualByComparingTo("1.00");
    assertThat(plan.snapshot().executionIds()).containsExactly("e1");
    assertThat(plan.snapshot().commissions()).containsOnlyKeys("e1");
  }

  @Test
  void aCommissionThatCameWithItsExecutionIsNotChargedAgainByItsReport() {
    plan.applyFill(fill("e1", 40, new BigDecimal("0.20")));

    plan.applyCommission(commission("e1", "0.20"));

    assertThat(plan.snapshot().commission()).isEqualByComparingTo("0.20");
  }

  @Test
  void aRestoredStateRefusesEveryReplayedReport() {
    plan.applyFill(fill("e1", 40, null));
    plan.applyCommission(commission("e1", "1.00"));
    plan.applyFill(fill("e2", 60, null));
    plan.applyCommission(commission("e2", "0.30"));
    plan.takeChanged();
    PlanSnapshot before = plan.snapshot();

    PlanState restored = PlanState.restore(before, clock);
    assertThat(restored.applyFill(fill("e1", 40, null))).isFalse();
    restored.applyCommission(commission("e1", "1.00"));
    assertThat(restored.applyFill(fill("e2", 60, null))).isFalse();
    restored.applyCommission(commission("e2", "0.30"));

    assertThat(restored.takeChanged()).isFalse();
    assertThat(restored.snapshot()).isEqualTo(before);
    assertThat(restored.snapshot().realizedPnl()).isEqualByComparingTo("-1.30");
  }

  @Test
  void anExecutionChargedBeforeAmountsWereKeptIsNotChargedAgainNorCompared() {
    plan.applyFill(fill("e1", 40, null));
    plan.applyCommission(commission("e1", "1.00"));
    plan.takeChanged();
    Map<String, BigDecimal> legacy = new LinkedHashMap<>();
    legacy.put("e1", null);
    PlanState restored = PlanState.restore(plan.snapshot().withCommissions(legacy), clock);

    restored.applyCommission(commission("e1", "1.25"));

    assertThat(restored.takeChanged()).isFalse();
    assertThat(restored.snapshot().commission()).isEqualByComparingTo("1.00");
    assertThat(restored.drainAlerts()).as("an unknown amount is not compared").isEmpty();
  }

  @Test
  void aNegativeCommissionIsRefused() {
    plan.applyFill(fill("e1", 40, null));

    plan.applyCommission(new Commission("e1", ENTRY, new BigDecimal("-1.00")));

    assertThat(plan.snapshot().commission()).isEqualByComparingTo("0");
    assertThat(plan.hasCommission("e1")).as("a refused figure is not recorded").isFalse();
    assertThat(plan.drainAlerts())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("negative commission");
  }
}
