/**
 * Turns a benchmark run's result files (JMH's JSON, the trials' and heap records, the machine's
 * description) into the generated sections of docs/benchmarks.md and its SVG charts. It reads and
 * writes files only; it must never run a benchmark or change a number it was given.
 */
package com.tradeplan.bench.report;
