/**
 * The strategy admin's REST API (role STRATEGY_ADMIN): rule-set versions listed with the plans that
 * pin them, drafts made from DRL files, validated, tested against the shipped scenario suite,
 * deployed (with an override and its reason when not green) and rolled back, every deploy,
 * rollback, override and test audited ({@link com.tradeplan.server.rules.RulesController}, {@link
 * com.tradeplan.server.rules.ScenarioSuite}).
 *
 * <p>It must never decide what a version may do or when it may be used (the runtime's {@code
 * RuleVersions} and the engine's {@code RulePolicy} do), nor deploy without recording who and why.
 */
package com.tradeplan.server.rules;
