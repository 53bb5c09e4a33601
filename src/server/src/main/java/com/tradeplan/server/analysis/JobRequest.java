package com.tradeplan.server.analysis;

import com.tradeplan.simulator.SimulationOptions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a job runs: the uploaded plans and tick files (their names and texts, in the formats of
 * spec/simulator-io.md), the rule-set version (null: the one deployed when the job starts) and the
 * fill model; for a sweep's cell, the values of its parameters ({@code sweepCell}, name to value;
 * null for a job of its own). The texts are held only until the job ran. A replay job ({@code
 * replay} not null) has neither files nor options: it reads the incident recording.
 */
public record JobRequest(
    String plansName,
    String plansText,
    String ticksName,
    String ticksText,
    Integer ruleVersion,
    SimulationOptions options,
    Map<String, String> sweepCell,
    ReplayRequest replay) {

  /** A simulation (or a sweep's cell): no replay. */
  public JobRequest(
      String plansName,
      String plansText,
      String ticksName,
      String ticksText,
      Integer ruleVersion,
      SimulationOptions options,
      Map<String, String> sweepCell) {
    this(plansName, plansText, ticksName, ticksText, ruleVersion, options, sweepCell, null);
  }

  /** An incident replay job (docs/simulator.md "Incident replay"): no files, no fill model. */
  public static JobRequest replay(ReplayRequest replay) {
    return new JobRequest(null, "", null, "", replay.ruleVersion(), null, null, replay);
  }

  /** The request as stored and listed: everything but the file texts. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    if (replay != null) {
      m.put("kind", "replay");
      m.put("user", replay.owner());
      m.put("from", replay.from() == null ? null : replay.from().toString());
      m.put("to", replay.to() == null ? null : replay.to().toString());
      m.put("ruleVersion", replay.ruleVersion());
      return m;
    }
    m.put("plansFile", plansName);
    m.put("ticksFile", ticksName);
    m.put("ruleVersion", ruleVersion);
    m.put("maxFillPerTick", options.maxFillPerTick());
    m.put("commission", options.commission().spec());
    m.put("latencyTicks", options.latencyTicks());
    m.put("gate", options.gated());
    if (sweepCell != null) {
      m.put("sweep", new LinkedHashMap<String, Object>(sweepCell));
    }
    return m;
  }

  /** The same files and version with other plans and options: a sweep's cell. */
  public JobRequest cell(String plans, SimulationOptions other, Map<String, String> values) {
    return new JobRequest(plansName, plans, ticksName, ticksText, ruleVersion, other, values);
  }
}
