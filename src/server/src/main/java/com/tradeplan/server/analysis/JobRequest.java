package com.tradeplan.server.analysis;

import com.tradeplan.simulator.SimulationOptions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a job runs: the uploaded plans and tick files (their names and texts, in the formats of
 * spec/simulator-io.md), the rule-set version (null: the one deployed when the job starts) and the
 * fill model. The texts are held only until the job ran.
 */
public record JobRequest(
    String plansName,
    String plansText,
    String ticksName,
    String ticksText,
    Integer ruleVersion,
    SimulationOptions options) {

  /** The request as stored and listed: everything but the file texts. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("plansFile", plansName);
    m.put("ticksFile", ticksName);
    m.put("ruleVersion", ruleVersion);
    m.put("maxFillPerTick", options.maxFillPerTick());
    m.put("commission", options.commission().spec());
    m.put("latencyTicks", options.latencyTicks());
    m.put("gate", options.gated());
    return m;
  }

  /** The same files and version with other options (a sweep's cell). */
  public JobRequest with(String plans, SimulationOptions other) {
    return new JobRequest(plansName, plans, ticksName, ticksText, ruleVersion, other);
  }

  /** "version 2, commission ib-fixed, fills at most 10 a tick, latency 1 ticks". */
  public String label(int version) {
    return "version "
        + version
        + ", commission "
        + options.commission().spec()
        + ", fills "
        + (options.maxFillPerTick() == null
            ? "whole"
            : "at most " + options.maxFillPerTick() + " a tick")
        + (options.latencyTicks() == 0 ? "" : ", latency " + options.latencyTicks() + " ticks")
        + (options.gated() ? "" : ", no gate");
  }
}
