package com.tradeplan.simulator;

import com.tradeplan.domain.commission.CommissionModel;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * Knobs of one simulation run (simulator-io.md's command line): the partial-fill model, the
 * commission model (the domain's {@link CommissionModel}, the one the paper gateway charges with;
 * {@link CommissionModel#NONE} by default, as the public contract's commission per share 0), and
 * whether the level gate is on, and the latency in ticks (an order sent while evaluating tick i
 * fills on the (1 + latencyTicks)-th later tick of its symbol; 0, the public contract's next-tick
 * fill, by default).
 */
public record SimulationOptions(
    Long maxFillPerTick, CommissionModel commission, boolean gated, int latencyTicks) {
  public static final SimulationOptions DEFAULT =
      new SimulationOptions(null, CommissionModel.NONE, true);

  /** The most ticks an order may wait before its first fill (a day of one-second ticks). */
  public static final int LATENCY_TICKS_MAX = 100_000;

  public SimulationOptions {
    Objects.requireNonNull(commission, "commission");
    if (latencyTicks < 0 || latencyTicks > LATENCY_TICKS_MAX) {
      throw new IllegalArgumentException(
          "latencyTicks must be 0 to " + LATENCY_TICKS_MAX + ": " + latencyTicks);
    }
  }

  /** Next-tick fills (no latency). */
  public SimulationOptions(Long maxFillPerTick, CommissionModel commission, boolean gated) {
    this(maxFillPerTick, commission, gated, 0);
  }

  /** The historical form: a plain rate per share ({@code --commission-per-share X}), null as 0. */
  public SimulationOptions(Long maxFillPerTick, BigDecimal commissionPerShare, boolean gated) {
    this(
        maxFillPerTick,
        new CommissionModel.PerShare(
            commissionPerShare == null ? BigDecimal.ZERO : commissionPerShare),
        gated);
  }
}
