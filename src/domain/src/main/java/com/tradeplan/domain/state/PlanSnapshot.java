package com.tradeplan.domain.state;

import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.plan.Stop;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to resume a plan exactly (lifecycle.md section 7): statuses, fills, position,
 * stop eligibility and levels, triggered flags, trailing level, orders, the executions already
 * applied and the commissions already charged (so a replayed execution or commission report is
 * refused after a restart or a take-over too).
 *
 * <p>Money fields are unrounded sums: {@code entryCost} is the sum of entry fill quantity times
 * price, {@code grossPnl} the realized P&L before commissions, {@code commission} every commission
 * charged. {@code commissions} says, per execution id, the commission charged for it, in the order
 * charged: an execution id is charged once. Its value is null for an execution charged before
 * amounts were kept per execution (a stored form written before this field: its amount is inside
 * {@code commission}, docs/persistence.md). {@code flattenSentAt} is when the last flatten order
 * was sent (the engine's clock: the tick's time), null before any: a refused flatten is sent again
 * at most once a second, also across a restart. {@code version} increases by one with every change;
 * the store and the cluster use it for conditional updates. {@code ruleSetVersion} is the rule-set
 * version the plan was activated with and runs on until it ends (its pin, docs/rules.md,
 * "Versions"); null for a draft, and for a plan stored before versions existed (version 1 runs it).
 *
 * <p>{@code account} is the IB account every order of the plan is sent for, fixed when the plan is
 * activated (the owner's linked account at that moment: a later re-link never moves a live
 * position, docs/accounts.md); null for a draft, and for a plan activated before accounts existed
 * (its orders go to the connection's default account).
 */
public record PlanSnapshot(
    Plan plan,
    PlanStatus status,
    long position,
    long filledEntryQuantity,
    BigDecimal entryCost,
    BigDecimal grossPnl,
    BigDecimal commission,
    List<StopSnapshot> stops,
    List<Boolean> targetFired,
    BigDecimal activeStop,
    BigDecimal bestPrice,
    boolean stopTriggered,
    boolean flattenRequested,
    Instant flattenSentAt,
    List<OrderSnapshot> orders,
    List<String> executionIds,
    Map<String, BigDecimal> commissions,
    String endReason,
    long version,
    Integer ruleSetVersion,
    String account) {

  public PlanSnapshot {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(entryCost, "entryCost");
    Objects.requireNonNull(grossPnl, "grossPnl");
    Objects.requireNonNull(commission, "commission");
    stops = List.copyOf(stops);
    targetFired = List.copyOf(targetFired);
    orders = List.copyOf(orders);
    executionIds = List.copyOf(executionIds);
    commissions = copyOf(commissions);
    if (position < 0 || position > filledEntryQuantity) {
      throw new IllegalArgumentException(
          "plan " + plan.id() + ": position " + position + " outside 0.." + filledEntryQuantity);
    }
    if (targetFired.size() != plan.targets().size()) {
      throw new IllegalArgumentException("plan " + plan.id() + ": one fired flag per target");
    }
  }

  /** An unmodifiable copy in the same order; a null amount is allowed, a null execution id not. */
  private static Map<String, BigDecimal> copyOf(Map<String, BigDecimal> commissions) {
    Map<String, BigDecimal> copy = new LinkedHashMap<>(commissions);
    if (copy.containsKey(null)) {
      throw new IllegalArgumentException("a commission without its execution id");
    }
    return Collections.unmodifiableMap(copy);
  }

  /**
   * The first snapshot of a validated plan in {@code status} (ACTIVE when activated, DRAFT when
   * saved): nothing filled, no order, every stop of the plan not yet eligible (the trailing stop,
   * if any, last with index -1 and no level), no target fired, version 0.
   */
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
        null,
        List.of(),
        List.of(),
        Map.of(),
        null,
        0,
        null,
        null);
  }

  /**
   * A plan that takes over shares already held at IB (a reconciliation difference adopted by an
   * operator, docs/accounts.md): LIVE from its first version with the whole {@code plan.quantity()}
   * as one entry fill at {@code price} (the value the shares are taken over at), recorded as the
   * FILLED entry {@code planId:ENTRY:0:1} with the execution id {@code executionId}, its fixed
   * stops eligible at once and the tightest of them active, so the engine protects it from the
   * first tick it sees. Version 1.
   */
  public static PlanSnapshot adopted(
      Plan plan,
      BigDecimal price,
      String executionId,
      String ibAccount,
      Integer pinned,
      OrderRef entryRef) {
    PlanSnapshot first = initial(plan, PlanStatus.CONTINGENT_ACTIVE);
    Copy c = new Copy(first);
    long q = plan.quantity();
    c.position = q;
    c.filledEntryQuantity = q;
    c.entryCost = price.multiply(BigDecimal.valueOf(q));
    c.executionIds = List.of(executionId);
    c.account = ibAccount;
    c.ruleSetVersion = pinned;
    c.version = 1;
    List<StopSnapshot> stops = new ArrayList<>();
    BigDecimal active = null;
    for (StopSnapshot s : first.stops) {
      boolean fixed = s.kind() == StopKind.FIXED;
      stops.add(new StopSnapshot(s.index(), s.kind(), s.level(), s.activateAt(), fixed));
      if (fixed && (active == null || plan.side().isBetter(s.level(), active))) {
        active = s.level();
      }
    }
    c.activeStop = active;
    c.stops = stops;
    c.orders =
        List.of(
            new OrderSnapshot(
                entryRef,
                plan.side() == Side.LONG ? OrderAction.BUY : OrderAction.SELL,
                q,
                q,
                OrderStatus.FILLED,
                "adopted"));
    return c.build();
  }

  /** The same state at another version (a new plan's first stored version, an edit). */
  public PlanSnapshot withVersion(long nextVersion) {
    Copy c = new Copy(this);
    c.version = nextVersion;
    return c.build();
  }

  /**
   * The same state for the IB account {@code ibAccount} (null: the connection's default), set once
   * at activation.
   */
  public PlanSnapshot withAccount(String ibAccount) {
    Copy c = new Copy(this);
    c.account = ibAccount;
    return c.build();
  }

  /**
   * The same state in another status. The transition table is not consulted: a caller that moves a
   * plan asks {@link PlanStatus#moveTo} first.
   */
  public PlanSnapshot withStatus(PlanStatus next) {
    Copy c = new Copy(this);
    c.status = next;
    return c.build();
  }

  /** The same state pinned to rule-set version {@code pinned} (null: unpinned). */
  public PlanSnapshot withRuleSetVersion(Integer pinned) {
    Copy c = new Copy(this);
    c.ruleSetVersion = pinned;
    return c.build();
  }

  /** The same state with another end reason (null: none). */
  public PlanSnapshot withEndReason(String reason) {
    Copy c = new Copy(this);
    c.endReason = reason;
    return c.build();
  }

  /**
   * The same state with another fill ledger: position, entry cost, P&L, commission, executions (the
   * commissions per execution are kept: {@link #withCommissions}).
   */
  public PlanSnapshot withFills(
      long nextPosition,
      long nextFilledEntryQuantity,
      BigDecimal nextEntryCost,
      BigDecimal nextGrossPnl,
      BigDecimal nextCommission,
      List<String> nextExecutionIds) {
    Copy c = new Copy(this);
    c.position = nextPosition;
    c.filledEntryQuantity = nextFilledEntryQuantity;
    c.entryCost = nextEntryCost;
    c.grossPnl = nextGrossPnl;
    c.commission = nextCommission;
    c.executionIds = nextExecutionIds;
    return c.build();
  }

  /** The same state with other commissions per execution id (the total is not changed). */
  public PlanSnapshot withCommissions(Map<String, BigDecimal> nextCommissions) {
    Copy c = new Copy(this);
    c.commissions = nextCommissions;
    return c.build();
  }

  /** The same state with another active stop (null: none yet). */
  public PlanSnapshot withActiveStop(BigDecimal level) {
    Copy c = new Copy(this);
    c.activeStop = level;
    return c.build();
  }

  /** The same state with another best price for the trailing stop (null: none yet). */
  public PlanSnapshot withBestPrice(BigDecimal price) {
    Copy c = new Copy(this);
    c.bestPrice = price;
    return c.build();
  }

  public String planId() {
    return plan.id();
  }

  /** Quantity-weighted mean entry price, unrounded; null when nothing has filled. */
  public BigDecimal avgEntryPrice() {
    return filledEntryQuantity == 0
        ? null
        : entryCost.divide(
            BigDecimal.valueOf(filledEntryQuantity), com.tradeplan.domain.Decimals.MATH);
  }

  /** Realized P&L after every commission charged so far (lifecycle.md section 6). */
  public BigDecimal realizedPnl() {
    return grossPnl.subtract(commission);
  }

  /**
   * A field-by-field copy that one wither changes: the one place besides the readers of stored
   * forms that calls the canonical constructor with every field.
   */
  private static final class Copy {
    private final Plan plan;
    private PlanStatus status;
    private long position;
    private long filledEntryQuantity;
    private BigDecimal entryCost;
    private BigDecimal grossPnl;
    private BigDecimal commission;
    private List<StopSnapshot> stops;
    private final List<Boolean> targetFired;
    private BigDecimal activeStop;
    private BigDecimal bestPrice;
    private final boolean stopTriggered;
    private final boolean flattenRequested;
    private final Instant flattenSentAt;
    private List<OrderSnapshot> orders;
    private List<String> executionIds;
    private Map<String, BigDecimal> commissions;
    private String endReason;
    private long version;
    private Integer ruleSetVersion;
    private String account;

    private Copy(PlanSnapshot s) {
      plan = s.plan;
      status = s.status;
      position = s.position;
      filledEntryQuantity = s.filledEntryQuantity;
      entryCost = s.entryCost;
      grossPnl = s.grossPnl;
      commission = s.commission;
      stops = s.stops;
      targetFired = s.targetFired;
      activeStop = s.activeStop;
      bestPrice = s.bestPrice;
      stopTriggered = s.stopTriggered;
      flattenRequested = s.flattenRequested;
      flattenSentAt = s.flattenSentAt;
      orders = s.orders;
      executionIds = s.executionIds;
      commissions = s.commissions;
      endReason = s.endReason;
      version = s.version;
      ruleSetVersion = s.ruleSetVersion;
      account = s.account;
    }

    private PlanSnapshot build() {
      return new PlanSnapshot(
          plan,
          status,
          position,
          filledEntryQuantity,
          entryCost,
          grossPnl,
          commission,
          stops,
          targetFired,
          activeStop,
          bestPrice,
          stopTriggered,
          flattenRequested,
          flattenSentAt,
          orders,
          executionIds,
          commissions,
          endReason,
          version,
          ruleSetVersion,
          account);
    }
  }
}
