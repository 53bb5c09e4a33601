package com.tradeplan.testkit.plans;

import com.tradeplan.domain.history.PlanEvent;
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
import com.tradeplan.domain.plan.Target;
import com.tradeplan.domain.state.OrderSnapshot;
import com.tradeplan.domain.state.PlanSnapshot;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One plain valid plan and its snapshots step by step, for tests of what keeps and moves plans (the
 * store, the cluster): a LONG of 100 shares, entry above 101.25, stop 99.50, targets 105.00 (50
 * shares) and 110.00. Every {@code with...} step returns the snapshot at the next version, as the
 * engine would hand it over.
 */
public final class TestPlans {
  private TestPlans() {}

  /** A time with nanoseconds, so that a stored form that drops them is caught. */
  public static final Instant T0 = Instant.parse("2026-11-25T14:30:00.123456789Z");

  /** The plain plan of this class, with {@code id}, {@code owner} and a stock {@code symbol}. */
  public static Plan plan(String id, String owner, String symbol) {
    return new Plan(
        id,
        owner,
        Instrument.stock(symbol),
        Side.LONG,
        100,
        new Entry(EntryCondition.ABOVE, new BigDecimal("101.25"), null),
        List.of(new Stop(new BigDecimal("99.50"), null)),
        List.of(
            new Target(new BigDecimal("105.00"), 50L), new Target(new BigDecimal("110.00"), null)),
        null);
  }

  /** A fresh plan waiting for its entry, at version 1. */
  public static PlanSnapshot active(Plan plan) {
    return PlanSnapshot.initial(plan, PlanStatus.ACTIVE).withVersion(1);
  }

  /** {@link #plan} waiting for its entry, at version 1. */
  public static PlanSnapshot active(String id, String owner, String symbol) {
    return active(plan(id, owner, symbol));
  }

  /** {@code s} with another status and the next version. */
  public static PlanSnapshot withStatus(PlanSnapshot s, PlanStatus status) {
    return s.withStatus(status).withVersion(s.version() + 1);
  }

  /** {@code s} with one entry order sent (an intent) and the next version. */
  public static PlanSnapshot withEntryOrder(PlanSnapshot s, int attempt) {
    List<OrderSnapshot> orders = new ArrayList<>(s.orders());
    orders.add(
        new OrderSnapshot(
            new OrderRef(s.planId(), OrderRole.ENTRY, 0, attempt),
            OrderAction.BUY,
            s.plan().quantity(),
            0,
            OrderStatus.CREATED,
            "send entry when triggered"));
    return new PlanSnapshot(
        s.plan(),
        PlanStatus.ENTRY_SUBMITTED,
        s.position(),
        s.filledEntryQuantity(),
        s.entryCost(),
        s.grossPnl(),
        s.commission(),
        s.stops(),
        s.targetFired(),
        s.activeStop(),
        s.bestPrice(),
        s.stopTriggered(),
        s.flattenRequested(),
        s.flattenSentAt(),
        orders,
        s.executionIds(),
        s.commissions(),
        s.endReason(),
        s.version() + 1);
  }

  /** {@code s} with an entry fill of {@code qty} at {@code price}, live, at the next version. */
  public static PlanSnapshot withEntryFill(PlanSnapshot s, long qty, String price, String execId) {
    List<String> execIds = new ArrayList<>(s.executionIds());
    execIds.add(execId);
    return s.withFills(
            s.position() + qty,
            s.filledEntryQuantity() + qty,
            s.entryCost().add(new BigDecimal(price).multiply(BigDecimal.valueOf(qty))),
            s.grossPnl(),
            s.commission(),
            execIds)
        .withStatus(PlanStatus.CONTINGENT_ACTIVE)
        .withVersion(s.version() + 1);
  }

  /** {@code s} with {@code amount} more commission, at the next version. */
  public static PlanSnapshot withCommission(PlanSnapshot s, String amount) {
    return s.withFills(
            s.position(),
            s.filledEntryQuantity(),
            s.entryCost(),
            s.grossPnl(),
            s.commission().add(new BigDecimal(amount)),
            s.executionIds())
        .withVersion(s.version() + 1);
  }

  /** A STATUS event of {@code planId} at tick {@code tick} ({@link #T0} plus that many ms). */
  public static PlanEvent statusEvent(String planId, long tick, PlanStatus status) {
    return PlanEvent.status(planId, tick, T0.plusMillis(tick), status);
  }

  /** A FILL event of the first entry order of {@code planId} at tick {@code tick}. */
  public static PlanEvent fillEvent(String planId, long tick, long qty, String price) {
    return new PlanEvent(
        planId,
        tick,
        T0.plusNanos(tick),
        PlanEvent.Type.FILL,
        OrderRole.ENTRY,
        null,
        OrderAction.BUY,
        qty,
        new BigDecimal(price),
        null,
        null,
        planId + ":ENTRY:0:1",
        "send entry when triggered",
        null);
  }
}
