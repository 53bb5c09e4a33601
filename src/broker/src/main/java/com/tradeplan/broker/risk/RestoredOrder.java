package com.tradeplan.broker.risk;

import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.order.Fill;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * One order of a plan as the store (or the cluster) recorded it, replayed into the risk figures
 * after a restart or a take-over ({@link EntryLimits#restore}): the order as it was sent, the price
 * an entry is valued at while it works (null: none known, it then counts no notional), whether it
 * may still work, and its executions, each with its time and, where it was charged, its commission.
 *
 * @param request the order under its recorded orderRef, owner, instrument, side, quantity, account
 * @param unitPrice the value of one share of a working entry, or null
 * @param working false when the order can no longer fill more than it did (filled, cancelled)
 * @param fills its executions as recorded, in any order
 */
public record RestoredOrder(
    OrderRequest request, BigDecimal unitPrice, boolean working, List<Fill> fills) {
  public RestoredOrder {
    Objects.requireNonNull(request, "request");
    fills = List.copyOf(fills);
  }
}
