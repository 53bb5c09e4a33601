package com.tradeplan.broker;

import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.plan.TickBands;
import com.tradeplan.domain.plan.TickSizes;
import java.math.BigDecimal;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts an order's stop and limit price onto its instrument's tick grid at that price, just before
 * it leaves for IB. Why: the engine rounds its own levels (a break-even level, an ATR trailing
 * stop, an entry's slippage limit) on the plan's one stored tick, the market rule's finest
 * increment; on an instrument whose increment grows with the price (IB's market rules: 0.0001 below
 * $1, 0.01 from $1) such a price above a band edge can be off that band's grid, and IB rejects the
 * order. An exit that IB rejects is protection that never arrives, so an off-grid price is moved
 * onto the grid here, never refused (docs/ib.md, "Market rules").
 *
 * <p>Which way, so that a snap never loosens protection, gives away profit or pays more than the
 * plan said:
 *
 * <ul>
 *   <li>a limit: a BUY rounds down, a SELL up (an entry's, a target's or a flatten's alike);
 *   <li>an exit's stop: a SELL (a long's) rounds up, a BUY (a short's) down: closer to the market;
 *   <li>an entry's stop: a BUY rounds up, a SELL down: it never triggers before the plan's level.
 * </ul>
 *
 * <p>The grid's nearest price on that side is taken ({@link TickBands#onGridAtOrAbove}, {@link
 * TickBands#onGridAtOrBelow}). A price on the grid, no price, or a price not above 0 is left as it
 * is. {@link #forIb} looks the grid up without waiting (an unknown grid: the order goes as it is,
 * as before market rules) and logs each snap at INFO with the order's ref (plan id, role, index,
 * attempt), the planned and the sent price; its note goes back to the engine with the submit's
 * answer, which records it in the plan's history; {@link #onto} is the pure rule.
 */
final class TickGridSnap {
  private static final Logger log = LoggerFactory.getLogger(TickGridSnap.class);

  private TickGridSnap() {}

  /**
   * {@code r} with its prices on the grid {@code ticks} knows now for its instrument, and what was
   * moved; {@code r} itself (no note) when it has no price, the grid is not known (never waits for
   * it) or nothing is off it.
   */
  static Snapped forIb(OrderRequest r, TickSizes ticks) {
    if (r.limitPrice() == null && r.stopPrice() == null) {
      return new Snapped(r, null);
    }
    TickSizes.Lookup lookup = ticks.tickSize(r.instrument(), Duration.ZERO);
    if (!lookup.isKnown()) {
      return new Snapped(r, null);
    }
    Snapped snapped = onto(r, lookup.grid());
    if (snapped.note() != null) {
      log.info(
          "order {} of plan {} ({} {}): {}",
          r.ref(),
          r.ref().planId(),
          r.action(),
          r.instrument().symbol(),
          snapped.note());
    }
    return snapped;
  }

  /**
   * The order as it goes to IB and what was moved, in words ({@code note} null when nothing was):
   * {@code stop 1.2345 sent as 1.24 (rounded up): tick 0.01 at this price (tick grid 0.0001 from 0,
   * 0.01 from 1)}; the engine records it in the plan's history ({@link
   * com.tradeplan.domain.broker.SubmitResult#sentAs}).
   */
  record Snapped(OrderRequest request, String note) {}

  static Snapped onto(OrderRequest r, TickBands grid) {
    boolean buy = r.action() == OrderAction.BUY;
    boolean exit = r.ref().role().isExit();
    BigDecimal limit = snap(r.limitPrice(), grid, !buy);
    BigDecimal stop = snap(r.stopPrice(), grid, exit != buy);
    StringBuilder note = new StringBuilder();
    describe(note, "limit", r.limitPrice(), limit, !buy, grid);
    describe(note, "stop", r.stopPrice(), stop, exit != buy, grid);
    if (note.isEmpty()) {
      return new Snapped(r, null);
    }
    note.append(" (tick grid ").append(grid.describe()).append(')');
    return new Snapped(
        new OrderRequest(
            r.ref(),
            r.owner(),
            r.instrument(),
            r.action(),
            r.type(),
            r.quantity(),
            limit,
            stop,
            r.reason(),
            r.account()),
        note.toString());
  }

  private static BigDecimal snap(BigDecimal price, TickBands grid, boolean up) {
    if (price == null || price.signum() <= 0 || grid.isOnGrid(price)) {
      return price;
    }
    return up ? grid.onGridAtOrAbove(price) : grid.onGridAtOrBelow(price);
  }

  private static void describe(
      StringBuilder note,
      String kind,
      BigDecimal planned,
      BigDecimal sent,
      boolean up,
      TickBands grid) {
    if (planned == sent) { // the same object: snap left it as it was
      return;
    }
    if (!note.isEmpty()) {
      note.append("; ");
    }
    note.append(kind)
        .append(' ')
        .append(planned.toPlainString())
        .append(" sent as ")
        .append(sent.setScale(Math.max(sent.scale(), 2)).toPlainString()) // 101.0 as 101.00
        .append(up ? " (rounded up): tick " : " (rounded down): tick ")
        .append(grid.incrementAt(planned).toPlainString())
        .append(" at this price");
  }
}
