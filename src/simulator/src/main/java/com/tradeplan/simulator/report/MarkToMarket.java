package com.tradeplan.simulator.report;

import com.tradeplan.domain.Decimals;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.state.PlanSnapshot;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run's equity marked to market after every tick: the realized P&L of every plan after its
 * commissions (the engine's figures, from each plan's latest snapshot) plus each open position
 * valued at its symbol's last price against its average entry price. Fed by the simulator on its
 * one thread: {@link #onPlanChanged} for every snapshot a step produced (fills move money), {@link
 * #afterTick} once every tick was evaluated.
 *
 * <p>Cost per tick does not grow with the plans: money is kept as running totals per symbol (net
 * signed position, its cost at average entry), so a tick updates one symbol's term. The extremes
 * and the maximum drawdown are exact over every tick; the curves kept for drawing are bounded
 * ({@link BoundedSeries}: {@value #EQUITY_POINTS_MAX} equity points, {@value #PRICE_POINTS_MAX}
 * price points per symbol that has a plan).
 */
public final class MarkToMarket {
  static final int EQUITY_POINTS_MAX = 10_000;
  static final int PRICE_POINTS_MAX = 2_000;

  /** What one plan adds: realized after commissions, signed open position and its entry cost. */
  private record Contribution(String symbol, BigDecimal realized, long position, BigDecimal cost) {
    static final Contribution NONE = new Contribution(null, BigDecimal.ZERO, 0, BigDecimal.ZERO);
  }

  /** One symbol's open money: net signed position, its cost at average entry, last price. */
  private static final class SymbolBook {
    long position;
    BigDecimal cost = BigDecimal.ZERO;
    BigDecimal last;
    BigDecimal unrealized = BigDecimal.ZERO;
    final BoundedSeries prices = new BoundedSeries(PRICE_POINTS_MAX);
  }

  private final Map<String, Contribution> byPlan = new HashMap<>();
  private final Map<String, SymbolBook> bySymbol = new LinkedHashMap<>();
  private final BoundedSeries equity = new BoundedSeries(EQUITY_POINTS_MAX);
  private final BoundedSeries drawdown = new BoundedSeries(EQUITY_POINTS_MAX);
  private BigDecimal realized = BigDecimal.ZERO;
  private BigDecimal unrealized = BigDecimal.ZERO;
  private SeriesPoint high;
  private SeriesPoint low;
  private SeriesPoint peak;
  private Drawdown maxDrawdown = Drawdown.NONE;

  /** The deepest fall of equity from a previous high: its size and the ticks of peak and trough. */
  public record Drawdown(BigDecimal amount, long peakTick, long troughTick) {
    static final Drawdown NONE = new Drawdown(BigDecimal.ZERO, -1, -1);
  }

  /** Registers a plan's symbol so its prices are kept for its timeline. */
  public void watch(String symbol) {
    bySymbol.computeIfAbsent(symbol, s -> new SymbolBook());
  }

  /** A step changed the plan: replaces what it adds to equity. */
  public void onPlanChanged(PlanSnapshot s) {
    Contribution before = byPlan.getOrDefault(s.planId(), Contribution.NONE);
    long signed = s.plan().side() == Side.LONG ? s.position() : -s.position();
    BigDecimal avg = s.avgEntryPrice();
    Contribution now =
        new Contribution(
            s.plan().instrument().symbol(),
            s.realizedPnl(),
            signed,
            signed == 0
                ? BigDecimal.ZERO
                : avg.multiply(BigDecimal.valueOf(signed), Decimals.MATH));
    byPlan.put(s.planId(), now);
    realized = realized.subtract(before.realized()).add(now.realized());
    if (before.position() != 0) {
      SymbolBook b = bySymbol.get(before.symbol());
      b.position -= before.position();
      b.cost = b.cost.subtract(before.cost());
      revalue(b);
    }
    if (now.position() != 0) {
      SymbolBook b = bySymbol.computeIfAbsent(now.symbol(), k -> new SymbolBook());
      b.position += now.position();
      b.cost = b.cost.add(now.cost());
      revalue(b);
    }
  }

  /** Tick {@code index} was evaluated: its symbol's price moves, and equity is recorded. */
  public void afterTick(long index, Tick tick) {
    SymbolBook b = bySymbol.get(tick.symbol());
    if (b != null) {
      b.last = tick.last();
      b.prices.add(index, tick.last());
      revalue(b);
    }
    BigDecimal now = equity();
    SeriesPoint p = new SeriesPoint(index, now);
    equity.add(index, now);
    if (high == null || now.compareTo(high.value()) > 0) {
      high = p;
    }
    if (low == null || now.compareTo(low.value()) < 0) {
      low = p;
    }
    if (peak == null || now.compareTo(peak.value()) > 0) {
      peak = p;
    }
    BigDecimal fall = peak.value().subtract(now);
    drawdown.add(index, fall.negate());
    if (fall.compareTo(maxDrawdown.amount()) > 0) {
      maxDrawdown = new Drawdown(fall, peak.tick(), index);
    }
  }

  /** Realized after commissions plus every open position at its symbol's last price. */
  public BigDecimal equity() {
    return realized.add(unrealized);
  }

  private void revalue(SymbolBook b) {
    BigDecimal next =
        b.position == 0 || b.last == null
            ? BigDecimal.ZERO
            : b.last.multiply(BigDecimal.valueOf(b.position), Decimals.MATH).subtract(b.cost);
    unrealized = unrealized.subtract(b.unrealized).add(next);
    b.unrealized = next;
  }

  /** What the run recorded, frozen. */
  public Record record() {
    Map<String, List<SeriesPoint>> prices = new LinkedHashMap<>();
    bySymbol.forEach((symbol, b) -> prices.put(symbol, b.prices.points()));
    return new Record(equity.points(), drawdown.points(), high, low, maxDrawdown, equity(), prices);
  }

  /**
   * The equity curve (at most {@value #EQUITY_POINTS_MAX} + 1 points), the drawdown below the
   * running high at the same points (zero or negative), the exact highest and lowest equity with
   * their ticks (null when the run had no tick), the deepest drawdown, the equity after the last
   * tick, and each watched symbol's prices.
   */
  public record Record(
      List<SeriesPoint> equity,
      List<SeriesPoint> drawdown,
      SeriesPoint high,
      SeriesPoint low,
      Drawdown maxDrawdown,
      BigDecimal finalEquity,
      Map<String, List<SeriesPoint>> prices) {
    public static final Record EMPTY =
        new Record(List.of(), List.of(), null, null, Drawdown.NONE, BigDecimal.ZERO, Map.of());
  }
}
