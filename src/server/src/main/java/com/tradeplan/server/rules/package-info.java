/**
 * The strategy admin's REST API (role STRATEGY_ADMIN): rule-set versions listed with the plans that
 * pin them, shown and diffed, drafts made from DRL files, validated, tested against the shipped
 * scenario suite, deployed (with an override and its reason when not green) and rolled back, every
 * deploy, rollback, override and test audited ({@link com.tradeplan.server.rules.RulesController},
 * {@link com.tradeplan.server.rules.ScenarioSuite}, {@link com.tradeplan.server.rules.RuleDiff}).
 * And its command line, {@code ./tradeplan rules} ({@link com.tradeplan.server.rules.RulesCli}, its
 * arguments read by {@link com.tradeplan.server.rules.RulesCommandLine}), which calls that API on a
 * running server with a folder of {@code .drl} files ({@link
 * com.tradeplan.server.rules.RuleDirectory}). And, for every signed-in user, the strategies of the
 * deployed version with their parameter schemas ({@link
 * com.tradeplan.server.rules.StrategiesController}), which the plan form is generated from.
 *
 * <p>It must never decide what a version may do or when it may be used (the runtime's {@code
 * RuleVersions} and the engine's {@code RulePolicy} do; the command line only prints the server's
 * answers), nor deploy without recording who and why.
 */
package com.tradeplan.server.rules;
