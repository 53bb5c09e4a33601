package com.tradeplan.simulator;

import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.formats.SimulationResult;
import com.tradeplan.simulator.report.MarkToMarket;
import java.util.List;
import java.util.Map;

/**
 * A finished simulation: the public result, the final state of every valid plan (for invariant
 * checks and reports), the ticks read, the operator alerts raised (an empty list in a healthy run),
 * the options it ran with, and the equity marked to market over its ticks (for the report).
 */
public record SimulationRun(
    SimulationResult result,
    Map<String, PlanSnapshot> finalStates,
    long ticks,
    List<String> alerts,
    SimulationOptions options,
    MarkToMarket.Record market) {}
