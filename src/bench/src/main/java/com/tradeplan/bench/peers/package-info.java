/**
 * The platform's engine and its peers, side by side on the same workloads (issue 16): the
 * hand-coded Java lifecycle ({@code plain}), Esper ({@code esper}), and the engine with and without
 * its level gate. Every implementation is a {@link com.tradeplan.bench.peers.PlanMonitor} that
 * sends its orders through the same {@link com.tradeplan.bench.peers.NextTickMarket}, so that their
 * orders can be compared one by one ({@link com.tradeplan.bench.peers.Agreement}).
 *
 * <p>Benchmark code only: it is never shipped and must never be used by another module (Esper is
 * GPL v2). The peers implement the lifecycle only as far as the benchmark's workloads need it
 * (market orders that fill completely at the next tick); they must never be taken as a second
 * source of truth for lifecycle.md, which is the rules'.
 */
package com.tradeplan.bench.peers;
