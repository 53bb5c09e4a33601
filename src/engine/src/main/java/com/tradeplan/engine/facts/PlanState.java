package com.tradeplan.engine.facts;

import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.plan.EntryCondition;
import com.tradeplan.domain.plan.ExitChange;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.plan.Target;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.domain.state.StopSnapshot;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The state of one plan inside its user's rule session: the fact the lifecycle rules match and
 * modify. Owned by the session's thread; not thread-safe. Its bookkeeping methods keep the
 * invariants of lifecycle.md that no rule may break, and throw {@link IllegalStateException} when a
 * rule tries.
 *
 * <p>The getters and methods the rules in {@code rules/lifecycle} use are all here, so a rule only
 * ever names {@code PlanState}: that is the rules' vocabulary, and its names stay. The work behind
 * most of them is done by its parts: the money (position, entry cost, P&L, commissions, executions
 * seen) by its {@link FillLedger}; its orders by {@link PlanOrders}; the orders the rules decide
 * (entry, exits, cancels) by its {@link OrderDesk}; the broker's reports (fills, commissions,
 * status reports) by its {@link BrokerReports}; the exit's one-way state (active stop, best price,
 * stop triggered, flatten) by its {@link ExitState}; what a step records for the history and the
 * operator by its {@link PlanHistory}; and what a refused order means by {@link Refusals}. It keeps
 * the plan's status, its stop and target levels, and the changed flag the session reads. A trader's
 * change of the exits of a working or live trade is its {@link ExitChanges}'.
 *
 * <p>Why one class: it is the rules' whole vocabulary for a plan (every getter and method a rule
 * names), so it stays one fact; the work is in its parts, and what is left here is delegation.
 */
public final class PlanState {
  /**
   * The orders a stop or a flatten may send in all (each refusal uncovers its shares and they are
   * sent again). The last one refused raises an "OPERATOR NEEDED" alert: nothing is sent after it.
   */
  public static final int ATTEMPTS_MAX = 20;

  /**
   * The orders a target may send in all: a target the broker refuses fires again when the price
   * reaches it again, up to this many orders; then it is given up with an alert (the stop still
   * protects the position).
   */
  public static final int TARGET_ATTEMPTS_MAX = 3;

  /**
   * A refused flatten is sent again on a later tick, at most this often: the trader's "aggressive
   * retry" at a fresh price, paced so that a broker refusing everything is not hammered.
   */
  public static final Duration FLATTEN_RETRY_PACING = Duration.ofSeconds(1);

  private Plan plan;
  private final EventClock clock;
  private PlanStatus status;
  private final FillLedger ledger;
  private final PlanHistory history;
  private final List<StopLevel> stops = new ArrayList<>();
  private final List<TargetLevel> targets = new ArrayList<>();
  private final ExitState exits;
  private final PlanOrders orders;
  private final OrderDesk desk;
  private final BrokerReports reports;
  private final ExitChanges exitChanges;
  private String endReason;
  private long version;
  // The IB account of every order of the plan, fixed at activation (null: the default account).
  private final String account;
  private boolean changed;
  private String statusRule;

  private PlanState(PlanSnapshot s, EventClock clock) {
    this.plan = s.plan();
    this.clock = clock;
    this.status = s.status();
    this.ledger = new FillLedger(s);
    this.history = new PlanHistory(clock);
    for (StopSnapshot stop : s.stops()) {
      stops.add(new StopLevel(this, stop));
    }
    this.orders = new PlanOrders(s.orders());
    for (int j = 0; j < plan.targets().size(); j++) {
      Target t = plan.targets().get(j);
      targets.add(
          new TargetLevel(this, orders, j, t.price(), t.quantity(), s.targetFired().get(j)));
    }
    this.exits = new ExitState(s);
    this.desk = new OrderDesk(this, orders, history, exits, clock, s.account());
    this.reports = new BrokerReports(this, ledger, orders, history);
    this.exitChanges = new ExitChanges(this, stops, targets, exits, orders);
    this.endReason = s.endReason();
    this.version = s.version();
    this.account = s.account();
  }

