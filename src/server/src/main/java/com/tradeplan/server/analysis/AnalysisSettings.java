package com.tradeplan.server.analysis;

/**
 * The bounds of the analyst's workbench ({@code tradeplan.analysis.*}, docs/simulator.md "Jobs"):
 *
 * @param workers jobs running at once (default 1: the machine's cores belong to the trading lanes
 *     first)
 * @param queued jobs waiting for a worker; past it a submit is refused with 429 and nothing queued
 * @param eventsPerJob the most plan events one job keeps (its memory bound besides its curves,
 *     which are bounded by the report); past it the job stops and fails naming this bound
 * @param jobsKept finished jobs stored; past it the oldest finished job and its reports are deleted
 * @param reportsInMemory finished runs kept in memory for comparisons; past it the oldest is
 *     dropped and comparing it answers 409
 * @param ticksBytes the largest tick file an upload may carry
 * @param plansBytes the largest plans file an upload may carry
 * @param sweepCells the most runs one sweep may ask for
 */
public record AnalysisSettings(
    int workers,
    int queued,
    long eventsPerJob,
    int jobsKept,
    int reportsInMemory,
    long ticksBytes,
    long plansBytes,
    int sweepCells) {
  public AnalysisSettings {
    if (workers < 1 || queued < 1 || eventsPerJob < 1 || jobsKept < 1 || reportsInMemory < 2) {
      throw new IllegalArgumentException(
          "tradeplan.analysis: workers, queued, events-per-job and jobs-kept must be >= 1,"
              + " reports-in-memory >= 2");
    }
    if (sweepCells < 1 || sweepCells > queued + workers) {
      throw new IllegalArgumentException(
          "tradeplan.analysis.sweep-cells must be 1 to workers + queued ("
              + (queued + workers)
              + ")");
    }
  }

  /** The largest request body an upload may be: both files and room for the options. */
  public long bodyBytes() {
    return ticksBytes + plansBytes + 64 * 1024;
  }
}
