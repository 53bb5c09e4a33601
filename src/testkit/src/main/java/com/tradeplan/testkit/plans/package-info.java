/**
 * Test data for plans: {@link com.tradeplan.testkit.plans.TestPlans} builds a plain valid plan, its
 * snapshots at each step (order sent, entry filled, commission charged) and history events; {@link
 * com.tradeplan.testkit.plans.RandomSnapshots} draws seeded random snapshots that exercise every
 * field, nulls and extreme decimals included, for round-trip tests of every stored and replicated
 * form. Plan drafts as a trader types them come from the domain's {@code DraftBuilder}.
 *
 * <p>It must never decide anything about the lifecycle: a snapshot here is data a test hands to the
 * code under test, not the engine's answer (only the rules make those).
 */
package com.tradeplan.testkit.plans;
