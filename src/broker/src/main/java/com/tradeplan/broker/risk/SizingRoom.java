package com.tradeplan.broker.risk;

import com.tradeplan.domain.risk.EntrySizing;
import com.tradeplan.domain.risk.RiskLimits;
import java.math.BigDecimal;
import java.util.List;

/**
 * The room one holder's figures leave a new entry, as caps for sizing it ({@link EntrySizing}): the
 * same projections as the entry's check ({@link EntryChecks#exposure}) solved for the quantity, so
 * a sized entry that arrives at the gate with the figures unchanged passes those limits. Pure; read
 * under {@link EntryLimits}' lock.
 */
final class SizingRoom {
  private SizingRoom() {}

  /**
   * Adds a cap per position or open-notional limit {@code limits} sets for the holder ({@code
   * holder} null: nothing counted yet, the whole limit is room).
   */
  static void add(
      List<EntrySizing.Cap> caps,
      RiskLimits limits,
      Exposure holder,
      String kind,
      String name,
      String symbol,
      boolean buy,
      BigDecimal price) {
    String whose = " for " + kind + " " + name;
    if (limits.maxPositionPerSymbol() != null) {
      Exposure.Symbol s = holder == null ? null : holder.symbol(symbol);
      long position = s == null ? 0 : s.position;
      long working = s == null ? 0 : (buy ? s.workingBuy : s.workingSell);
      long towards = buy ? position + working : working - position;
      long room = Math.max(0, limits.maxPositionPerSymbol() - towards);
      caps.add(
          new EntrySizing.Cap(
              "maxPositionPerSymbol",
              limits.maxPositionPerSymbol().toString(),
              room,
              "maximum position per symbol "
                  + limits.maxPositionPerSymbol()
                  + " on "
                  + symbol
                  + whose
                  + " (position "
                  + position
                  + ", working entries "
                  + (buy ? "+" : "-")
                  + working
                  + ": room for "
                  + room
                  + " shares)"));
    }
    if (limits.maxPositionTotal() != null) {
      long used = holder == null ? 0 : holder.positionsTotal + holder.workingTotal;
      long room = Math.max(0, limits.maxPositionTotal() - used);
      caps.add(
          new EntrySizing.Cap(
              "maxPositionTotal",
              limits.maxPositionTotal().toString(),
              room,
              "maximum total position "
                  + limits.maxPositionTotal()
                  + whose
                  + " (positions and working entries "
                  + used
                  + ": room for "
                  + room
                  + " shares)"));
    }
    if (limits.maxOpenNotional() != null) {
      BigDecimal used =
          holder == null
              ? BigDecimal.ZERO
              : MoneySums.add(holder.positionsNotional, holder.workingNotional);
      BigDecimal left = MoneySums.subtract(limits.maxOpenNotional(), used);
      long room = EntrySizing.sharesWorth(left, price);
      caps.add(
          new EntrySizing.Cap(
              "maxOpenNotional",
              limits.maxOpenNotional().toPlainString(),
              room,
              "maximum open notional "
                  + limits.maxOpenNotional().toPlainString()
                  + whose
                  + " (open "
                  + used.stripTrailingZeros().toPlainString()
                  + ": room for "
                  + room
                  + " shares at "
                  + price.toPlainString()
                  + ")"));
    }
  }
}