  /** Rebuilds the state of a plan exactly from its snapshot. */
  public static PlanState restore(PlanSnapshot snapshot, EventClock clock) {
    return new PlanState(snapshot, clock);
  }

  /** The plain value of this state; the version counts the changes made since the plan began. */
  public PlanSnapshot snapshot() {
    List<StopSnapshot> s = new ArrayList<>();
    stops.forEach(stop -> s.add(stop.snapshot()));
    List<Boolean> fired = new ArrayList<>();
    targets.forEach(t -> fired.add(t.isFired()));
    return new PlanSnapshot(
        plan,
        status,
        ledger.position(),
        ledger.filledEntryQuantity(),
        ledger.entryCost(),
        ledger.grossPnl(),
        ledger.commission(),
        s,
        fired,
        exits.activeStop(),
        exits.bestPrice(),
        exits.stopTriggered(),
        exits.flattenRequested(),
        exits.flattenSentAt(),
        orders.snapshots(),
        ledger.executionIds(),
        ledger.commissions(),
        endReason,
        version,
        null,
        account);
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
    return ledger.position();
  }

  public long getFilledEntryQuantity() {
    return ledger.filledEntryQuantity();
  }

  public BigDecimal getActiveStop() {
    return exits.activeStop();
  }

  public BigDecimal getBestPrice() {
    return exits.bestPrice();
  }

  public BigDecimal getTrailingDistance() {
    return plan.trailingStop() == null ? null : plan.trailingStop().distance();
  }

  /** The trailing stop's level: best price since the first fill minus (LONG) its distance. */
  public BigDecimal getTrailingLevel() {
    return exits.trailingLevel();
  }

  public boolean isStopTriggered() {
    return exits.stopTriggered();
  }

  public boolean isFlattenRequested() {
    return exits.flattenRequested();
  }

  /** True when the last flatten order ended with shares unfilled: they wait for another attempt. */
  public boolean isFlattenRefused() {
    OrderRecord last = orders.latest(OrderRole.FLATTEN, 0);
    return last != null && last.isEndedUnfilled();
  }

  /**
   * True when a refused flatten may be sent again at {@code time}: at least {@link
   * #FLATTEN_RETRY_PACING} after the last flatten order (kept in the snapshot, so a restart does
   * not shorten it).
   */
  public boolean isFlattenRetryDue(Instant time) {
    return exits.flattenRetryDue(time);
  }

  public List<StopLevel> getStops() {
    return stops;
  }

  public List<TargetLevel> getTargets() {
    return targets;
  }

  public List<OrderRecord> getOrders() {
    return orders.list();
  }

  /**
   * Quantity in exit orders that may still fill, pending cancels included (they may lose the race).
   */
  public long getWorkingExitQuantity() {
    return orders.workingExitQuantity();
  }

  /** Exit quantity still waiting for a cancel confirmation. */
  public long getPendingCancelExitQuantity() {
    return orders.pendingCancelExitQuantity();
  }

  /** Open position that no working exit order covers. */
  public long getUncoveredQuantity() {
    return ledger.position() - getWorkingExitQuantity();
  }

  /** The entry order while its remainder is still wanted, else null. */
  public OrderRecord getWorkingEntry() {
    return orders.workingEntry();
  }

  /** True when the entry order ended (cancelled, rejected, inactive) and nothing of it filled. */
  public boolean isEntryEndedUnfilled() {
    return orders.entryEndedUnfilled();
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
    exits.tightenActiveStop(level);
    changed = true;
  }

  /** Records a better price for the trailing stop (the fill price counts too). */
  public void setBestPrice(BigDecimal price) {
    changed |= exits.improveBestPrice(price);
  }

  /** A triggered stop stays triggered: un-triggering throws. */
  public void setStopTriggered(boolean triggered) {
    changed |= exits.triggerStop(triggered);
  }

  public void setFlattenRequested(boolean requested) {
    changed |= exits.requestFlatten(requested);
  }

  /**
   * Records the entry market order for the plan quantity and returns it for sending, in the name of
   * the rule firing now (the session's {@link EventClock}: the one place a rule name is taken).
   */
  public OrderIntent openEntry() {
    return desk.openEntry(clock.rule());
  }

  OrderIntent openEntry(String rule) {
    return desk.openEntry(rule);
  }

