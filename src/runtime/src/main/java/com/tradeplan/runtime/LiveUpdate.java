package com.tradeplan.runtime;

import com.tradeplan.domain.history.PlanEvent;

/**
 * A live update for one owner. {@code sequence} increases by one per owner with every update, so a
 * client that reconnects can ask for everything after the last sequence it saw. {@code event} is
 * null for a P&L-only update (coalesced, at most a few per second per plan); status changes and
 * fills are never coalesced.
 */
public record LiveUpdate(
    long sequence, String owner, String planId, PlanEvent event, PlanView view) {}
