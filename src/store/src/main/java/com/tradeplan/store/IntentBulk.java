package com.tradeplan.store;

import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.store.PlanWrites.Batch;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order intents of several plans taken together by a {@link WriterLane} (an engine step that
 * woke many users): the snapshot-only writes on top of a known stored version go in one {@link
 * TradeStore#updateAll} (one round trip instead of one per plan). Everything else, and every plan
 * of a bulk that did not match in full or failed, takes the one-plan path ({@link
 * PlanBatchWriter}), which settles each on its own: the writes are conditional on the version, so
 * one that did land is recognised as such.
 *
 * <p>Runs on its lane's thread only.
 */
final class IntentBulk {
  private static final Logger LOG = LoggerFactory.getLogger(TradeWriter.class);

  private final TradeStore store;
  private final WriterCounters counters;
  private final WriterLane lane;

  IntentBulk(TradeStore store, WriterCounters counters, WriterLane lane) {
    this.store = store;
    this.counters = counters;
    this.lane = lane;
  }

  /** Writes every batch and finishes it on the lane (its waiters answered, its room released). */
  void write(List<Batch> batches) {
    List<Batch> single = new ArrayList<>();
    List<Batch> bulk = new ArrayList<>();
    List<TradeStore.Update> updates = new ArrayList<>();
    for (Batch b : batches) {
      PlanWrites p = b.plan();
      PlanSnapshot s = b.snapshot();
      Long stored = p.storedVersion;
      if (s == null
          || !b.events().isEmpty()
          || p.fenced
          || stored == null
          || s.version() <= stored) {
        single.add(b);
      } else {
        bulk.add(b);
        updates.add(new TradeStore.Update(s, stored, p.nextSeq));
      }
    }
    if (bulk.size() > 1 && writtenTogether(bulk, updates)) {
      bulk.clear();
    }
    single.addAll(bulk);
    for (Batch b : single) {
      lane.writeAndFinish(b);
    }
  }

  /** True when every update matched: each plan is then durable and finished here. */
  private boolean writtenTogether(List<Batch> bulk, List<TradeStore.Update> updates) {
    try {
      if (store.updateAll(updates) != bulk.size()) {
        return false;
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "bulk write of {} plans failed ({}); writing them one by one", bulk.size(), e.toString());
      return false;
    }
    // Counted before the batches are finished: a caller woken by the last finish reads the count.
    counters.bulkWrites.incrementAndGet();
    for (Batch b : bulk) {
      b.plan().storedVersion = b.snapshot().version();
      b.plan().terminal = b.snapshot().status().isTerminal();
      counters.written.incrementAndGet();
      lane.finish(b, true);
    }
    return true;
  }
}
