package com.tradeplan.engine.facts;

import com.tradeplan.domain.Decimals;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.plan.EntryCondition;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.plan.Stop;
import com.tradeplan.domain.plan.Target;
import com.tradeplan.domain.state.OrderSnapshot;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.domain.state.StopKind;
import com.tradeplan.domain.state.StopSnapshot;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The state of one plan inside its user's rule session: the fact the lifecycle rules match and
 * modify. Owned by the session's thread; not thread-safe. Its bookkeeping methods keep the
 * invariants of lifecycle.md that no rule may break, and throw {@link IllegalStateException} when a
 * rule tries.
 */
public final class PlanState {
  /** A triggered stop re-sends after rejections; past this many attempts it alerts instead. */
  public static final int ATTEMPTS_MAX = 20;

  /** Bound on remembered execution ids per plan (a plan has a handful of orders). */
  public static final int EXECUTIONS_MAX = 10_000;

  private final Plan plan;
  private final EventClock clock;
  private PlanStatus status;
  private long position;
  private long filledEntryQuantity;
  private BigDecimal entryCost;
  private BigDecimal grossPnl;
  private BigDecimal commission;
  private final List<StopLevel> stops = new ArrayList<>();
  private final List<TargetLevel> targets = new ArrayList<>();
  private BigDecimal activeStop;
  private BigDecimal bestPrice;
  private boolean stopTriggered;
  private boolean flattenRequested;
  private final List<OrderRecord> orders = new ArrayList<>();
  private final Set<String> executionIds = new LinkedHashSet<>();
  private String endReason;
  private long version;
  private boolean changed;
  private String statusRule;
  private final List<PlanEvent> events = new ArrayList<>();
  private final List<String> alerts = new ArrayList<>();

  private PlanState(PlanSnapshot s, EventClock clock) {
    this.plan = s.plan();
    this.clock = clock;
    this.status = s.status();
    this.position = s.position();
    this.filledEntryQuantity = s.filledEntryQuantity();
    this.entryCost = s.entryCost();
    this.grossPnl = s.grossPnl();
    this.commission = s.commission();
    for (StopSnapshot stop : s.stops()) {
      stops.add(new StopLevel(this, stop));
    }
    for (int j = 0; j < plan.targets().size(); j++) {
      Target t = plan.targets().get(j);
      targets.add(new TargetLevel(this, j, t.price(), t.quantity(), s.targetFired().get(j)));
    }
    this.activeStop = s.activeStop();
    this.bestPrice = s.bestPrice();
    this.stopTriggered = s.stopTriggered();
    this.flattenRequested = s.flattenRequested();
    for (OrderSnapshot o : s.orders()) {
      orders.add(new OrderRecord(o));
    }
    executionIds.addAll(s.executionIds());
    this.endReason = s.endReason();
    this.version = s.version();
  }

  /** Rebuilds the state of a plan exactly from its snapshot. */
  public static PlanState restore(PlanSnapshot snapshot, EventClock clock) {
    return new PlanState(snapshot, clock);
  }

  /** The initial snapshot of a validated plan in the given status (ACTIVE when activated). */
  public static PlanSnapshot initial(Plan plan, PlanStatus status) {
    List<StopSnapshot> stops = new ArrayList<>();
    for (int i = 0; i < plan.stops().size(); i++) {
      Stop s = plan.stops().get(i);
      StopKind kind = s.activateAt() == null ? StopKind.FIXED : StopKind.ACTIVATED;
      stops.add(new StopSnapshot(i, kind, s.price(), s.activateAt(), false));
    }
    if (plan.trailingStop() != null) {
      stops.add(new StopSnapshot(-1, StopKind.TRAILING, null, null, false));
    }
    List<Boolean> fired = new ArrayList<>();
    plan.targets().forEach(t -> fired.add(false));
    return new PlanSnapshot(
        plan,
        status,
        0,
        0,
        BigDecimal.ZERO,
        BigDecimal.ZERO,
        BigDecimal.ZERO,
        stops,
        fired,
        null,
        null,
        false,
        false,
        List.of(),
        List.of(),
        null,
        0);
  }

  /** The plain value of this state; the version counts the changes made since the plan began. */
  public PlanSnapshot snapshot() {
    List<StopSnapshot> s = new ArrayList<>();
    stops.forEach(stop -> s.add(stop.snapshot()));
    List<Boolean> fired = new ArrayList<>();
    targets.forEach(t -> fired.add(t.isFired()));
    List<OrderSnapshot> o = new ArrayList<>();
    orders.forEach(order -> o.add(order.snapshot()));
    return new PlanSnapshot(
        plan,
        status,
        position,
        filledEntryQuantity,
        entryCost,
        grossPnl,
        commission,
        s,
        fired,
        activeStop,
        bestPrice,
        stopTriggered,
        flattenRequested,
        o,
        List.copyOf(executionIds),
        endReason,
        version);
  }

