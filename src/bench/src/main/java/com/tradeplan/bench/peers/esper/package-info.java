/**
 * The Esper peer (Esper 8.9, GPL v2: a benchmark dependency only, never shipped): the plans' wake
 * levels live in Esper tables with composite hash/btree indexes, each tick is an Esper event, and
 * EPL statements select the plans it reaches; the decisions are the plain-Java lifecycle's ({@code
 * plain.PlainPlan}), as in a CEP deployment where EPL detects and Java manages the orders. Nothing
 * outside the benchmarks may use it.
 */
package com.tradeplan.bench.peers.esper;
