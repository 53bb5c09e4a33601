package com.tradeplan.simulator;

import java.math.BigDecimal;

/** Knobs of one simulation run (simulator-io.md's command line). */
public record SimulationOptions(Long maxFillPerTick, BigDecimal commissionPerShare, boolean gated) {
  public static final SimulationOptions DEFAULT =
      new SimulationOptions(null, BigDecimal.ZERO, true);

  public SimulationOptions {
    commissionPerShare = commissionPerShare == null ? BigDecimal.ZERO : commissionPerShare;
    if (commissionPerShare.signum() < 0) {
      throw new IllegalArgumentException("commission per share must be >= 0");
    }
  }
}
