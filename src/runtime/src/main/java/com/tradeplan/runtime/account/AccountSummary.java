package com.tradeplan.runtime.account;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One trader's account as {@link AccountBook} computed it at {@code asOf}. Every amount is exact
 * and unrounded (rounding is for display); an amount that cannot be known is null and the reason is
 * in {@code alerts}.
 *
 * @param account the IB account the trader's plans are activated into (null: none linked)
 * @param tradingDay the trading day of {@code today} (New York)
 * @param today realized P&amp;L after commissions and the commissions of the fills of the day
 * @param total realized P&amp;L after commissions and the commissions of every plan that filled
 * @param unrealizedPnl of the open positions at their symbols' last prices (known ones)
 * @param positions per symbol with a position now or a fill today
 * @param plansAtRisk every live plan or open entry with its money at risk
 * @param moneyAtRisk the sum of the plans' money at risk
 * @param workingOrders orders sent and neither filled nor cancelled
 * @param limits the risk limits that hold for the trader and the room they leave
 * @param alerts what the trader should know now
 */
public record AccountSummary(
    String user,
    String account,
    Instant asOf,
    LocalDate tradingDay,
    Pnl today,
    Pnl total,
    BigDecimal unrealizedPnl,
    List<SymbolPosition> positions,
    List<PlanRisk> plansAtRisk,
    BigDecimal moneyAtRisk,
    List<WorkingOrder> workingOrders,
    List<LimitRoom> limits,
    List<Alert> alerts) {

  public AccountSummary {
    positions = List.copyOf(positions);
    plansAtRisk = List.copyOf(plansAtRisk);
    workingOrders = List.copyOf(workingOrders);
    limits = List.copyOf(limits);
    alerts = List.copyOf(alerts);
  }

  /** Realized P&amp;L after commissions, and the commissions in it. */
  public record Pnl(BigDecimal realizedPnl, BigDecimal commission) {}

  /**
   * The trader's net position on one symbol over all their live plans.
   *
   * @param netPosition signed: long shares minus short shares
   * @param averagePrice the mean entry price of the plans on the net position's side, weighted by
   *     their positions (null when flat)
   * @param unrealizedPnl the plans' unrealized P&amp;L at the last price (null: no price known)
   * @param realizedTodayPnl realized after commissions by the symbol's fills of the day
   */
  public record SymbolPosition(
      String symbol,
      long netPosition,
      long longShares,
      long shortShares,
      BigDecimal averagePrice,
      BigDecimal lastPrice,
      BigDecimal unrealizedPnl,
      BigDecimal realizedTodayPnl) {}

  /**
   * The money one plan can still lose if its stops fill at their levels.
   *
   * @param position open shares (unsigned; the side says which way)
   * @param activeStop the stop that protects the position now (null: none yet)
   * @param referencePrice the price the position's risk is measured from: the last price, or the
   *     average entry price while no price is known
   * @param referenceKind {@code LAST} or {@code AVERAGE_ENTRY}
   * @param positionRisk position times the distance from the reference to the active stop, never
   *     below zero (null: open shares without an active stop)
   * @param openEntryQuantity entry shares not filled yet (ACTIVE: the whole plan; a working entry:
   *     what is left of it)
   * @param entryStop the stop that will protect those shares when they fill (the tightest stop
   *     without an activation level, or the trailing distance from the entry price)
   * @param entryRisk open entry shares times the distance from the entry price to that stop
   * @param moneyAtRisk positionRisk plus entryRisk (the known parts)
   * @param protectedFully false when a part is unknown (shares without a stop)
   */
  public record PlanRisk(
      String planId,
      String symbol,
      String side,
      String status,
      long position,
      BigDecimal activeStop,
      BigDecimal referencePrice,
      String referenceKind,
      BigDecimal positionRisk,
      long openEntryQuantity,
      BigDecimal entryPrice,
      BigDecimal entryStop,
      BigDecimal entryRisk,
      BigDecimal moneyAtRisk,
      boolean protectedFully) {}

  /** An order at the broker (or about to be) that is neither completely filled nor cancelled. */
  public record WorkingOrder(
      String planId,
      String symbol,
      String orderRef,
      String role,
      String action,
      long quantity,
      long filledQuantity,
      String status) {}

  /**
   * One risk limit that holds for the trader.
   *
   * @param limit the field's name ({@code maxPositionTotal}, ...)
   * @param words what it limits, for the trader
   * @param value the limit in force (null: no limit)
   * @param used the trader's figure it is checked against (null: a limit on each order, not on a
   *     sum)
   * @param left value minus used (null when either is), negative when the figure is past it
   * @param where the symbol the figure is of, for a limit per symbol (the fullest symbol)
   */
  public record LimitRoom(
      String limit,
      String words,
      BigDecimal value,
      BigDecimal used,
      BigDecimal left,
      String where) {}

  /**
   * Something the trader should know now.
   *
   * @param kind stable code: {@code KILL_SWITCH}, {@code STALE_MARKET_DATA}, {@code
   *     NO_ACTIVE_STOP}, {@code DAILY_LOSS_LIMIT}, {@code NO_PRICE}, {@code TODAY_INCOMPLETE}
   * @param subject the plan id, symbol or scope it concerns
   */
  public record Alert(String kind, String subject, String message) {}
}