  // ---- what the rules read ----

  public Plan getPlan() {
    return plan;
  }

  public String getId() {
    return plan.id();
  }

  public String getOwner() {
    return plan.owner();
  }

  public String getSymbol() {
    return plan.symbol();
  }

  public Side getSide() {
    return plan.side();
  }

  public PlanStatus getStatus() {
    return status;
  }

  public boolean isLive() {
    return status.isLive();
  }

  public EntryCondition getEntryCondition() {
    return plan.entry().condition();
  }

  public BigDecimal getEntryPrice() {
    return plan.entry().price();
  }

  public Instant getExpiresAt() {
    return plan.entry().expiresAt();
  }

  public long getPosition() {
    return position;
  }

  public long getFilledEntryQuantity() {
    return filledEntryQuantity;
  }

  public BigDecimal getActiveStop() {
    return activeStop;
  }

  public BigDecimal getBestPrice() {
    return bestPrice;
  }

  public BigDecimal getTrailingDistance() {
    return plan.trailingStop() == null ? null : plan.trailingStop().distance();
  }

  /** The trailing stop's level: best price since the first fill minus (LONG) its distance. */
  public BigDecimal getTrailingLevel() {
    if (bestPrice == null || plan.trailingStop() == null) {
      return null;
    }
    BigDecimal d = plan.trailingStop().distance();
    return getSide() == Side.LONG ? bestPrice.subtract(d) : bestPrice.add(d);
  }

  public boolean isStopTriggered() {
    return stopTriggered;
  }

  public boolean isFlattenRequested() {
    return flattenRequested;
  }

  public List<StopLevel> getStops() {
    return stops;
  }

  public List<TargetLevel> getTargets() {
    return targets;
  }

  public List<OrderRecord> getOrders() {
    return orders;
  }

  /**
   * Quantity in exit orders that may still fill, pending cancels included (they may lose the race).
   */
  public long getWorkingExitQuantity() {
    long q = 0;
    for (OrderRecord o : orders) {
      if (o.getRole().isExit() && o.isWorking()) {
        q += o.getRemainingQuantity();
      }
    }
    return q;
  }

  /** Exit quantity still waiting for a cancel confirmation. */
  public long getPendingCancelExitQuantity() {
    long q = 0;
    for (OrderRecord o : orders) {
      if (o.getRole().isExit() && o.isWorking() && o.getStatus() == OrderStatus.PENDING_CANCEL) {
        q += o.getRemainingQuantity();
      }
    }
    return q;
  }

  /** Open position that no working exit order covers. */
  public long getUncoveredQuantity() {
    return position - getWorkingExitQuantity();
  }

  /** The entry order while its remainder is still wanted, else null. */
  public OrderRecord getWorkingEntry() {
    for (OrderRecord o : orders) {
      if (o.getRole() == OrderRole.ENTRY && o.isActiveWorking()) {
        return o;
      }
    }
    return null;
  }

  /** True when the entry order ended (cancelled, rejected, inactive) and nothing of it filled. */
  public boolean isEntryEndedUnfilled() {
    for (OrderRecord o : orders) {
      if (o.getRole() == OrderRole.ENTRY && !o.isWorking() && o.getFilledQuantity() == 0) {
        return true;
      }
    }
    return false;
  }

  public String getEndReason() {
    return endReason;
  }

  // ---- what the rules change ----

  /** Moves the plan status through its transition table; a refused move throws. */
  public void setStatus(PlanStatus next) {
    if (next != status) {
      status = status.moveTo(next);
      statusRule = clock.rule();
      changed = true;
    }
  }

  public void setEndReason(String reason) {
    this.endReason = reason;
    changed = true;
  }

  /** The active stop only ever tightens (higher for a LONG, lower for a SHORT). */
  public void setActiveStop(BigDecimal level) {
    if (activeStop != null && !getSide().isBetter(level, activeStop)) {
      throw new IllegalStateException(
          "plan "
              + getId()
              + ": the active stop never loosens ("
              + activeStop
              + " -> "
              + level
              + ")");
    }
    activeStop = level;
    changed = true;
  }

  /** Records a better price for the trailing stop (the fill price counts too). */
  public void setBestPrice(BigDecimal price) {
    if (bestPrice == null || getSide().isBetter(price, bestPrice)) {
      bestPrice = price;
      changed = true;
    }
  }