  /**
   * Records an exit market order and returns it for sending. Refuses (throws) an exit beyond the
   * open position not yet covered by working exits: the engine can never flip a trade.
   */
  public OrderIntent openExit(OrderRole role, int index, long quantity) {
    return desk.openExit(role, index, quantity, clock.rule());
  }

  /**
   * The exit a trigger asked for, sized to what it may still close ({@link ExitRequest#sizeFor}),
   * in the name of the rule that triggered it (its request carries it: the sizing rule only carries
   * it out).
   */
  public OrderIntent openExit(ExitRequest request) {
    return desk.openExit(
        request.getRole(), request.getIndex(), request.sizeFor(this), request.getRule());
  }

  /** A trigger's wish to exit, in the name of the rule firing now. */
  public ExitRequest exitRequest(OrderRole role, int index, Long wanted) {
    return new ExitRequest(getId(), role, index, wanted, clock.rule());
  }

  OrderIntent openExit(OrderRole role, int index, long quantity, String rule) {
    return desk.openExit(role, index, quantity, rule);
  }

  /** Asks for the unfilled rest of a working order to be cancelled, in the firing rule's name. */
  public CancelIntent requestCancel(OrderRecord order) {
    return desk.requestCancel(order, clock.rule());
  }

  CancelIntent requestCancel(OrderRecord order, String rule) {
    return desk.requestCancel(order, rule);
  }

  /**
   * Cancels every order whose remainder is still wanted, in the order they were sent, in the firing
   * rule's name.
   */
  public List<CancelIntent> cancelAllWorking() {
    return desk.cancelAllWorking(clock.rule());
  }

  /**
   * True while the exit of {@code role} (and target {@code index}) may send one more order: a stop
   * or a flatten up to {@link #ATTEMPTS_MAX} orders, a target up to {@link #TARGET_ATTEMPTS_MAX}.
   */
  public boolean hasAttemptsLeft(OrderRole role, int index) {
    return orders.nextAttempt(role, index) <= Refusals.attemptsMax(role);
  }

  /** True when this execution was applied before: a replay must change nothing. */
  public boolean hasExecution(String executionId) {
    return ledger.hasExecution(executionId);
  }

  /**
   * Applies an execution with its actual quantity and price. A duplicate, an unknown order, an
   * overfill or an exit beyond the position changes nothing and raises an alert instead.
   */
  public boolean applyFill(Fill fill) {
    return reports.applyFill(fill);
  }

  /**
   * True when {@link #applyFill} would book this execution: not seen before, and it fits its order
   * and the position. Rules that read a fill's price before it is applied (the trailing stop's best
   * price) ask this first, so a refused fill never moves anything.
   */
  public boolean acceptsFill(Fill fill) {
    return reports.acceptsFill(fill);
  }

  /** True when a commission was charged for this execution id: a repeat must change nothing. */
  public boolean hasCommission(String executionId) {
    return ledger.hasCommission(executionId);
  }

  /**
   * Charges a commission reported for its execution, once per execution id (a repeat changes
   * nothing). A negative amount is refused with an alert.
   */
  public void applyCommission(Commission c) {
    reports.applyCommission(c);
  }

  /**
   * A second commission report for an execution already charged changes nothing (IB replays them
   * after a restart or a take-over). IB corrects an execution under a new execution id, which
   * brings its own report; so a repeat with another amount is not a correction to apply but a
   * figure for a person to look at: an alert. An amount not known (charged before amounts were
   * kept) is not compared.
   */
  public void checkRepeatedCommission(Commission c) {
    reports.checkRepeatedCommission(c);
  }

  /**
   * True when this report ends one of the plan's working orders with shares unfilled and Tradeplan
   * did not ask for it: a broker rejection, a local denial, an order lost on its way to IB or ended
   * by IB ({@link Refusals}). The shares of a refused exit are uncovered again.
   */
  public boolean isRefusedBy(OrderUpdate update) {
    return reports.isRefusedBy(update);
  }

