package com.tradeplan.engine.facts;

import com.tradeplan.domain.Decimals;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.state.PlanSnapshot;
import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The money of one plan: its open position, what the entry fills cost, the realized P&L before
 * commissions, every commission charged, and the executions already booked (lifecycle.md section
 * 6). It lives inside its {@link PlanState}, on the session's thread; it is not a fact, so rules
 * never see it directly.
 *
 * <p>It knows nothing of orders or statuses: the plan first checks that a fill fits its order, then
 * asks {@link #refusal} whether it fits the position, and only then {@link #book}s it. Sums are
 * kept unrounded in {@code BigDecimal} (34 digits); rounding happens only when a value is printed.
 */
final class FillLedger {
  /** Bound on remembered execution ids per plan (a plan has a handful of orders). */
  static final int EXECUTIONS_MAX = 10_000;

  private long position;
  private long filledEntryQuantity;
  private BigDecimal entryCost;
  private BigDecimal grossPnl;
  private BigDecimal commission;
  private final Set<String> executionIds = new LinkedHashSet<>();

  FillLedger(PlanSnapshot s) {
    this.position = s.position();
    this.filledEntryQuantity = s.filledEntryQuantity();
    this.entryCost = s.entryCost();
    this.grossPnl = s.grossPnl();
    this.commission = s.commission();
    executionIds.addAll(s.executionIds());
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
   * sent one with it, is charged too.
   */
  void book(Fill fill, boolean entry, Side side) {
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
    if (fill.commission() != null) {
      charge(fill.commission());
    }
  }

  /** Charges a commission (one the broker reported with its execution or after it). */
  void charge(BigDecimal amount) {
    commission = commission.add(amount, Decimals.MATH);
  }
}