  public void setStopTriggered(boolean triggered) {
    if (!triggered && stopTriggered) {
      throw new IllegalStateException("plan " + getId() + ": a triggered stop stays triggered");
    }
    if (triggered != stopTriggered) {
      stopTriggered = true;
      changed = true;
    }
  }

  public void setFlattenRequested(boolean requested) {
    if (requested && !flattenRequested) {
      flattenRequested = true;
      changed = true;
    }
  }

  /** Records the entry market order for the plan quantity and returns it for sending. */
  public OrderIntent openEntry(String rule) {
    if (status != PlanStatus.ACTIVE) {
      throw new IllegalStateException("plan " + getId() + ": entry sent while " + status);
    }
    OrderIntent intent = open(OrderRole.ENTRY, 0, plan.quantity(), getSide().entryAction(), rule);
    setStatus(PlanStatus.ENTRY_SUBMITTED);
    return intent;
  }

  /**
   * Records an exit market order and returns it for sending. Refuses (throws) an exit beyond the
   * open position not yet covered by working exits: the engine can never flip a trade.
   */
  public OrderIntent openExit(OrderRole role, int index, long quantity, String rule) {
    if (!role.isExit()) {
      throw new IllegalArgumentException("not an exit role: " + role);
    }
    if (quantity <= 0 || quantity > getUncoveredQuantity()) {
      throw new IllegalStateException(
          "plan "
              + getId()
              + ": exit of "
              + quantity
              + " but only "
              + getUncoveredQuantity()
              + " of the position "
              + position
              + " is uncovered");
    }
    return open(role, index, quantity, getSide().exitAction(), rule);
  }

  private OrderIntent open(
      OrderRole role,
      int index,
      long quantity,
      com.tradeplan.domain.order.OrderAction action,
      String rule) {
    int attempt = 1;
    for (OrderRecord o : orders) {
      if (o.getRole() == role && o.getIndex() == index) {
        attempt++;
      }
    }
    if (attempt > ATTEMPTS_MAX) {
      throw new IllegalStateException(
          "plan " + getId() + ": " + role + " " + index + " reached " + ATTEMPTS_MAX + " attempts");
    }
    OrderRef ref = new OrderRef(getId(), role, index, attempt);
    orders.add(
        new OrderRecord(new OrderSnapshot(ref, action, quantity, 0, OrderStatus.CREATED, rule)));
    changed = true;
    events.add(
        new PlanEvent(
            getId(),
            clock.tick(),
            clock.time(),
            PlanEvent.Type.ORDER,
            role,
            index,
            action,
            quantity,
            null,
            null,
            null,
            ref.toString(),
            rule,
            null));
    return new OrderIntent(
        OrderRequest.market(ref, getOwner(), plan.instrument(), action, quantity, rule));
  }

  /** Asks for the unfilled rest of a working order to be cancelled. */
  public CancelIntent requestCancel(OrderRecord order, String rule) {
    if (!orders.contains(order) || !order.isActiveWorking()) {
      throw new IllegalStateException("plan " + getId() + ": cannot cancel " + order);
    }
    order.moveTo(OrderStatus.PENDING_CANCEL);
    changed = true;
    long unfilled = order.getRemainingQuantity();
    events.add(
        new PlanEvent(
            getId(),
            clock.tick(),
            clock.time(),
            PlanEvent.Type.CANCEL,
            order.getRole(),
            order.getIndex(),
            order.getAction(),
            unfilled,
            null,
            null,
            null,
            order.getRef().toString(),
            rule,
            null));
    return new CancelIntent(getOwner(), order.getRef(), unfilled, rule);
  }

  /** Cancels every order whose remainder is still wanted, in the order they were sent. */
  public List<CancelIntent> cancelAllWorking(String rule) {
    List<CancelIntent> cancels = new ArrayList<>();
    for (OrderRecord o : List.copyOf(orders)) {
      if (o.isActiveWorking()) {
        cancels.add(requestCancel(o, rule));
      }
    }
    return cancels;
  }

  /** True when this execution was applied before: a replay must change nothing. */
  public boolean hasExecution(String executionId) {
    return executionIds.contains(executionId);
  }

