/**
 * The whole path from a tick to IB and back, as a load run ({@code ./tradeplan bench path},
 * docs/benchmarks.md "The whole path"): two clustered platforms, the embedded store over TCP and
 * the paper gateway on loopback in one JVM, timed by the gateway's own receive stamps.
 *
 * <p>It owns only measuring: it drives the platform through the trader's service and the gateway's
 * market, never through the engine or the broker directly, and must never run in the test suite nor
 * report a run in which an expected order did not arrive (it stops with status 1).
 */
package com.tradeplan.bench.path;
