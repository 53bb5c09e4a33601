/**
 * The test kit: what the tests of several modules share, with one home here instead of a copy in
 * each. {@link com.tradeplan.testkit.Await} waits for a condition with a deadline (tests never
 * sleep a fixed time); {@link com.tradeplan.testkit.MutableClock} is a clock a test moves by hand;
 * {@code testkit.plans} builds plans, snapshots and history events, plain and seeded-random; {@code
 * testkit.process} runs a Java process (a platform, gateway, store or cluster member) and watches
 * it. The plan draft builder ({@code com.tradeplan.domain.plan.DraftBuilder}) lives in the domain's
 * test sources, because the domain's own tests need it, and comes with this kit.
 *
 * <p>Used in test scope only. It must never be used by production code (src/architecture checks
 * it), never depend on a module above the domain (a module that uses it in its tests would form a
 * cycle), and never depend on JUnit or AssertJ: a failed wait throws a plain {@link AssertionError}
 * that every test framework reports.
 */
package com.tradeplan.testkit;
