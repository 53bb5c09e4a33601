package com.tradeplan.simulator;

import com.tradeplan.domain.commission.CommissionModel;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * Knobs of one simulation run (simulator-io.md's command line): the partial-fill model, the
 * commission model (the domain's {@link CommissionModel}, the one the paper gateway charges with;
 * {@link CommissionModel#NONE} by default, as the public contract's commission per share 0), and
 * whether the level gate is on.
 */
public record SimulationOptions(Long maxFillPerTick, CommissionModel commission, boolean gated) {
  public static final SimulationOptions DEFAULT =
      new SimulationOptions(null, CommissionModel.NONE, true);

  public SimulationOptions {
    Objects.requireNonNull(commission, "commission");
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
