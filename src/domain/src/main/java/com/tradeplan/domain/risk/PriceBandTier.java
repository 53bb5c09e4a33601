package com.tradeplan.domain.risk;

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
