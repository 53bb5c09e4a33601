/**
 * The rules engine: one Drools session per user ({@link com.tradeplan.engine.UserSession}), the
 * level gate that keeps ticks away from sessions they cannot affect ({@link
 * com.tradeplan.engine.LevelGate}), the core that routes ticks, broker reports and trader commands
 * ({@link com.tradeplan.engine.EngineCore}) and the lanes that give every session exactly one owner
 * thread ({@link com.tradeplan.engine.LaneEngine}). A session fires the rules of rules/lifecycle
 * phase by phase, in the one order {@link com.tradeplan.engine.LifecyclePhase} gives. Order intents
 * leave only through the {@link com.tradeplan.domain.broker.Broker} port. This module never does
 * I/O of its own: no database, no sockets.
 */
package com.tradeplan.engine;
