package com.tradeplan.domain.plan;

import com.tradeplan.domain.Decimals;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An instrument's tick grid by price, as IB's market rules give it (docs/ib.md, "Market rules"):
 * from each band's {@code lowEdge} up to the next band's, a price must be a whole multiple of that
 * band's {@code increment} (e.g. 0.0001 below $1 and 0.01 from $1 for a sub-dollar stock). A single
 * band from 0 is the uniform grid of one minimum tick ({@link #uniform}). A price exactly on a low
 * edge belongs to the band that starts there.
 *
 * <p>Immutable and validated: at least one band, at most {@link #BANDS_MAX}, the first from 0, low
 * edges strictly increasing, increments above zero. Construction with anything else throws (a
 * broker answer is checked with {@link #problemWith} first and refused as a value).
 */
public record TickBands(List<Band> bands) {
  /** More bands than any exchange's rule has; a rule beyond it is refused as malformed. */
  public static final int BANDS_MAX = 100;

  /** One band: from {@code lowEdge} (inclusive) on, prices move in steps of {@code increment}. */
  public record Band(BigDecimal lowEdge, BigDecimal increment) {
    public Band {
      Objects.requireNonNull(lowEdge, "lowEdge");
      Objects.requireNonNull(increment, "increment");
    }
  }

  public TickBands {
    String problem = problemWith(bands);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    bands = List.copyOf(bands);
  }

  /** Why {@code bands} is not a tick grid, or null when it is one. */
  public static String problemWith(List<Band> bands) {
    if (bands == null || bands.isEmpty()) {
      return "a tick grid needs at least one band";
    }
    if (bands.size() > BANDS_MAX) {
      return "a tick grid has at most " + BANDS_MAX + " bands, not " + bands.size();
    }
    BigDecimal previous = null;
    for (Band b : bands) {
      if (b == null) {
        return "a band is missing";
      }
      if (b.increment().signum() <= 0) {
        return "increment " + b.increment().toPlainString() + " is not above zero";
      }
      if (previous == null && b.lowEdge().signum() != 0) {
        return "the first band starts at " + b.lowEdge().toPlainString() + ", not at 0";
      }
      if (previous != null && b.lowEdge().compareTo(previous) <= 0) {
        return "low edge "
            + b.lowEdge().toPlainString()
            + " does not rise above "
            + previous.toPlainString();
      }
      previous = b.lowEdge();
    }
    return null;
  }

  /** The grid of one tick size at every price. */
  public static TickBands uniform(BigDecimal tickSize) {
    return new TickBands(List.of(new Band(BigDecimal.ZERO, tickSize)));
  }

  /** True when one increment holds at every price. */
  public boolean isUniform() {
    return bands.size() == 1;
  }

  /** The increment of the band {@code price} lies in (prices below 0: the first band's). */
  public BigDecimal incrementAt(BigDecimal price) {
    Band at = bands.get(0);
    for (Band b : bands) {
      if (b.lowEdge().compareTo(price) > 0) {
        break;
      }
      at = b;
    }
    return at.increment();
  }

  /** True when {@code price} is a whole multiple of the increment at {@code price}. */
  public boolean isOnGrid(BigDecimal price) {
    return Decimals.isMultipleOf(price, incrementAt(price));
  }

  /**
   * The lowest price on this grid at or above {@code price} (a price on the grid: itself). Looks in
   * the band {@code price} lies in, then in each band above, so a price just under a band edge gets
   * the first price of the next band that is on that band's grid. {@code price} must not be below
   * 0.
   */
  public BigDecimal onGridAtOrAbove(BigDecimal price) {
    requireNotNegative(price);
    for (int i = bandIndexAt(price); ; i++) {
      Band b = bands.get(i);
      BigDecimal from = price.max(b.lowEdge());
      BigDecimal candidate =
          from.divide(b.increment(), 0, RoundingMode.CEILING).multiply(b.increment());
      if (i == bands.size() - 1 || candidate.compareTo(bands.get(i + 1).lowEdge()) < 0) {
        return candidate;
      }
    }
  }

  /**
   * The highest price on this grid at or below {@code price} (a price on the grid: itself). Looks
   * in the band {@code price} lies in, then in each band below (up to, not including, the edge
   * where the band above starts); the first band starts at 0, a price on every grid, so there
   * always is one. {@code price} must not be below 0.
   */
  public BigDecimal onGridAtOrBelow(BigDecimal price) {
    requireNotNegative(price);
    int start = bandIndexAt(price);
    for (int i = start; i >= 0; i--) {
      Band b = bands.get(i);
      BigDecimal below = i == start ? price : bands.get(i + 1).lowEdge();
      BigDecimal candidate =
          below.divide(b.increment(), 0, RoundingMode.FLOOR).multiply(b.increment());
      if (i != start && candidate.compareTo(below) == 0) {
        candidate = candidate.subtract(b.increment()); // the edge itself belongs to the band above
      }
      if (candidate.compareTo(b.lowEdge()) >= 0) {
        return candidate;
      }
    }
    throw new IllegalStateException("no grid price at or below " + price.toPlainString());
  }

  private int bandIndexAt(BigDecimal price) {
    int at = 0;
    for (int i = 1; i < bands.size() && bands.get(i).lowEdge().compareTo(price) <= 0; i++) {
      at = i;
    }
    return at;
  }

  private static void requireNotNegative(BigDecimal price) {
    if (price.signum() < 0) {
      throw new IllegalArgumentException("a price on a tick grid is not below 0: " + price);
    }
  }

  /** The smallest increment of any band: IB's minimum tick of the instrument. */
  public BigDecimal finest() {
    BigDecimal min = bands.get(0).increment();
    for (Band b : bands) {
      min = min.min(b.increment());
    }
    return min;
  }

  /** Why {@code price} is off this grid: the increment at it, and for bands, the whole rule. */
  public String offGrid(BigDecimal price) {
    String base = "must be a multiple of the tick size " + incrementAt(price).toPlainString();
    return isUniform() ? base : base + " at this price (" + describe() + ")";
  }

  /** The rule in words: {@code 0.0001 from 0, 0.01 from 1}. */
  public String describe() {
    return bands.stream()
        .map(b -> b.increment().toPlainString() + " from " + b.lowEdge().toPlainString())
        .collect(Collectors.joining(", "));
  }
}
