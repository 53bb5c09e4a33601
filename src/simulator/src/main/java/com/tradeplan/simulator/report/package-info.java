/**
 * The analyst's report of one simulation run and the comparison of two (issue 19, points 2 and 3):
 * the mark-to-market equity curve recorded while the run goes ({@link MarkToMarket}), the
 * statistics, trades and per-plan timelines drawn from it ({@link RunReport}), the same data as
 * JSON ({@link ReportJson}) and as one self-contained HTML page with server-side SVG charts ({@link
 * HtmlReport}, {@link SvgChart}), and two runs side by side ({@link RunComparison}).
 *
 * <p>Owns the reading of a finished run. Must never: decide anything about trading or recompute
 * what the engine decided (P&L comes from the engine's snapshots, events from its history), keep
 * more than a bounded number of points per run, or use {@code double} for money (SVG coordinates
 * are the only numbers that are not decimals).
 */
package com.tradeplan.simulator.report;