  /**
   * Applies a status report to its order; a move the table refuses raises an alert. A local denial
   * (DENIED) is recorded as its own history event and, for the entry, as the end reason naming the
   * limit; a broker rejection, or an order the broker ended unfilled without being asked, as a
   * REJECT. A refused exit of a live trade may alert the operator ({@link Refusals#alertFor}); the
   * last order it may send refused also records a GIVE_UP in the plan's history: nothing is sent
   * for that exit after it.
   */
  public void applyOrderUpdate(OrderUpdate update) {
    reports.applyOrderUpdate(update);
  }

  /** True when the entry order was denied locally (it never reached the broker). */
  public boolean isEntryDenied() {
    return orders.entryDenied();
  }

  // ---- a trader's change of exits (issue 18; docs/rules.md) ----

  /**
   * Why the plan cannot take the trader's change of exits now (not working or live, being closed, a
   * target already fired, more to close than is uncovered, ...); null when it can. The policy on
   * loosening the active stop is not in here: a rule decides it with {@link #loosensActiveStop}.
   */
  public String exitChangeRefusal(TraderCommand command) {
    return exitChanges.refusal(command);
  }

  /** True when the change would leave the active stop looser than it is now. */
  public boolean loosensActiveStop(ExitChange change) {
    return exitChanges.loosensActiveStop(change);
  }

  /** The active stop the change would give (the tightest eligible level after it). */
  public BigDecimal activeStopAfter(ExitChange change) {
    return exitChanges.activeStopAfter(change);
  }

  /**
   * Carries out a change of levels (stops, targets, trailing distance, break-even) and records it
   * in the history in the trader's name: an ACTION event naming the trader, the change, their
   * reason, and the active stop's move when it loosened. Returns the facts for the rule to insert,
   * update and delete.
   */
  public ChangedFacts changeExits(TraderCommand command) {
    BigDecimal before = exits.activeStop();
    boolean loosens = loosensActiveStop(command.change());
    ChangedFacts facts = exitChanges.apply(command);
    String note =
        loosens
            ? "; loosens the active stop "
                + before.toPlainString()
                + " -> "
                + exits.activeStop().toPlainString()
            : "";
    recordAction(command.describe() + note);
    return facts;
  }

  /** Records a trader's action in the history, in the name of the rule carrying it out. */
  public void recordAction(String what) {
    history.action(getId(), clock.rule(), what);
    changed = true;
  }

  /** The average entry fill price, unrounded; null before the first fill. */
  BigDecimal snapshotAvgEntryPrice() {
    long filled = ledger.filledEntryQuantity();
    return filled == 0
        ? null
        : ledger.entryCost().divide(BigDecimal.valueOf(filled), com.tradeplan.domain.Decimals.MATH);
  }

  /** The plan after a trader's change of exits: what the snapshot and the store now hold. */
  void replacePlan(Plan changed) {
    if (!changed.id().equals(plan.id()) || changed.side() != plan.side()) {
      throw new IllegalStateException("a change of exits keeps the plan's id and side");
    }
    plan = changed;
    this.changed = true;
  }

  /** Raises an operator alert about this plan; returns false, for a refused report's answer. */
  boolean alert(String message) {
    history.alert("plan " + getId() + ": " + message);
    return false;
  }

  /** The end reason a broker report gives (the entry denied or rejected); not a change alone. */
  void recordEndReason(String reason) {
    endReason = reason;
  }

  // ---- what the engine reads after each step ----

  void markChanged() {
    changed = true;
  }

  /**
   * True when durable state changed since the last call (a fill, a status move, an order, a stop or
   * target level, ...); the flag is then cleared and the version goes up by one, so the caller must
   * persist the new {@link #snapshot}. It does not touch the history events or alerts: those are
   * taken by {@link #drainEvents} and {@link #drainAlerts}.
   */
  public boolean takeChanged() {
    boolean c = changed;
    if (c) {
      version++;
      changed = false;
    }
    return c;
  }

  /** Returns and clears the history events recorded since the last call (one step's). */
  public List<PlanEvent> drainEvents() {
    return history.drainEvents();
  }

  /** Returns and clears the operator alerts raised since the last call (one step's). */
  public List<String> drainAlerts() {
    return history.drainAlerts();
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
    return "PlanState[" + getId() + " " + status + " position=" + ledger.position() + "]";
  }
}
