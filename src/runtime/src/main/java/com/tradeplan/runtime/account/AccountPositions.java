package com.tradeplan.runtime.account;

import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.state.OrderSnapshot;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.runtime.PlanView;
import com.tradeplan.runtime.account.AccountSummary.Alert;
import com.tradeplan.runtime.account.AccountSummary.SymbolPosition;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The trader's live plans folded per symbol, for {@link AccountBook}: net positions with their
 * average price and P&amp;L, and the figures the position limits are checked against (shares and
 * value of positions plus working entries, as docs/risk.md counts them). Part of the book's
 * arithmetic, kept apart only to keep each class short.
 */
record AccountPositions(
    List<SymbolPosition> rows,
    long sharesTotal,
    String fullestSymbol,
    long fullestSymbolShares,
    BigDecimal openNotional,
    List<Alert> alerts) {

  /** One symbol while it is folded. */
  private static final class Fold {
    long longShares;
    long shortShares;
    BigDecimal longCost = BigDecimal.ZERO;
    BigDecimal shortCost = BigDecimal.ZERO;
    BigDecimal unrealized = BigDecimal.ZERO;
    boolean unrealizedUnknown;
    BigDecimal last;
    long workingEntryShares;
    BigDecimal workingEntryValue = BigDecimal.ZERO;
    boolean stale;
    Instant lastTickAt;
  }

  static AccountPositions of(List<PlanView> live, Map<String, BigDecimal> realizedTodayBySymbol) {
    Map<String, Fold> folds = new TreeMap<>();
    realizedTodayBySymbol.keySet().forEach(sym -> folds.put(sym, new Fold()));
    for (PlanView v : live) {
      PlanSnapshot s = v.snapshot();
      Fold f = folds.computeIfAbsent(s.plan().symbol(), sym -> new Fold());
      if (v.lastPrice() != null) {
        f.last = v.lastPrice();
      }
      if (v.ticksStale()) {
        f.stale = true;
        f.lastTickAt = v.lastTickAt();
      }
      if (s.position() > 0) {
        BigDecimal cost = s.avgEntryPrice().multiply(BigDecimal.valueOf(s.position()));
        if (s.plan().side() == Side.LONG) {
          f.longShares += s.position();
          f.longCost = f.longCost.add(cost);
        } else {
          f.shortShares += s.position();
          f.shortCost = f.shortCost.add(cost);
        }
        if (v.unrealizedPnl() == null) {
          f.unrealizedUnknown = true;
        } else {
          f.unrealized = f.unrealized.add(v.unrealizedPnl());
        }
      }
      for (OrderSnapshot o : s.orders()) {
        if (o.ref().role() == OrderRole.ENTRY && o.status().isWorking()) {
          long open = o.quantity() - o.filledQuantity();
          BigDecimal price = v.lastPrice() != null ? v.lastPrice() : s.plan().entry().price();
          f.workingEntryShares += open;
          f.workingEntryValue = f.workingEntryValue.add(price.multiply(BigDecimal.valueOf(open)));
        }
      }
    }
    List<SymbolPosition> rows = new ArrayList<>();
    List<Alert> alerts = new ArrayList<>();
    long sharesTotal = 0;
    String fullest = null;
    long fullestShares = 0;
    BigDecimal notional = BigDecimal.ZERO;
    for (Map.Entry<String, Fold> e : folds.entrySet()) {
      String symbol = e.getKey();
      Fold f = e.getValue();
      long net = f.longShares - f.shortShares;
      BigDecimal average = averageOf(f, net);
      long held = Math.abs(net) + f.workingEntryShares;
      sharesTotal += held;
      if (held > fullestShares) {
        fullest = symbol;
        fullestShares = held;
      }
      if (average != null) {
        notional = notional.add(average.multiply(BigDecimal.valueOf(Math.abs(net))));
      }
      notional = notional.add(f.workingEntryValue);
      BigDecimal realizedToday = realizedTodayBySymbol.get(symbol);
      if (f.longShares > 0 || f.shortShares > 0 || realizedToday != null) {
        rows.add(
            new SymbolPosition(
                symbol,
                net,
                f.longShares,
                f.shortShares,
                average,
                f.last,
                f.unrealizedUnknown ? null : f.unrealized,
                realizedToday == null ? BigDecimal.ZERO : realizedToday));
      }
      if (f.stale) {
        alerts.add(
            new Alert(
                "STALE_MARKET_DATA",
                symbol,
                "No market data for "
                    + symbol
                    + (f.lastTickAt == null ? "" : " since " + f.lastTickAt)
                    + ": stops and targets are not being checked against fresh prices."));
      }
      if (f.unrealizedUnknown) {
        alerts.add(
            new Alert(
                "NO_PRICE",
                symbol,
                "No price known for " + symbol + ": its unrealized P&L is not in the total."));
      }
    }
    return new AccountPositions(rows, sharesTotal, fullest, fullestShares, notional, alerts);
  }

  /** The mean entry price of the side the net position is on; null when flat. */
  private static BigDecimal averageOf(Fold f, long net) {
    if (net > 0) {
      return f.longCost.divide(
          BigDecimal.valueOf(f.longShares), com.tradeplan.domain.Decimals.MATH);
    }
    if (net < 0) {
      return f.shortCost.divide(
          BigDecimal.valueOf(f.shortShares), com.tradeplan.domain.Decimals.MATH);
    }
    return null;
  }
}
