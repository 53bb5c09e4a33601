package com.tradeplan.engine.facts;

import com.tradeplan.domain.Decimals;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.state.PlanSnapshot;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The money of one plan: its open position, what the entry fills cost, the realized P&L before
 * commissions, every commission charged, the executions already booked and, per execution id, the
 * commission charged for it (lifecycle.md section 6). It lives inside its {@link PlanState}, on the
 * session's thread; it is not a fact, so rules never see it directly.
 *
 * <p>It knows nothing of orders or statuses: the plan first checks that a fill fits its order, then
 * asks {@link #refusal} whether it fits the position, and only then {@link #book}s it. Sums are
 * kept unrounded in {@code BigDecimal} (34 digits); rounding happens only when a value is printed.
 *
 * <p>A commission is keyed by its execution id and charged once: IB replays every execution and
 * commission report after a restart, a take-over or a rebuild, and the broker drops repeats only as
 * a best effort, so this ledger (kept in the snapshot, hence durable and replicated) is the one
 * place that refuses a second charge. A commission for an execution not booked yet is charged at
 * once with its id recorded (IbBroker sends it after its execution; this only happens when the
 * execution was refused, and the broker took the money all the same); the execution, when it comes,
 * brings no second charge.
 */
final class FillLedger {
  /** Bound on remembered execution ids per plan (a plan has a handful of orders). */
  static final int EXECUTIONS_MAX = 10_000;

  /** What became of a commission report. */
  enum Charge {
    /** Charged now, and recorded under its execution id. */
    CHARGED,
    /** This execution id was charged before: nothing changed. */
    REPEATED,
    /** {@link #EXECUTIONS_MAX} execution ids already carry a commission: not charged. */
    TOO_MANY
  }

  private long position;
  private long filledEntryQuantity;
  private BigDecimal entryCost;
  private BigDecimal grossPnl;
  private BigDecimal commission;
  private final Set<String> executionIds = new LinkedHashSet<>();
  // A null amount: charged before amounts were kept per execution (PlanSnapshot#commissions).
  private final Map<String, BigDecimal> commissions = new LinkedHashMap<>();

  FillLedger(PlanSnapshot s) {
    this.position = s.position();
    this.filledEntryQuantity = s.filledEntryQuantity();
    this.entryCost = s.entryCost();
    this.grossPnl = s.grossPnl();
    this.commission = s.commission();
    executionIds.addAll(s.executionIds());
    commissions.putAll(s.commissions());
  }

  long position() {
    return position;
  }

  long filledEntryQuantity() {
    return filledEntryQuantity;
  }

  BigDecimal entryCost() {
    return entryCost;
  }

  BigDecimal grossPnl() {
    return grossPnl;
  }

  BigDecimal commission() {
    return commission;
  }

  /** The booked execution ids in the order they arrived. */
  List<String> executionIds() {
    return List.copyOf(executionIds);
  }

  /** Per execution id, the commission charged for it, in the order charged (a copy). */
  Map<String, BigDecimal> commissions() {
    return new LinkedHashMap<>(commissions);
  }

  /** True when a commission was charged for this execution id: a repeat must change nothing. */
  boolean hasCommission(String executionId) {
    return commissions.containsKey(executionId);
  }

  /** The amount charged for this execution id; null when none, or when it is not known. */
  BigDecimal commissionOf(String executionId) {
    return commissions.get(executionId);
  }

  /** True when this execution was booked before: a replay must change nothing. */
  boolean hasExecution(String executionId) {
    return executionIds.contains(executionId);
  }

  /**
   * Why a fill that fits its order still cannot be booked (an exit beyond the position, one
   * execution too many), as the text of an operator alert; null when it can be booked.
   */
  String refusal(Fill fill, boolean entry) {
    if (!entry && fill.quantity() > position) {
      return "exit fill " + fill.executionId() + " beyond the position " + position;
    }
    if (executionIds.size() >= EXECUTIONS_MAX) {
      return "too many executions on one plan: " + executionIds.size();
    }
    return null;
  }

  /**
   * Books an execution with its actual quantity and price. An entry fill adds to the position and
   * the entry cost; an exit fill realizes (price - average entry price) times its quantity, negated
   * for a SHORT, at the average of the entry fills booked so far. Its commission, when the broker
   * sent one with it (the simulator does; IB never does), is charged unless one was charged for
   * this execution id already.
   *
   * @return what became of the commission it carried; null when it carried none
   */
  Charge book(Fill fill, boolean entry, Side side) {
    executionIds.add(fill.executionId());
    BigDecimal qty = BigDecimal.valueOf(fill.quantity());
    if (entry) {
      position += fill.quantity();
      filledEntryQuantity += fill.quantity();
      entryCost = entryCost.add(fill.price().multiply(qty, Decimals.MATH), Decimals.MATH);
    } else {
      BigDecimal avg = entryCost.divide(BigDecimal.valueOf(filledEntryQuantity), Decimals.MATH);
      BigDecimal perShare = fill.price().subtract(avg, Decimals.MATH);
      BigDecimal pnl = perShare.multiply(qty, Decimals.MATH);
      grossPnl = grossPnl.add(side == Side.LONG ? pnl : pnl.negate(), Decimals.MATH);
      position -= fill.quantity();
    }
    return fill.commission() == null ? null : charge(fill.executionId(), fill.commission());
  }

  /**
   * Charges the commission of one execution, once: a second report for the same execution id
   * changes nothing, whatever its amount.
   */
  Charge charge(String executionId, BigDecimal amount) {
    if (commissions.containsKey(executionId)) {
      return Charge.REPEATED;
    }
    if (commissions.size() >= EXECUTIONS_MAX) {
      return Charge.TOO_MANY;
    }
    commissions.put(executionId, amount);
    commission = commission.add(amount, Decimals.MATH);
    return Charge.CHARGED;
  }
}
