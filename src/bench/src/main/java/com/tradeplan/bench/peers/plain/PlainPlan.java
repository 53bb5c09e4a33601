package com.tradeplan.bench.peers.plain;

import com.tradeplan.domain.broker.Broker;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.plan.EntryCondition;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.plan.Stop;
import com.tradeplan.domain.plan.Target;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;

/**
 * One plan's lifecycle in plain Java, as a developer would write it without a rules engine: the
 * same decisions as the rules of {@code rules/lifecycle}, in the order of lifecycle.md section 4
 * (fills first, entry or expiry, stops, stop hit and targets, exits sized {@code min(wanted,
 * uncovered)}, stop first then targets by index). A benchmark peer only: it covers complete fills
 * of market orders and throws on anything else (a partial fill, a fill of an unknown order).
 */
public final class PlainPlan {
  private static final String REASON = "hand-coded lifecycle";

  private final Plan plan;
  private final Side side;
  private PlanStatus status = PlanStatus.ACTIVE;
  private long position;
  private OrderRef entryWorking;
  private OrderRef[] exitRefs = new OrderRef[2];
  private long[] exitQuantities = new long[2];
  private int exits;
  private long workingExitQuantity;

  /** Per stop of the plan, then the trailing stop last: its level (null: not yet known). */
  private final BigDecimal[] stopLevels;

  private final boolean[] eligible;
  private final int trailing;
  private BigDecimal activeStop;
  private BigDecimal bestPrice;
  private boolean stopTriggered;
  private int stopAttempts;
  private final boolean[] targetFired;
  private final int[] targetAttempts;
  private long wokenAt = -1;
  private Object indexEntry;

  public PlainPlan(Plan plan) {
    this.plan = plan;
    this.side = plan.side();
    int n = plan.stops().size();
    this.trailing = plan.trailingStop() == null ? -1 : n;
    this.stopLevels = new BigDecimal[trailing < 0 ? n : n + 1];
    this.eligible = new boolean[stopLevels.length];
    for (int i = 0; i < n; i++) {
      stopLevels[i] = plan.stops().get(i).price();
    }
    this.targetFired = new boolean[plan.targets().size()];
    this.targetAttempts = new int[plan.targets().size()];
  }

  public Plan plan() {
    return plan;
  }

  public String id() {
    return plan.id();
  }

  public String symbol() {
    return plan.symbol();
  }

  public PlanStatus status() {
    return status;
  }

  public boolean ended() {
    return status.isTerminal();
  }

  /** True the first time it is asked for this {@code seq}: one evaluation per tick. */
  public boolean firstWakeOf(long seq) {
    if (wokenAt == seq) {
      return false;
    }
    wokenAt = seq;
    return true;
  }

  /** What its {@link WakeIndex} keeps about it; opaque to the plan. */
  public Object indexEntry() {
    return indexEntry;
  }

  public void setIndexEntry(Object entry) {
    this.indexEntry = entry;
  }

  /** Applies a complete fill of one of its orders (lifecycle.md section 4, step 1). */
  public void applyFill(Fill fill) {
    OrderRef ref = fill.orderRef();
    if (ref.role() == OrderRole.ENTRY) {
      if (!ref.equals(entryWorking)) {
        throw new IllegalStateException(id() + ": fill of no working entry " + fill);
      }
      entryWorking = null;
      position += fill.quantity();
      if (trailing >= 0 && (bestPrice == null || side.isBetter(fill.price(), bestPrice))) {
        bestPrice = fill.price();
      }
      status = PlanStatus.CONTINGENT_ACTIVE;
      for (int i = 0; i < plan.stops().size(); i++) {
        if (plan.stops().get(i).activateAt() == null) {
          eligible[i] = true;
        }
      }
      classifyStops();
      return;
    }
    int k = exitSlot(ref);
    if (k < 0 || exitQuantities[k] != fill.quantity()) {
      throw new IllegalStateException(id() + ": not a complete fill of a working exit " + fill);
    }
    exits--;
    exitRefs[k] = exitRefs[exits];
    exitQuantities[k] = exitQuantities[exits];
    exitRefs[exits] = null;
    workingExitQuantity -= fill.quantity();
    position -= fill.quantity();
    if (position == 0) {
      status = PlanStatus.INACTIVE;
    } else {
      status = exits > 0 ? PlanStatus.CONTINGENT_SUBMITTED : PlanStatus.CONTINGENT_ACTIVE;
    }
  }

