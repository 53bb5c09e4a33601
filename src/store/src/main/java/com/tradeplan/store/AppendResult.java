package com.tradeplan.store;

/**
 * What {@link TradeStore#appendEvents} did. {@code alreadyPresent} counts events whose (planId,
 * seq) was stored before with the same content: a retried append. {@code conflicting} counts events
 * whose seq was taken by a different event: a second writer for the same plan, which the store
 * refuses to overwrite and logs as an error.
 */
public record AppendResult(int inserted, int alreadyPresent, int conflicting) {}
