package com.tradeplan.simulator.report;

import com.tradeplan.domain.Decimals;
import com.tradeplan.domain.plan.TradeStatus;
import com.tradeplan.formats.PlanResult;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of one run. A trade is a plan whose entry filled; the per-trade figures count the
 * closed trades only (an open trade's money is in the equity curve, not yet a win or a loss). A win
 * realized more than zero after commissions, a loss less; a trade at exactly zero is neither.
 *
 * <ul>
 *   <li>{@code winRate} = wins / closed trades (null without closed trades);
 *   <li>{@code averageWin}, {@code averageLoss}: mean realized P&L of the wins, of the losses (the
 *       latter negative; null when there is none);
 *   <li>{@code expectancy} = realized P&L of the closed trades / closed trades;
 *   <li>{@code profitFactor} = sum of wins / |sum of losses| (null without losses);
 *   <li>{@code maxDrawdown}: the deepest fall of the marked-to-market equity from an earlier high,
 *       over every tick (a positive amount or zero);
 *   <li>{@code commission}: every commission of every plan, open trades included;
 *   <li>{@code realizedPnl}: after commissions, every plan; {@code finalEquity}: realized plus open
 *       positions at the last price.
 * </ul>
 *
 * Exact decimals; ratios are divided with 34 significant digits and rounded only when printed.
 */
public record Statistics(
    int trades,
    int closedTrades,
    int openTrades,
    int wins,
    int losses,
    BigDecimal winRate,
    BigDecimal averageWin,
    BigDecimal averageLoss,
    BigDecimal expectancy,
    BigDecimal profitFactor,
    BigDecimal maxDrawdown,
    BigDecimal commission,
    BigDecimal realizedPnl,
    BigDecimal finalEquity) {

  /** The names of the figures, in {@link #byName}'s order (a sweep's heat map picks one). */
  public static final List<String> NAMES =
      java.util.Arrays.stream(Statistics.class.getRecordComponents())
          .map(java.lang.reflect.RecordComponent::getName)
          .toList();

  /** The figures of {@code plans} (a run's results) and its equity {@code market}. */
  public static Statistics of(List<PlanResult> plans, MarkToMarket.Record market) {
    int trades = 0;
    int closed = 0;
    int open = 0;
    int wins = 0;
    int losses = 0;
    BigDecimal winSum = BigDecimal.ZERO;
    BigDecimal lossSum = BigDecimal.ZERO;
    BigDecimal commission = BigDecimal.ZERO;
    BigDecimal realized = BigDecimal.ZERO;
    for (PlanResult p : plans) {
      commission = commission.add(p.commission());
      realized = realized.add(p.realizedPnl());
      if (p.filledEntryQuantity() == 0) {
        continue;
      }
      trades++;
      if (p.tradeStatus() != TradeStatus.CLOSED) {
        open++;
        continue;
      }
      closed++;
      int sign = p.realizedPnl().signum();
      if (sign > 0) {
        wins++;
        winSum = winSum.add(p.realizedPnl());
      } else if (sign < 0) {
        losses++;
        lossSum = lossSum.add(p.realizedPnl());
      }
    }
    return new Statistics(
        trades,
        closed,
        open,
        wins,
        losses,
        ratio(BigDecimal.valueOf(wins), closed),
        ratio(winSum, wins),
        ratio(lossSum, losses),
        ratio(winSum.add(lossSum), closed),
        losses == 0 ? null : winSum.divide(lossSum.negate(), Decimals.MATH),
        market.maxDrawdown().amount(),
        commission,
        realized,
        market.finalEquity());
  }

  private static BigDecimal ratio(BigDecimal sum, int count) {
    return count == 0 ? null : sum.divide(BigDecimal.valueOf(count), Decimals.MATH);
  }

  /** Every figure by its name, in this record's order: counts as integers, the rest decimals. */
  public Map<String, BigDecimal> byName() {
    Map<String, BigDecimal> m = new LinkedHashMap<>();
    m.put("trades", BigDecimal.valueOf(trades));
    m.put("closedTrades", BigDecimal.valueOf(closedTrades));
    m.put("openTrades", BigDecimal.valueOf(openTrades));
    m.put("wins", BigDecimal.valueOf(wins));
    m.put("losses", BigDecimal.valueOf(losses));
    m.put("winRate", winRate);
    m.put("averageWin", averageWin);
    m.put("averageLoss", averageLoss);
    m.put("expectancy", expectancy);
    m.put("profitFactor", profitFactor);
    m.put("maxDrawdown", maxDrawdown);
    m.put("commission", commission);
    m.put("realizedPnl", realizedPnl);
    m.put("finalEquity", finalEquity);
    return m;
  }

  /** True for the figures that count trades (printed whole). */
  public static boolean isCount(String name) {
    return switch (name) {
      case "trades", "closedTrades", "openTrades", "wins", "losses" -> true;
      default -> false;
    };
  }

  /**
   * How a figure is printed: counts whole, ratios with 4 decimals, money with 2 (half-even); null
   * for a figure that does not exist.
   */
  public static String format(String name, BigDecimal value) {
    if (value == null) {
      return null;
    }
    if (isCount(name)) {
      return value.toPlainString();
    }
    return switch (name) {
      case "winRate", "profitFactor" -> Decimals.fixed(value, 4);
      default -> Decimals.fixed(value, 2);
    };
  }
}
