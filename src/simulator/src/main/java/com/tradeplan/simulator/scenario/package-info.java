/**
 * Rule scenarios (docs/rules.md): a scenario file ({@link
 * com.tradeplan.simulator.scenario.ScenarioFile}, read by {@link
 * com.tradeplan.simulator.scenario.ScenarioParser}) holds plans, ticks, broker and trader events
 * and exactly what must come out; {@link com.tradeplan.simulator.scenario.ScenarioRunner} runs it
 * through the real engine and rules with a scripted broker and reports every difference. Must never
 * hold a second copy of the lifecycle: expected outcomes are written in the files, actual ones come
 * from the rules.
 */
package com.tradeplan.simulator.scenario;
