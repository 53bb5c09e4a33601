package com.tradeplan.domain.plan;

import com.tradeplan.domain.Decimals;
import java.math.BigDecimal;
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
