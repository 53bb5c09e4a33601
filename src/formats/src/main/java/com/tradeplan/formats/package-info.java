/**
 * The simulator's public file formats of spec/simulator-io.md: PLANS.json ({@link PlansJson}),
 * TICKS.csv ({@link TicksCsv}) and RESULT.json ({@link ResultJson}). Decimals are read from and
 * written as text, never through binary floating point; output is byte-identical for the same
 * input. Depends on the domain and Jackson only; must never hold trading logic (no validation
 * beyond types, no lifecycle decisions).
 */
package com.tradeplan.formats;
