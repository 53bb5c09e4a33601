package com.tradeplan.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Every order the gateway received, in arrival order, so tests can prove that no order was sent
 * twice. Bounded: past {@code capacity} entries the oldest are dropped and {@link #overflowed()}
 * says so (a test that needs the whole history must keep under it).
 */
public final class OrderAudit {
  private final int capacity;
  private final List<AuditEntry> entries = new ArrayList<>();
  private boolean overflowed;
  private int whatIfEntries; // of entries: the whatIf orders among them
  private volatile Consumer<AuditEntry> listener = e -> {};

  OrderAudit(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Hears every order as it is recorded, on the thread that records it (the exchange's, with its
   * lock held): must be quick and must not call back into the gateway. A throw is not caught.
   */
  void setListener(Consumer<AuditEntry> listener) {
    this.listener = listener;
  }

  void record(AuditEntry e) {
    synchronized (this) {
      if (entries.size() >= capacity) {
        if (entries.remove(0).whatIf()) {
          whatIfEntries--;
        }
        overflowed = true;
      }
      entries.add(e);
      if (e.whatIf()) {
        whatIfEntries++;
      }
    }
    listener.accept(e);
  }

  public synchronized List<AuditEntry> entries() {
    return List.copyOf(entries);
  }

  public synchronized boolean overflowed() {
    return overflowed;
  }

  /** New (non-whatIf, non-modify) orders per orderRef. */
  public synchronized Map<String, Long> newOrdersByRef() {
    return entries.stream()
        .filter(e -> !e.whatIf() && !e.modification())
        .collect(
            Collectors.groupingBy(
                e -> String.valueOf(e.orderRef()), TreeMap::new, Collectors.counting()));
  }

  /** orderRefs that arrived as a new order more than once: must be empty. */
  public synchronized List<String> refsSentMoreThanOnce() {
    return newOrdersByRef().entrySet().stream()
        .filter(e -> e.getValue() > 1)
        .map(Map.Entry::getKey)
        .toList();
  }

  public synchronized int size() {
    return entries.size();
  }

  /** The entries that are not whatIf orders (what a client meant to work), without a copy. */
  public synchronized int sizeWithoutWhatIf() {
    return entries.size() - whatIfEntries;
  }
}
