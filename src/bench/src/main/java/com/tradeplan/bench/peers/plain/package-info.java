/**
 * The hand-coded peer: the lifecycle of lifecycle.md in plain Java objects ({@link
 * com.tradeplan.bench.peers.plain.PlainPlan}), driven by {@link
 * com.tradeplan.bench.peers.plain.PlainMonitor} through a {@link
 * com.tradeplan.bench.peers.plain.WakeIndex}: the sorted level index of {@link
 * com.tradeplan.bench.peers.plain.LevelIndex} for the hand-coded implementation, Esper's tables for
 * the Esper one. No rules engine.
 *
 * <p>It covers what the benchmark's workloads do (market orders filled completely at the next tick:
 * entries with expiry, fixed, activated and trailing stops, targets, exit sizing) and throws on
 * anything else (a partial fill, a cancel, a rejection), so that it can never silently disagree
 * with the engine. It must never be used outside the benchmarks.
 */
package com.tradeplan.bench.peers.plain;
