/**
 * The analysts' harness: replays tick files through a rule set with the very same engine as
 * production ({@link com.tradeplan.engine.EngineCore}); only the broker ({@link SimulatedBroker})
 * and the clock (the tick file's times) differ. Also runs rule scenario files, and compares two
 * runs ({@code simulate compare}, {@link CompareCli}); the report of a run is in {@code
 * simulator.report}. Never talks to a real broker, store or cluster.
 */
package com.tradeplan.simulator;
