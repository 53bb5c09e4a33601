package com.tradeplan.domain.risk;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A tier table by price band (issue 14, point 2, "tier-based sizing"): the caps of one entry by the
 * band its price falls in (docs/risk.md, "Tiers by price band"). Bands are ordered by price and
 * never overlap; a price in no band has no tier cap. A stored table has 1 to {@link #BANDS_MAX}
 * bands ({@link #errors}); a combined one ({@link #tightenedBy}) may have more (at most the sum of
 * its layers' bands), since each layer's edges stay edges.
 *
 * <p>Immutable; pure arithmetic on {@link BigDecimal}, no I/O.
 */
public record PriceTiers(List<PriceBandTier> bands) {
  /** The most bands one layer's table may hold. */
  public static final int BANDS_MAX = 10;

  public PriceTiers {
    bands = List.copyOf(bands);
  }

  /** The band {@code price} falls in, or null when none. */
  public PriceBandTier at(BigDecimal price) {
    for (PriceBandTier b : bands) {
      if (b.holds(price)) {
        return b;
      }
    }
    return null;
  }

  /**
   * What is wrong with this table as one layer's, one sentence per fault starting with the field
   * (under {@code field}, e.g. {@code priceTiers[1].maxShares: must be > 0}); empty when it may be
   * stored.
   */
  public List<String> errors(String field) {
    List<String> errors = new ArrayList<>();
    if (bands.isEmpty() || bands.size() > BANDS_MAX) {
      errors.add(field + ": 1 to " + BANDS_MAX + " price bands (leave it unset for no tiers)");
      return errors;
    }
    for (int i = 0; i < bands.size(); i++) {
      PriceBandTier b = bands.get(i);
      String at = field + "[" + i + "].";
      if (b.fromPrice() == null || b.fromPrice().signum() < 0) {
        errors.add(at + "fromPrice: a price of 0 or more");
        continue;
      }
      if (b.belowPrice() == null && i < bands.size() - 1) {
        errors.add(at + "belowPrice: only the last band may be open-ended");
      }
      if (b.belowPrice() != null && b.belowPrice().compareTo(b.fromPrice()) <= 0) {
        errors.add(at + "belowPrice: must be above fromPrice " + b.fromPrice().toPlainString());
      }
      PriceBandTier before = i == 0 ? null : bands.get(i - 1);
      if (before != null
          && before.belowPrice() != null
          && b.fromPrice().compareTo(before.belowPrice()) < 0) {
        errors.add(
            at
                + "fromPrice: bands must be in rising order without overlap (the band before ends"
                + " at "
                + before.belowPrice().toPlainString()
                + ")");
      }
      if (b.maxShares() == null && b.maxNotional() == null) {
        errors.add(at + "maxShares: a band sets maxShares, maxNotional or both");
      }
      if (b.maxShares() != null && b.maxShares() <= 0) {
        errors.add(at + "maxShares: must be > 0");
      }
      if (b.maxNotional() != null && b.maxNotional().signum() <= 0) {
        errors.add(at + "maxNotional: must be > 0");
      }
    }
    return errors;
  }

  /**
   * The table whose cap at every price is the tighter of this one's and {@code inner}'s (a cap only
   * one sets holds as it is): split at every edge of both tables, each piece capped by the smaller
   * of the two, neighbouring pieces with the same caps joined again.
   */
  public PriceTiers tightenedBy(PriceTiers inner) {
    if (inner == null || inner.bands.isEmpty()) {
      return this;
    }
    if (bands.isEmpty()) {
      return inner;
    }
    TreeSet<BigDecimal> edges = new TreeSet<>();
    for (PriceTiers t : List.of(this, inner)) {
      for (PriceBandTier b : t.bands) {
        edges.add(b.fromPrice());
        if (b.belowPrice() != null) {
          edges.add(b.belowPrice());
        }
      }
    }
    List<BigDecimal> points = new ArrayList<>(edges);
    List<PriceBandTier> out = new ArrayList<>();
    for (int i = 0; i < points.size(); i++) {
      BigDecimal from = points.get(i);
      BigDecimal below = i + 1 < points.size() ? points.get(i + 1) : null;
      PriceBandTier a = at(from);
      PriceBandTier b = inner.at(from);
      if (a == null && b == null) {
        continue;
      }
      Long shares = min(a == null ? null : a.maxShares(), b == null ? null : b.maxShares());
      BigDecimal notional =
          min(a == null ? null : a.maxNotional(), b == null ? null : b.maxNotional());
      PriceBandTier last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null
          && last.belowPrice() != null
          && from.compareTo(last.belowPrice()) == 0
          && Objects.equals(last.maxShares(), shares)
          && Objects.equals(last.maxNotional(), notional)) {
        out.set(out.size() - 1, new PriceBandTier(last.fromPrice(), below, shares, notional));
      } else {
        out.add(new PriceBandTier(from, below, shares, notional));
      }
    }
    return new PriceTiers(out);
  }

  private static <T extends Comparable<T>> T min(T a, T b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.compareTo(b) <= 0 ? a : b;
  }
}