  /** Evaluates a tick of its symbol and sends what it decides (lifecycle.md section 4). */
  public void evaluate(Tick tick, Broker broker) {
    BigDecimal last = tick.last();
    if (status == PlanStatus.ACTIVE) {
      Instant expiresAt = plan.entry().expiresAt();
      if (expiresAt != null && tick.time().isAfter(expiresAt)) {
        status = PlanStatus.CANCELLED;
      } else if (plan.entry().condition().isMet(last, plan.entry().price())) {
        entryWorking = send(broker, OrderRole.ENTRY, 0, 1, side.entryAction(), plan.quantity());
        status = PlanStatus.ENTRY_SUBMITTED;
      }
      return;
    }
    if (!status.isLive()) {
      return;
    }
    if (trailing >= 0 && bestPrice != null && side.isBetter(last, bestPrice)) {
      bestPrice = last;
    }
    for (int i = 0; i < plan.stops().size(); i++) {
      BigDecimal activateAt = plan.stops().get(i).activateAt();
      if (!eligible[i] && activateAt != null && side.reachedProfitLevel(last, activateAt)) {
        eligible[i] = true;
      }
    }
    classifyStops();
    if (!stopTriggered && activeStop != null && side.reachedStopLevel(last, activeStop)) {
      stopTriggered = true;
    }
    if (stopTriggered && uncovered() > 0) {
      exit(broker, OrderRole.STOP, 0, null, stopAttempts + 1);
    }
    for (int k = 0; k < targetFired.length; k++) {
      Target t = plan.targets().get(k);
      if (!targetFired[k] && side.reachedProfitLevel(last, t.price())) {
        targetFired[k] = true;
        exit(broker, OrderRole.TARGET, k, t.quantity(), targetAttempts[k] + 1);
      }
    }
  }

  /** The trailing level from the best price, then the active stop: the tightest eligible level. */
  private void classifyStops() {
    if (trailing >= 0 && bestPrice != null) {
      BigDecimal d = plan.trailingStop().distance();
      BigDecimal level = side == Side.LONG ? bestPrice.subtract(d) : bestPrice.add(d);
      if (stopLevels[trailing] == null || side.isBetter(level, stopLevels[trailing])) {
        stopLevels[trailing] = level;
      }
      eligible[trailing] = true;
    }
    for (int i = 0; i < stopLevels.length; i++) {
      BigDecimal level = stopLevels[i];
      if (eligible[i] && (activeStop == null || side.isBetter(level, activeStop))) {
        activeStop = level;
      }
    }
  }

  /** Sends {@code min(wanted, uncovered)} if it is > 0 (wanted null: all that is uncovered). */
  private void exit(Broker broker, OrderRole role, int index, Long wanted, int attempt) {
    long size = wanted == null ? uncovered() : Math.min(wanted, uncovered());
    if (size <= 0) {
      return;
    }
    if (role == OrderRole.TARGET) {
      targetAttempts[index] = attempt;
    } else {
      stopAttempts = attempt;
    }
    OrderRef ref = send(broker, role, index, attempt, side.exitAction(), size);
    if (exits == exitRefs.length) {
      exitRefs = Arrays.copyOf(exitRefs, exits * 2);
      exitQuantities = Arrays.copyOf(exitQuantities, exits * 2);
    }
    exitRefs[exits] = ref;
    exitQuantities[exits++] = size;
    workingExitQuantity += size;
    status = PlanStatus.CONTINGENT_SUBMITTED;
  }

  private OrderRef send(
      Broker broker, OrderRole role, int index, int attempt, OrderAction action, long quantity) {
    OrderRef ref = new OrderRef(plan.id(), role, index, attempt);
    SubmitResult r =
        broker.submit(
            OrderRequest.market(ref, plan.owner(), plan.instrument(), action, quantity, REASON));
    if (!r.accepted()) {
      throw new IllegalStateException(id() + ": the benchmark market refused " + ref + ": " + r);
    }
    return ref;
  }

  private long uncovered() {
    return position - workingExitQuantity;
  }

  private int exitSlot(OrderRef ref) {
    for (int k = 0; k < exits; k++) {
      if (exitRefs[k].equals(ref)) {
        return k;
      }
    }
    return -1;
  }

  /**
   * The prices at which a tick can change this plan, as the engine's {@code Band}: the entry level
   * while ACTIVE (and its expiry); once live, the active stop below and, above, the nearest of the
   * activation levels not yet reached, the targets not yet fired and the trailing stop's best
   * price; every tick while a triggered stop has uncovered shares; never otherwise.
   */
  public Wake wake() {
    if (status == PlanStatus.ACTIVE) {
      boolean above = plan.entry().condition() == EntryCondition.ABOVE;
      BigDecimal entry = plan.entry().price();
      return new Wake(above ? null : entry, above ? entry : null, plan.entry().expiresAt(), false);
    }
    if (!status.isLive()) {
      return Wake.NEVER;
    }
    if (stopTriggered && uncovered() > 0) {
      return Wake.ALWAYS;
    }
    BigDecimal protect = stopTriggered ? null : activeStop;
    BigDecimal profit = null;
    for (int i = 0; i < plan.stops().size(); i++) {
      Stop s = plan.stops().get(i);
      if (s.activateAt() != null && !eligible[i]) {
        profit = nearest(profit, s.activateAt());
      }
    }
    for (int k = 0; k < targetFired.length; k++) {
      if (!targetFired[k]) {
        profit = nearest(profit, plan.targets().get(k).price());
      }
    }
    if (trailing >= 0 && bestPrice != null) {
      profit = nearest(profit, bestPrice);
    }
    return side == Side.LONG
        ? new Wake(protect, profit, null, false)
        : new Wake(profit, protect, null, false);
  }

  private BigDecimal nearest(BigDecimal current, BigDecimal candidate) {
    return current == null || side.isBetter(current, candidate) ? candidate : current;
  }
}
