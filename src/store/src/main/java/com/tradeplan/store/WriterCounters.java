package com.tradeplan.store;

import java.util.concurrent.atomic.AtomicLong;

/** The {@link TradeWriter}'s counters since it started, for {@link TradeWriter#metrics}. */
final class WriterCounters {
  /** Batches written (events and/or snapshot of one plan). */
  final AtomicLong written = new AtomicLong();

  /** Failed attempts that were retried. */
  final AtomicLong retries = new AtomicLong();

  /** Writes that were refused for good or lost a race (see the alert listener). */
  final AtomicLong failures = new AtomicLong();

  /** Submits refused because the queue stayed full. */
  final AtomicLong refusedSubmits = new AtomicLong();

  /** Snapshots replaced by a newer one of the same plan before being written. */
  final AtomicLong coalesced = new AtomicLong();

  /** Bulk snapshot writes (several plans in one command) that matched in full. */
  final AtomicLong bulkWrites = new AtomicLong();

  TradeWriter.Metrics metrics(int queueDepth) {
    return new TradeWriter.Metrics(
        queueDepth,
        written.get(),
        retries.get(),
        failures.get(),
        refusedSubmits.get(),
        coalesced.get());
  }
}
