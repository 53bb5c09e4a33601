/**
 * The IB executor: {@link com.tradeplan.broker.IbBroker} (the engine's Broker port over the TWS
 * protocol, with pacing, dedup, reconnect and reconcile) and {@link com.tradeplan.broker.RiskGate}
 * (kill switch, max quantity, per-owner rate). Must never resend an order whose fate is unknown,
 * never adopt or cancel an order Tradeplan did not send, and never use binary floating point for
 * prices or quantities.
 */
package com.tradeplan.broker;
