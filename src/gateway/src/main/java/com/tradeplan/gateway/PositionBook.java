package com.tradeplan.gateway;

import com.tradeplan.domain.Decimals;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The positions of every account of the simulated exchange, per symbol, with IB's average cost:
 * adding to a position averages the price in, reducing it keeps the average, crossing through zero
 * starts again at the fill price. Bounded by the accounts and symbols traded. Not thread-safe:
 * guarded by the exchange's lock.
 */
final class PositionBook {
  private final Map<String, Map<String, Position>> positions = new HashMap<>();

  /** Books a fill of {@code qty} at {@code price} of the order on its account's position. */
  void apply(SimOrder o, BigDecimal qty, BigDecimal price) {
    Map<String, Position> acct = positions.computeIfAbsent(o.account, a -> new LinkedHashMap<>());
    Position p = acct.get(o.symbol);
    BigDecimal signed = o.buy() ? qty : qty.negate();
    BigDecimal oldQty = p == null ? BigDecimal.ZERO : p.quantity();
    BigDecimal oldAvg = p == null ? BigDecimal.ZERO : p.averageCost();
    BigDecimal newQty = oldQty.add(signed);
    BigDecimal newAvg;
    if (newQty.signum() == 0) {
      newAvg = BigDecimal.ZERO;
    } else if (oldQty.signum() == 0 || oldQty.signum() == signed.signum()) {
      newAvg =
          oldAvg
              .multiply(oldQty.abs())
              .add(price.multiply(qty))
              .divide(newQty.abs(), Decimals.MATH)
              .stripTrailingZeros();
    } else if (newQty.signum() == oldQty.signum()) {
      newAvg = oldAvg;
    } else {
      newAvg = price;
    }
    acct.put(o.symbol, new Position(o.conId, o.symbol, o.currency, newQty, newAvg));
  }

  /** The positions of one account by symbol (a copy). */
  Map<String, Position> of(String account) {
    return Map.copyOf(positions.getOrDefault(account, Map.of()));
  }

  /** Every account's positions, live: for the position answers sent under the same lock. */
  Map<String, Map<String, Position>> byAccount() {
    return positions;
  }
}
