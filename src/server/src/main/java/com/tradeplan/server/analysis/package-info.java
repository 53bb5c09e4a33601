/**
 * The analyst's workbench (role ANALYST, issue 19): simulation jobs over uploaded tick and plans
 * files with a chosen rule-set version and fill model, run by a bounded pool of analysis workers
 * ({@link com.tradeplan.server.analysis.SimulationJobs}) with their progress, cancel and a memory
 * bound per job, their reports stored (the CLI's own report code) and listed, comparisons of two
 * runs, sweeps of one plan set over a grid of parameters with a heat map, and incident replays as
 * jobs or offline over a copied recording ({@link com.tradeplan.server.analysis.ReplayCli}, {@code
 * simulate replay}: the same replay path). A simulation or replay job runs in a JVM of its own by
 * default ({@link com.tradeplan.server.analysis.ChildJvmJobRunner}, main class {@link
 * com.tradeplan.server.analysis.JobJvmMain}, {@code tradeplan.analysis.isolation}), with its heap
 * as its memory bound, a time limit and a lower OS priority: its allocation, collector and heap are
 * not the trading lanes'.
 *
 * <p>It must never run on a trading lane or touch a trader's live plans, orders or broker (a job
 * reads its uploaded files only, through the simulator's own market; a job JVM reads its folder
 * only, never the store, broker or cluster), never hold more jobs, events or reports than its
 * settings bound, and never decide what a trade does: the simulator's engine does.
 */
package com.tradeplan.server.analysis;
