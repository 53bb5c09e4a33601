/**
 * The JMH benchmarks of the engine and the risk check ({@code ./tradeplan bench},
 * docs/benchmarks.md): what a tick, a fill and an idle plan cost with the real rules, how fast the
 * lanes get through a tick storm (the simulator's storm replay), and what one entry's risk check
 * costs with 10,000 live plans.
 *
 * <p>It must never run in the test suite, be used by another module, or report a trial in which an
 * expected order is missing (the benchmark fails it instead).
 */
package com.tradeplan.bench;
