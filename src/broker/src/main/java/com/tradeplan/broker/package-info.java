/**
 * The IB executor: {@link com.tradeplan.broker.IbBroker} (the engine's Broker port over the TWS
 * protocol, with pacing, dedup, reconnect and reconcile) and {@link com.tradeplan.broker.RiskGate}
 * (kill switches per {@link com.tradeplan.broker.KillScope}, max quantity, per-owner rate).
 *
 * <p>{@code IbBroker} is a facade over package-private parts, each with one job: {@code
 * LinkSupervisor} (the connection's life and when a reconcile runs), {@code IbConnection} (one TWS
 * connection: callbacks and reconcile requests), {@code Reconciler} (the reconcile's judgement, a
 * pure function), {@code OrderRegistry} and {@code TrackedOrder} (the tracked orders, each with one
 * stage enum and its transition table), {@code OrderSender} (outbound queue, send journal,
 * placeOrder), {@code Resends} (a reconcile's re-sends; an entry meets the kill switch first,
 * {@link com.tradeplan.broker.ResendGuard}), {@code ReportTranslator}, {@code ExecutionLedger} and
 * {@code ExecutionTime} (IB's reports into the engine's, replays dropped, execution times in IB's
 * zone), {@code MarketData} (subscriptions and ticks), {@code ContractDetailsCache} and {@code
 * MarketRules} (each instrument's tick grid and hours), {@code PacedRunner} (the one thread of a
 * paced background job) and {@code TradingHoursGuard} (the hours rule at the gate). docs/ib.md
 * tells how they work together.
 *
 * <p>Must never resend an order whose fate is unknown (only one whose journaled send IB provably
 * never received, once under the same orderRef, never a third time, and an entry only while no kill
 * switch covers it), never refuse an exit locally ({@link com.tradeplan.broker.RiskGate} limits
 * entries only), never leave a dead link READY, never adopt or cancel an order Tradeplan did not
 * send, never call the engine's listener with a lock held, and never use binary floating point for
 * prices or quantities.
 */
package com.tradeplan.broker;
