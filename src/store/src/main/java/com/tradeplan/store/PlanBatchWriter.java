package com.tradeplan.store;

import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.store.PlanWrites.Batch;
import com.tradeplan.store.PlanWrites.EventBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one plan's batch for a {@link WriterLane}: its history entries first (seqs assigned here,
 * once, and kept across retries), then its snapshot on top of the version the writer knows is
 * stored. A MongoDB failure is retried with capped exponential backoff, forever (until the writer
 * closes), with {@link StoreAlertListener#cannotDrain} every {@code alertAfterAttempts} failures in
 * a row and {@link StoreAlertListener#drained} when it recovers; a write that can never succeed is
 * skipped with {@link StoreAlertListener#writeRefused}. A lost race fences the plan ({@link
 * StoreAlertListener#conflict}): nothing is overwritten.
 *
 * <p>Runs on its lane's thread only.
 */
final class PlanBatchWriter {
  private static final Logger LOG = LoggerFactory.getLogger(TradeWriter.class);

  private final TradeStore store;
  private final TradeWriter.Config config;
  private final StoreAlertListener alerts;
  private final WriterCounters counters;
  private final WriterLane lane;

  PlanBatchWriter(
      TradeStore store,
      TradeWriter.Config config,
      StoreAlertListener alerts,
      WriterCounters counters,
      WriterLane lane) {
    this.store = store;
    this.config = config;
    this.alerts = alerts;
    this.counters = counters;
    this.lane = lane;
  }

  /**
   * Writes the batch, retrying until it is written, refused for good, or the writer closes.
   *
   * @return true when its snapshot (if any) is durable; false when fenced, refused or closed
   */
  boolean write(Batch b) {
    String planId = b.plan().planId;
    int attempts = 0;
    while (true) {
      try {
        boolean durable = writeOnce(b);
        counters.written.incrementAndGet();
        if (attempts >= config.alertAfterAttempts()) {
          alerts.drained(planId, attempts);
        }
        return durable;
      } catch (IllegalArgumentException | BadDocumentException e) {
        // Retrying cannot help, and would block every plan behind this one.
        counters.failures.incrementAndGet();
        LOG.error("plan {}: write refused for good", planId, e);
        alerts.writeRefused(planId, e);
        return false;
      } catch (RuntimeException e) {
        attempts++;
        if (lane.closed()) {
          LOG.error("plan {}: closed while retrying a write ({} attempts)", planId, attempts);
          return false;
        }
        counters.retries.incrementAndGet();
        if (attempts % config.alertAfterAttempts() == 0) {
          LOG.error("plan {}: write failed {} times, retrying", planId, attempts, e);
          alerts.cannotDrain(planId, attempts, e);
        }
        if (!lane.backoff(backoffNanos(attempts))) {
          return false;
        }
      }
    }
  }

  private long backoffNanos(int attempts) {
    long initial = config.backoffInitial().toNanos();
    long max = config.backoffMax().toNanos();
    return Math.min(max, initial << Math.min(attempts - 1, 30));
  }

  /** One attempt. True when the snapshot (if any) is durable; false when a conflict fenced it. */
  private boolean writeOnce(Batch b) {
    PlanWrites p = b.plan();
    appendEvents(b);
    PlanSnapshot s = b.snapshot();
    if (s == null) {
      return true;
    }
    if (p.fenced) {
      LOG.error("plan {}: v{} not written: fenced after a conflict", p.planId, s.version());
      return false;
    }
    while (true) {
      if (p.storedVersion == null) {
        OptionalLong stored = store.storedVersion(p.planId);
        if (stored.isEmpty()) {
          if (store.create(s, p.nextSeq) == CreateResult.CREATED) {
            p.storedVersion = s.version();
            p.terminal = s.status().isTerminal();
            return true;
          }
          continue; // created meanwhile by someone else: read its version
        }
        p.storedVersion = stored.getAsLong();
      }
      p.terminal = s.status().isTerminal();
      if (s.version() <= p.storedVersion) {
        return true; // already stored (a retry whose first attempt did succeed)
      }
      UpdateResult r = store.update(s, p.storedVersion, p.nextSeq);
      switch (r.outcome()) {
        case UPDATED -> {
          p.storedVersion = s.version();
          return true;
        }
        case NOT_FOUND -> p.storedVersion = null;
        case CONFLICT -> {
          return settleConflict(p, s.version(), r.storedVersion());
        }
        default -> throw new IllegalStateException(r.toString());
      }
    }
  }

  /**
   * Every step's entries waiting for this plan go in one insert, each under its own seq (assigned
   * on the first attempt, continuing the stored log).
   */
  private void appendEvents(Batch b) {
    PlanWrites p = b.plan();
    List<TradeStore.SequencedEvent> entries = new ArrayList<>();
    long lastVersion = -1;
    for (EventBatch e : b.events()) {
      if (e.firstSeq < 0) {
        if (p.nextSeq < 0) {
          p.nextSeq = store.nextSeq(p.planId);
        }
        e.firstSeq = p.nextSeq;
        p.nextSeq += e.events.size();
      }
      for (int i = 0; i < e.events.size(); i++) {
        entries.add(new TradeStore.SequencedEvent(e.firstSeq + i, e.version, e.events.get(i)));
      }
      lastVersion = Math.max(lastVersion, e.version);
    }
    if (!entries.isEmpty()) {
      AppendResult r = store.appendEvents(p.owner, p.planId, entries);
      if (r.conflicting() > 0) {
        counters.failures.incrementAndGet();
        alerts.conflict(p.planId, lastVersion, -1);
      }
    }
  }

  /**
   * The stored document is not at the version this writer wrote last: either our own earlier
   * attempt landed but its reply was lost (durable), or another writer moved it (fence the plan).
   */
  private boolean settleConflict(PlanWrites p, long version, long stored) {
    if (stored == version) {
      p.storedVersion = version;
      return true;
    }
    p.fenced = true;
    counters.failures.incrementAndGet();
    LOG.error(
        "plan {}: stored v{} is not the v{} this writer wrote; v{} not written",
        p.planId,
        stored,
        p.storedVersion,
        version);
    alerts.conflict(p.planId, version, stored);
    return false;
  }
}
