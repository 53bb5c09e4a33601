package com.tradeplan.domain.plan;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the tick size of an instrument comes from: the exchange, through the broker's contract
 * details (IB's {@code minTick}), or, for a broker that has none (the simulator, a test double),
 * the instrument's own {@link Instrument#tickSize()} ({@link #OWN}). The exchange's answer may be a
 * grid of price bands (IB's market rules: a finer tick below $1), in {@link Lookup#grid()}.
 * Activation needs the exchange's answer: a plan is validated on the grid its orders will meet
 * (docs/ib.md, "Contract details").
 */
public interface TickSizes {
  /** The instrument's own tick size, always known: for brokers without contract details. */
  TickSizes OWN = (instrument, wait) -> new Lookup(instrument.tickSize(), null);

  /**
   * The tick size of {@code instrument}, waiting at most {@code wait} for the exchange's answer
   * when it is not known yet (zero: never waits, only asks). Never throws; an unknown tick is a
   * {@link Lookup} with the reason.
   */
  Lookup tickSize(Instrument instrument, Duration wait);

  /**
   * The tick size, or why it is not known (exactly one of them is null). When known, {@code grid}
   * is the instrument's grid by price (IB's market rule; one band of {@code tickSize} when the
   * exchange has no rule of price bands) and {@code tickSize} its finest increment, IB's minimum
   * tick.
   */
  record Lookup(BigDecimal tickSize, String unknownBecause, TickBands grid) {
    public Lookup {
      if ((tickSize == null) == (unknownBecause == null)) {
        throw new IllegalArgumentException("a tick size or a reason, exactly one");
      }
      if (tickSize != null && tickSize.signum() <= 0) {
        throw new IllegalArgumentException("tick size must be > 0: " + tickSize);
      }
      if ((tickSize == null) != (grid == null)) {
        throw new IllegalArgumentException("a known tick size has its grid, an unknown none");
      }
      if (grid != null && grid.finest().compareTo(tickSize) != 0) {
        throw new IllegalArgumentException("tick size " + tickSize + " is not the grid's finest");
      }
    }

    /** A uniform grid of {@code tickSize}, or the reason (exactly one of them is null). */
    public Lookup(BigDecimal tickSize, String unknownBecause) {
      this(tickSize, unknownBecause, tickSize == null ? null : TickBands.uniform(tickSize));
    }

    public static Lookup known(BigDecimal tickSize) {
      return new Lookup(Objects.requireNonNull(tickSize, "tickSize"), null);
    }

    /** The grid of price bands {@code grid}; the tick size is its finest increment. */
    public static Lookup known(TickBands grid) {
      return new Lookup(grid.finest(), null, grid);
    }

    public static Lookup unknown(String because) {
      return new Lookup(null, Objects.requireNonNull(because, "because"));
    }

    public boolean isKnown() {
      return tickSize != null;
    }
  }
}
