package com.tradeplan.domain.risk;

import com.tradeplan.domain.Decimals;
import java.math.BigDecimal;

/**
 * The caps of one price band of a {@link PriceTiers} table: an entry whose price is at least {@code
 * fromPrice} and below {@code belowPrice} (null: no upper end) may be at most {@code maxShares}
 * shares and worth at most {@code maxNotional} (quantity times its price). Either cap may be unset
 * (null); a stored band sets at least one. Cheap stocks move in large share counts, so a desk caps
 * them in shares; dear ones in value.
 *
 * @param fromPrice the band's lowest price, inclusive
 * @param belowPrice the band's end, exclusive; null for the last band (every price above)
 * @param maxShares the largest entry in this band, in shares
 * @param maxNotional the largest entry's value in this band
 */
public record PriceBandTier(
    BigDecimal fromPrice, BigDecimal belowPrice, Long maxShares, BigDecimal maxNotional) {

  /** True when {@code price} is in this band. */
  public boolean holds(BigDecimal price) {
    return price.compareTo(fromPrice) >= 0
        && (belowPrice == null || price.compareTo(belowPrice) < 0);
  }

  /**
   * Which cap of this band an entry breaks: the limit's name ({@code priceTiers.maxShares} or
   * {@code priceTiers.maxNotional}), the most shares the band allows at the entry's price, and the
   * refusal naming the limit, its value and the figure.
   */
  public record Breach(String limit, long sharesAllowed, String reason) {}

  /**
   * Whether {@code quantity} shares of {@code symbol} at {@code price} (a price in this band) break
   * its caps: null when they fit. The one decision of a tier, for the gate at every entry and for
   * an activation alike.
   */
  public Breach breach(long quantity, BigDecimal price, String symbol) {
    String where = " (this entry on " + symbol + " at " + price.toPlainString() + ")";
    if (maxShares != null && quantity > maxShares) {
      return new Breach(
          "priceTiers.maxShares",
          maxShares,
          "price tier maxShares "
              + maxShares
              + " of the "
              + label()
              + " exceeded: "
              + quantity
              + " shares"
              + where);
    }
    BigDecimal notional = price.multiply(BigDecimal.valueOf(quantity), Decimals.MATH);
    if (maxNotional != null && notional.compareTo(maxNotional) > 0) {
      return new Breach(
          "priceTiers.maxNotional",
          EntrySizing.sharesWorth(maxNotional, price),
          "price tier maxNotional "
              + maxNotional.toPlainString()
              + " of the "
              + label()
              + " exceeded: worth "
              + notional.stripTrailingZeros().toPlainString()
              + where);
    }
    return null;
  }

  /** The band in the trader's words: "price band 5 to 20", "below 5", "from 20". */
  public String label() {
    if (belowPrice == null) {
      return "price band from " + fromPrice.toPlainString();
    }
    if (fromPrice.signum() == 0) {
      return "price band below " + belowPrice.toPlainString();
    }
    return "price band " + fromPrice.toPlainString() + " to " + belowPrice.toPlainString();
  }
}
