/**
 * The JMH benchmarks of the engine ({@code ./tradeplan bench}, docs/benchmarks.md): what a tick, a
 * fill and an idle plan cost with the real rules, and how fast the lanes get through a tick storm
 * (the simulator's storm replay).
 *
 * <p>It must never run in the test suite, be used by another module, or report a trial in which an
 * expected order is missing (the benchmark fails it instead).
 */
package com.tradeplan.bench;
