package com.tradeplan.formats;

import java.util.List;

/** The content of RESULT.json: one entry per plan, in the order of PLANS.json. */
public record SimulationResult(List<PlanResult> plans) {
  public SimulationResult {
    plans = List.copyOf(plans);
  }
}
