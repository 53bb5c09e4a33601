package com.tradeplan.server.analysis;

import com.tradeplan.engine.RuleSet;
import java.util.Map;

/**
 * Where a job's rule set comes from: the platform's stored versions (deployed, earlier or draft).
 * {@link #compile} runs on a worker, never on a request thread; a version that does not compile
 * throws {@link com.tradeplan.engine.RuleCompilationException} and fails the job with its problems.
 */
public interface RuleSource {
  /** The version deployed now. */
  int deployed();

  RuleSet compile(int version);

  /**
   * The DRL files of a version (path to text) as stored, for a job run in its own JVM, which
   * compiles them there; empty for version 1 (the shipped kjar every JVM has on its class path) and
   * for a version that does not exist.
   */
  Map<String, String> sourcesOf(int version);
}
