package com.tradeplan.server.analysis;

import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.RuleCompilationException;
import com.tradeplan.engine.RuleSets;
import com.tradeplan.engine.recording.LaneInput;
import com.tradeplan.runtime.recording.UserRecording;
import com.tradeplan.simulator.replay.Replay;
import com.tradeplan.simulator.replay.ReplayReport;
import com.tradeplan.simulator.replay.ReplayResult;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The body of a replay job, on an analysis worker: reads the user's recorded window, replays it
 * under the recorded rule-set versions (or the chosen one), and leaves the {@link ReplayReport} as
 * the job's report (JSON and HTML) with the verdict as its message. Expected outcomes (recording
 * off, a version that does not compile, cancelled) are outcomes; an incomplete recording is a DONE
 * job whose verdict says so, never a claimed result.
 */
final class ReplayRun {
  private ReplayRun() {}

  static SimulationJob.Outcome run(
      SimulationJob job, ReplayRequest req, RuleSource rules, RecordingSource recording) {
    if (recording == null) {
      return recordingOff();
    }
    RuleSets sets;
    String label;
    int version = req.ruleVersion() == null ? rules.deployed() : req.ruleVersion();
    try {
      if (req.ruleVersion() == null) {
        sets = RuleSets.versioned(rules.compile(1), rules::compile);
        label = "recorded versions";
      } else {
        sets = RuleSets.single(rules.compile(version));
        label = "version " + version;
      }
    } catch (RuleCompilationException e) {
      return failed("rule-set version " + version + " does not compile: " + e.getMessage());
    }
    UserRecording rec = recording.read(req.owner(), req.from(), req.to());
    ReplayResult result =
        replay(
            req,
            sets,
            label,
            rec,
            new Replay.Control() {
              @Override
              public void progress(long done, long total) {
                job.progress(done, total);
              }

              @Override
              public boolean cancelled() {
                return job.cancelRequested();
              }
            });
    if (job.cancelRequested()) {
      return new SimulationJob.Outcome(
          SimulationJob.Status.CANCELLED,
          "cancelled at entry " + job.ticksDone() + " of " + job.ticksTotal(),
          version,
          null,
          null,
          null,
          null);
    }
    String json = ReplayReport.json(result);
    return new SimulationJob.Outcome(
        SimulationJob.Status.DONE,
        result.summary(),
        version,
        null,
        json,
        ReplayReport.html(result),
        json);
  }

  /**
   * The replay itself, the one path of a job and of {@code simulate replay} ({@link ReplayCli}):
   * the recorded window through a fresh core under {@code sets}, re-pinned to the request's version
   * when it names one.
   */
  static ReplayResult replay(
      ReplayRequest req, RuleSets sets, String label, UserRecording rec, Replay.Control control) {
    return new Replay(sets, req.ruleVersion(), label)
        .run(req.owner(), rec.entries(), rec.problems(), req.from(), req.to(), control);
  }

  /** The outcome of a replay on a server whose recording is off. */
  static SimulationJob.Outcome recordingOff() {
    return failed(
        "the incident recording is off on this server (TRADEPLAN_RECORDING=off): nothing to"
            + " replay");
  }

  /**
   * The rule-set versions {@link #run} may compile for {@code req} over {@code rec}: the chosen
   * one, or every version the recording pins (version 1, the shipped kjar, included), so a job JVM
   * is handed the files of each.
   */
  static TreeSet<Integer> versionsNeeded(ReplayRequest req, int version, UserRecording rec) {
    return req.ruleVersion() == null
        ? new TreeSet<>(pins(rec).keySet())
        : new TreeSet<>(List.of(version));
  }

  /** The versions the user's plans were pinned to live (1 for an unpinned plan), in order. */
  static TreeMap<Integer, List<String>> pins(UserRecording rec) {
    TreeMap<Integer, List<String>> pins = new TreeMap<>();
    for (LaneInput e : rec.entries()) {
      if (e instanceof LaneInput.PlansAdded p) {
        for (PlanSnapshot s : p.snapshots()) {
          int n = s.ruleSetVersion() == null ? 1 : s.ruleSetVersion();
          List<String> plans = pins.computeIfAbsent(n, k -> new ArrayList<>());
          if (!plans.contains(s.planId())) {
            plans.add(s.planId());
          }
        }
      }
    }
    return pins;
  }

  private static SimulationJob.Outcome failed(String message) {
    return new SimulationJob.Outcome(
        SimulationJob.Status.FAILED, message, 0, null, null, null, null);
  }
}
