/**
 * Strategies a rule set publishes and a trader picks for a plan (issue 15, point 5; docs/rules.md,
 * "Strategies and their parameter schema"): the {@link
 * com.tradeplan.domain.strategy.StrategySchema} of each strategy (typed parameters with bounds,
 * defaults and a description), the {@link com.tradeplan.domain.strategy.StrategyCatalog} of one
 * rule-set version, the {@link com.tradeplan.domain.strategy.StrategyChoice} a plan records, and
 * {@link com.tradeplan.domain.strategy.StrategyValidator}, which turns what the trader typed into a
 * choice or field-named errors.
 *
 * <p>It must never read rule files (the engine parses the schema out of them), round or clamp a
 * parameter into its bounds (an out-of-bound value is an error), or hold a value as a double.
 */
package com.tradeplan.domain.strategy;
