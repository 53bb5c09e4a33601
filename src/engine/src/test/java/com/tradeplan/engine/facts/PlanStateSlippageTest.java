package com.tradeplan.engine.facts;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.order.OrderType;
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
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A slippage-protected entry in the engine: it is sent as a limit N ticks from the trigger on the
 * instrument's grid, each fill adds a SLIPPAGE event, exits stay market orders, and an entry
 * without protection is the market order it always was.
 */
class PlanStateSlippageTest {
  private static final OrderRef ENTRY = new OrderRef("p1", OrderRole.ENTRY, 0, 1);
  private final EventClock clock = new EventClock();

  private static Plan plan(Side side, Integer ticks) {
    boolean buy = side == Side.LONG;
    return new Plan(
        "p1",
        "alice",
        Instrument.stock("NICKEL").withTickSize(new BigDecimal("0.05")),
        side,
        100,
        new Entry(
            buy ? EntryCondition.ABOVE : EntryCondition.BELOW,
            new BigDecimal("101.00"),
            null,
            ticks),
        List.of(new Stop(new BigDecimal(buy ? "99.00" : "103.00"), null)),
        List.of(),
        null);
  }

  private PlanState active(Plan p) {
    return PlanState.restore(PlanSnapshot.initial(p, PlanStatus.ACTIVE), clock);
  }

  @Test
  void aProtectedEntryIsALimitOnTheGridAndItsFillsRecordTheirSlippage() {
    PlanState p = active(plan(Side.LONG, 2));
    OrderRequest entry = p.openEntry("entry rule").request();
    assertThat(entry.type()).isEqualTo(OrderType.LIMIT);
    assertThat(entry.limitPrice()).isEqualByComparingTo("101.10");
    p.applyOrderUpdate(OrderUpdate.status(ENTRY, OrderStatus.SUBMITTED));
    p.drainEvents();

    assertThat(
            p.applyFill(
                new Fill(
                    "e1",
                    ENTRY,
                    OrderAction.BUY,
                    40,
                    new BigDecimal("101.05"),
                    null,
                    Instant.EPOCH)))
        .isTrue();
    List<PlanEvent> events = p.drainEvents();
    assertThat(events)
        .extracting(PlanEvent::type)
        .containsExactly(PlanEvent.Type.FILL, PlanEvent.Type.SLIPPAGE);
    PlanEvent slip = events.get(1);
    assertThat(slip.price()).isEqualByComparingTo("0.05");
    assertThat(slip.quantity()).isEqualTo(40);
    assertThat(slip.reason())
        .isEqualTo(
            "1 tick worse than the trigger 101.00 (0.05 a share, 2.00 for 40 shares; limit 101.10)");
  }

  @Test
  void aShortsLimitIsBelowTheTriggerAndAnUnprotectedEntryIsAMarketOrder() {
    OrderRequest sell = active(plan(Side.SHORT, 3)).openEntry("entry rule").request();
    assertThat(sell.type()).isEqualTo(OrderType.LIMIT);
    assertThat(sell.limitPrice()).isEqualByComparingTo("100.85");

    PlanState market = active(plan(Side.LONG, null));
    OrderRequest m = market.openEntry("entry rule").request();
    assertThat(m.type()).isEqualTo(OrderType.MARKET);
    assertThat(m.limitPrice()).isNull();
    market.applyOrderUpdate(OrderUpdate.status(ENTRY, OrderStatus.SUBMITTED));
    market.drainEvents();
    market.applyFill(
        new Fill("e1", ENTRY, OrderAction.BUY, 100, new BigDecimal("101.20"), null, Instant.EPOCH));
    assertThat(market.drainEvents())
        .extracting(PlanEvent::type)
        .containsExactly(PlanEvent.Type.FILL);
  }
}
