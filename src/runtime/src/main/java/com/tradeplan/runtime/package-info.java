/**
 * The trading platform without a web framework: one {@link com.tradeplan.runtime.TradingService}
 * that the server (REST, WebSocket), tests and tools use. It wires the engine's lanes, the store's
 * write-behind and intent journal, the IB broker (real or the paper gateway) and market data, and
 * recovers every monitored plan on start. Every query is scoped to the calling owner.
 */
package com.tradeplan.runtime;
