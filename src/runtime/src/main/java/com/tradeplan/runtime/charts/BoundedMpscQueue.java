package com.tradeplan.runtime.charts;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A bounded queue of many producers and one consumer that takes no lock: the hand-off from the
 * lanes (a level change), the publishing threads and the account sampler to {@link
 * ChartHistoryQueue}'s writer thread. Why not {@code ArrayBlockingQueue}: its one lock is taken by
 * every offer and by every take, so a lane recording a level change could wait for the writer
 * thread or another lane holding it; here an offer is a compare-and-set on the count and a
 * lock-free append ({@link ConcurrentLinkedQueue}), and the consumer sleeps parked, woken by the
 * offer that finds it waiting.
 *
 * <p>The bound: at most {@code capacity} items wait (the count is reserved before an item is added
 * and released after the consumer took it, so it is never below the items waiting). At the bound
 * {@link #offer} refuses at once and returns false; nothing waits, nothing is dropped silently.
 *
 * <p>Thread-safety: {@link #offer} from any thread; {@link #take} from one consumer thread at a
 * time. Items of one producer come out in the order it offered them.
 */
final class BoundedMpscQueue<T> {
  private final ConcurrentLinkedQueue<T> items = new ConcurrentLinkedQueue<>();
  private final AtomicInteger count = new AtomicInteger();
  private final int capacity;

  /** The consumer while it waits for an item (or is about to), else null. */
  private volatile Thread waiting;

  BoundedMpscQueue(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    }
    this.capacity = capacity;
  }

  /** Adds {@code item} unless {@code capacity} items wait; false (not added) at the bound. */
  boolean offer(T item) {
    int n;
    do {
      n = count.get();
      if (n >= capacity) {
        return false;
      }
    } while (!count.compareAndSet(n, n + 1));
    items.offer(item);
    // after the append: a consumer that announced itself before it is woken, and one that
    // announces itself after it sees the item (both are volatile accesses, so one sees the other)
    Thread consumer = waiting;
    if (consumer != null) {
      LockSupport.unpark(consumer);
    }
    return true;
  }

  /**
   * Waits until an item is there, then moves it and up to {@code max - 1} more, oldest first, to
   * {@code batch}; returns how many. Consumer thread only.
   *
   * @throws InterruptedException when the consumer is interrupted while it waits (the queue is left
   *     as it was)
   */
  int take(List<T> batch, int max) throws InterruptedException {
    while (true) {
      int n = drain(batch, max);
      if (n > 0) {
        return n;
      }
      waiting = Thread.currentThread();
      try {
        if (items.isEmpty()) {
          LockSupport.park(this);
        }
      } finally {
        waiting = null;
      }
      if (Thread.interrupted()) {
        throw new InterruptedException("the consumer was interrupted while it waited");
      }
    }
  }

  /** Items waiting now (reserved ones included). */
  int size() {
    return count.get();
  }

  private int drain(List<T> batch, int max) {
    int n = 0;
    T item;
    while (n < max && (item = items.poll()) != null) {
      batch.add(item);
      n++;
    }
    if (n > 0) {
      count.addAndGet(-n);
    }
    return n;
  }
}
