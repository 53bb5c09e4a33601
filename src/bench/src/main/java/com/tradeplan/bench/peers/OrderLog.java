package com.tradeplan.bench.peers;

import java.util.ArrayList;
import java.util.List;

/**
 * The orders an implementation sent. A benchmark trial keeps only their count and the sum of their
 * fingerprints (constant memory over millions of orders) and compares them with what its workload
 * expects; the agreement run also keeps every order, up to {@link #KEPT_MAX}, past which recording
 * throws (an agreement workload that large is a mistake).
 */
public final class OrderLog {
  public static final int KEPT_MAX = 1_000_000;

  private final List<SentOrder> kept;
  private long count;
  private long fingerprintSum;

  private OrderLog(boolean keep) {
    this.kept = keep ? new ArrayList<>() : null;
  }

  /** Counts orders and sums their fingerprints. */
  public static OrderLog counting() {
    return new OrderLog(false);
  }

  /** Also keeps every order, for the agreement check. */
  public static OrderLog keeping() {
    return new OrderLog(true);
  }

  public void record(SentOrder order) {
    count++;
    fingerprintSum += order.fingerprint();
    if (kept != null) {
      if (kept.size() >= KEPT_MAX) {
        throw new IllegalStateException("more than " + KEPT_MAX + " orders kept");
      }
      kept.add(order);
    }
  }

  public long count() {
    return count;
  }

  public long fingerprintSum() {
    return fingerprintSum;
  }

  /** The kept orders in comparison order ({@link SentOrder#ORDER}). */
  public List<SentOrder> sorted() {
    if (kept == null) {
      throw new IllegalStateException("this log only counts");
    }
    List<SentOrder> out = new ArrayList<>(kept);
    out.sort(SentOrder.ORDER);
    return out;
  }

  /** True when both logs hold the same orders (same count and fingerprint sum). */
  public boolean sameOrdersAs(OrderLog other) {
    return count == other.count && fingerprintSum == other.fingerprintSum;
  }
}
