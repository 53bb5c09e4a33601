package com.tradeplan.domain.history;

import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.TradeStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a plan's history, as simulator-io.md's RESULT.json and the trade's event log show
 * it.
 *
 * <ul>
 *   <li>{@code ORDER}: an order sent (role, index for targets, side, quantity);
 *   <li>{@code FILL}: an execution (role, index, side, quantity, price);
 *   <li>{@code CANCEL}: an order cancelled (role, index, side, the unfilled quantity);
 *   <li>{@code STATUS}: the status pair changed (orderStatus, tradeStatus);
 *   <li>{@code REJECT}: the broker refused an order, or ended it with shares unfilled without being
 *       asked (lost on its way, cancelled by IB) (role, index, side, quantity, reason);
 *   <li>{@code DENY}: a local limit refused an order before it left Tradeplan: the broker never saw
 *       it (role, index, side, quantity, reason naming the limit);
 *   <li>{@code ACTION}: a trader action (reason names the trader and the change of exits);
 *   <li>{@code SLIPPAGE}: a fill of a slippage-protected entry against its trigger price (role,
 *       side, the fill's quantity, price: the slippage per share, positive when worse for the
 *       trader; reason: in ticks, per share and in all, docs/risk.md);
 *   <li>{@code SENT_AS}: the broker sent an order at other prices than the rules asked (a price
 *       moved onto the instrument's tick grid at the send: docs/ib.md, "Off-grid prices at the
 *       send") (role, index, side, quantity, reason: the price asked, the price sent and why);
 *   <li>{@code GIVE_UP}: the last order an exit may send was refused, so Tradeplan sends nothing
 *       more for it (role, index, side, the quantity left without its order, reason saying what
 *       that means for the trade); it is also an operator alert.
 * </ul>
 *
 * {@code tick} is the 0-based tick index in a simulation and -1 in live trading; {@code rule} is
 * the name of the rule that caused the event (null for broker reports and trader actions).
 */
public record PlanEvent(
    String planId,
    long tick,
    Instant time,
    Type type,
    OrderRole role,
    Integer index,
    OrderAction side,
    Long quantity,
    BigDecimal price,
    PlanStatus orderStatus,
    TradeStatus tradeStatus,
    String orderRef,
    String rule,
    String reason) {

  /** The kinds of history entries. */
  public enum Type {
    ORDER,
    FILL,
    CANCEL,
    STATUS,
    REJECT,
    ACTION,
    DENY,
    GIVE_UP,
    SLIPPAGE,
    SENT_AS
  }

  public PlanEvent {
    Objects.requireNonNull(planId, "planId");
    Objects.requireNonNull(type, "type");
    if (type == Type.STATUS && (orderStatus == null || tradeStatus == null)) {
      throw new IllegalArgumentException("a STATUS event needs both statuses");
    }
    if (role != OrderRole.TARGET) {
      index = null;
    }
  }

  /** The status pair moved, caused by no rule and for no stated reason. */
  public static PlanEvent status(String planId, long tick, Instant time, PlanStatus status) {
    return status(planId, tick, time, status, null, null);
  }

  /**
   * The status pair moved: {@code rule} is the rule that moved it, {@code reason} why a plan ended
   * (a rejection's text), both null when none applies.
   */
  public static PlanEvent status(
      String planId, long tick, Instant time, PlanStatus status, String rule, String reason) {
    return new PlanEvent(
        planId,
        tick,
        time,
        Type.STATUS,
        null,
        null,
        null,
        null,
        null,
        status,
        status.tradeStatus(),
        null,
        rule,
        reason);
  }

  /**
   * A trader's action on the plan, carried out by {@code rule}; {@code reason} says who did what
   * (e.g. {@code alice: move stop 1 to 9.50}: stops and targets named from 1, as the page shows
   * them), and why when the trader said so.
   */
  public static PlanEvent action(
      String planId, long tick, Instant time, String rule, String reason) {
    return new PlanEvent(
        planId,
        tick,
        time,
        Type.ACTION,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        rule,
        reason);
  }

  /** An order recorded for sending: the plan, role and index are the ref's. */
  public static PlanEvent order(
      OrderRef ref, long tick, Instant time, OrderAction side, long quantity, String rule) {
    return ofOrder(ref, tick, time, Type.ORDER, side, quantity, null, rule, null);
  }

  /**
   * An execution of the order {@code ref}, at its actual quantity and price. The execution id is
   * kept in {@code reason}, where the history shows which report it was.
   */
  public static PlanEvent fill(
      OrderRef ref,
      long tick,
      Instant time,
      OrderAction side,
      long quantity,
      BigDecimal price,
      String executionId) {
    return ofOrder(ref, tick, time, Type.FILL, side, quantity, price, null, executionId);
  }

  /**
   * A fill of {@code quantity} of the entry {@code ref} slipped {@code perShare} against the
   * trigger price; {@code reason} says it in ticks, per share and in all.
   */
  public static PlanEvent slippage(
      OrderRef ref,
      long tick,
      Instant time,
      OrderAction side,
      long quantity,
      BigDecimal perShare,
      String reason) {
    return ofOrder(ref, tick, time, Type.SLIPPAGE, side, quantity, perShare, null, reason);
  }

  /** A cancel asked for the unfilled quantity of the order {@code ref}. */
  public static PlanEvent cancel(
      OrderRef ref, long tick, Instant time, OrderAction side, long unfilledQuantity, String rule) {
    return ofOrder(ref, tick, time, Type.CANCEL, side, unfilledQuantity, null, rule, null);
  }

  /** The broker refused the order {@code ref} with {@code quantity} still unfilled. */
  public static PlanEvent reject(
      OrderRef ref, long tick, Instant time, OrderAction side, long quantity, String reason) {
    return ofOrder(ref, tick, time, Type.REJECT, side, quantity, null, null, reason);
  }

  /** A local limit refused the order {@code ref} before it left Tradeplan. */
  public static PlanEvent deny(
      OrderRef ref, long tick, Instant time, OrderAction side, long quantity, String reason) {
    return ofOrder(ref, tick, time, Type.DENY, side, quantity, null, null, reason);
  }

  /**
   * The order {@code ref} left Tradeplan at other prices than the rules asked; {@code how} says
   * which, from what to what, and why.
   */
  public static PlanEvent sentAs(
      OrderRef ref, long tick, Instant time, OrderAction side, long quantity, String how) {
    return ofOrder(ref, tick, time, Type.SENT_AS, side, quantity, null, null, how);
  }

  /**
   * Tradeplan gives up the exit of the order {@code ref}: its last permitted order was refused,
   * {@code quantity} shares are left without it, and {@code reason} says what protects them.
   */
  public static PlanEvent giveUp(
      OrderRef ref, long tick, Instant time, OrderAction side, long quantity, String reason) {
    return ofOrder(ref, tick, time, Type.GIVE_UP, side, quantity, null, null, reason);
  }

  private static PlanEvent ofOrder(
      OrderRef ref,
      long tick,
      Instant time,
      Type type,
      OrderAction side,
      long quantity,
      BigDecimal price,
      String rule,
      String reason) {
    return new PlanEvent(
        ref.planId(),
        tick,
        time,
        type,
        ref.role(),
        ref.index(),
        side,
        quantity,
        price,
        null,
        null,
        ref.toString(),
        rule,
        reason);
  }
}
