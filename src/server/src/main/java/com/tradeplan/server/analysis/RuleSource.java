package com.tradeplan.server.analysis;

import com.tradeplan.engine.RuleSet;

/**
 * Where a job's rule set comes from: the platform's stored versions (deployed, earlier or draft).
 * {@link #compile} runs on a worker, never on a request thread; a version that does not compile
 * throws {@link com.tradeplan.engine.RuleCompilationException} and fails the job with its problems.
 */
public interface RuleSource {
  /** The version deployed now. */
  int deployed();

  RuleSet compile(int version);
}
