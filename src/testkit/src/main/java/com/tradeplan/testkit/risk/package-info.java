/**
 * Test data for the risk check: {@link com.tradeplan.testkit.risk.RiskCheckLoad} builds the limits
 * with every limit set (so an entry that passes runs every check), the accounts' layers, the
 * symbols with their last prices and the market entries that the risk check's cost is measured with
 * (the benchmark in src/bench) and bounded by (the allocation test in src/broker), so that both
 * load the check alike.
 *
 * <p>It must never decide anything about a limit: whether an entry fits is the broker's {@code
 * EntryLimits}' answer; here are only the inputs a test or a benchmark hands to it.
 */
package com.tradeplan.testkit.risk;
