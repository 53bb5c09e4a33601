package com.tradeplan.engine.facts;

/** Inserted by the rules when a trader command does not apply to the plan's current state. */
public record CommandRefused(TraderCommand command, String reason) {}