  /**
   * Applies an execution with its actual quantity and price. A duplicate, an unknown order, an
   * overfill or an exit beyond the position changes nothing and raises an alert instead.
   */
  public boolean applyFill(Fill fill) {
    if (executionIds.contains(fill.executionId())) {
      return false;
    }
    OrderRecord order = find(fill.orderRef());
    if (order == null) {
      return alert("fill " + fill.executionId() + " for unknown order " + fill.orderRef());
    }
    if (fill.action() != order.getAction() || fill.quantity() > order.getRemainingQuantity()) {
      return alert("fill " + fill.executionId() + " does not fit order " + order);
    }
    boolean entry = order.getRole() == OrderRole.ENTRY;
    if (!entry && fill.quantity() > position) {
      return alert("exit fill " + fill.executionId() + " beyond the position " + position);
    }
    if (executionIds.size() >= EXECUTIONS_MAX) {
      return alert("too many executions on one plan: " + executionIds.size());
    }
    if (status.isTerminal()) {
      // The money moved at the broker: record it, and make sure a person looks at it.
      alert(
          "fill "
              + fill.executionId()
              + " of "
              + fill.quantity()
              + " on a plan that already ended ("
              + status
              + "): the position it leaves must be closed by hand");
    }
    executionIds.add(fill.executionId());
    order.addFill(fill.quantity());
    BigDecimal qty = BigDecimal.valueOf(fill.quantity());
    if (entry) {
      position += fill.quantity();
      filledEntryQuantity += fill.quantity();
      entryCost = entryCost.add(fill.price().multiply(qty, Decimals.MATH), Decimals.MATH);
    } else {
      BigDecimal avg = entryCost.divide(BigDecimal.valueOf(filledEntryQuantity), Decimals.MATH);
      BigDecimal perShare = fill.price().subtract(avg, Decimals.MATH);
      BigDecimal pnl = perShare.multiply(qty, Decimals.MATH);
      grossPnl = grossPnl.add(getSide() == Side.LONG ? pnl : pnl.negate(), Decimals.MATH);
      position -= fill.quantity();
    }
    if (fill.commission() != null) {
      commission = commission.add(fill.commission(), Decimals.MATH);
    }
    changed = true;
    events.add(
        new PlanEvent(
            getId(),
            clock.tick(),
            clock.time(),
            PlanEvent.Type.FILL,
            order.getRole(),
            order.getIndex(),
            order.getAction(),
            fill.quantity(),
            fill.price(),
            null,
            null,
            order.getRef().toString(),
            null,
            fill.executionId()));
    return true;
  }

  /** Adds a commission reported after its execution. */
  public void applyCommission(Commission c) {
    if (c.amount().signum() < 0) {
      alert("negative commission " + c);
      return;
    }
    commission = commission.add(c.amount(), Decimals.MATH);
    changed = true;
  }

  /** Applies a broker status report to its order; a move the table refuses raises an alert. */
  public void applyOrderUpdate(OrderUpdate update) {
    OrderRecord order = find(update.ref());
    if (order == null) {
      alert("status " + update.status() + " for unknown order " + update.ref());
      return;
    }
    OrderStatus before = order.getStatus();
    if (!order.moveTo(update.status())) {
      alert("order " + order + " cannot move to " + update.status());
      return;
    }
    if (update.rejected()) {
      events.add(
          new PlanEvent(
              getId(),
              clock.tick(),
              clock.time(),
              PlanEvent.Type.REJECT,
              order.getRole(),
              order.getIndex(),
              order.getAction(),
              order.getRemainingQuantity(),
              null,
              null,
              null,
              order.getRef().toString(),
              null,
              update.reason()));
      if (order.getRole() == OrderRole.ENTRY) {
        endReason = update.reason();
      }
    }
    if (before != order.getStatus()) {
      changed = true;
    }
  }

  private OrderRecord find(OrderRef ref) {
    for (OrderRecord o : orders) {
      if (o.getRef().equals(ref)) {
        return o;
      }
    }
    return null;
  }

  private boolean alert(String message) {
    alerts.add("plan " + getId() + ": " + message);
    return false;
  }

  // ---- what the engine reads after each step ----

  void markChanged() {
    changed = true;
  }

  /**
   * Returns and clears the history events of the last step. When durable state changed, the version
   * goes up by one: the caller must persist the new snapshot.
   */
  public boolean takeChanged() {
    boolean c = changed;
    if (c) {
      version++;
      changed = false;
    }
    return c;
  }

  public List<PlanEvent> drainEvents() {
    if (events.isEmpty()) {
      return List.of();
    }
    List<PlanEvent> out = List.copyOf(events);
    events.clear();
    return out;
  }

  public List<String> drainAlerts() {
    if (alerts.isEmpty()) {
      return List.of();
    }
    List<String> out = List.copyOf(alerts);
    alerts.clear();
    return out;
  }

  /** The rule that made the last status change (for the history's STATUS entries). */
  public String statusRule() {
    return statusRule;
  }

  public long getVersion() {
    return version;
  }

  /** Helper for rules: the plan's event clock time (the current tick or report). */
  public Instant now() {
    return clock.time();
  }

  @Override
  public String toString() {
    return "PlanState[" + getId() + " " + status + " position=" + position + "]";
  }
}
