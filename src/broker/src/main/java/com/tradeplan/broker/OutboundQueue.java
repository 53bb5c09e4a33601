package com.tradeplan.broker;

import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * The broker's bounded outbound queue, drained at IB's pacing rate: by priority, then first in
 * first out. When a market moves through many plans at once, pacing (IB allows 50 messages a second
 * per connection) decides how long the last order waits, so what protects a position goes first
 * ({@link OrderSender#priority}: cancels of exits, stop and flatten exits, targets, cancels of
 * entries, entries). Within one priority the order of submission is kept.
 *
 * <p>Bounded: at {@code capacity} an offer waits up to its timeout and then fails (the caller
 * reports the order as not sent); nothing is dropped silently. Elements of priority {@code
 * limitedFromPriority} or lower (entries) may only fill it up to {@code capacity - reserved}: the
 * reserved room is kept for what protects a position.
 */
final class OutboundQueue<E> {
  private record Slot<E>(int priority, long seq, E element) {}

  private final int capacity;
  private final int reserved;
  private final int limitedFromPriority;
  private final PriorityQueue<Slot<E>> queue =
      new PriorityQueue<>(
          (a, b) ->
              a.priority != b.priority
                  ? Integer.compare(a.priority, b.priority)
                  : Long.compare(a.seq, b.seq));
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notFull = lock.newCondition();
  private long nextSeq;

  /** A queue without reserved room. */
  OutboundQueue(int capacity) {
    this(capacity, 0, Integer.MAX_VALUE);
  }

  OutboundQueue(int capacity, int reserved, int limitedFromPriority) {
    if (capacity <= 0 || reserved < 0 || reserved >= capacity) {
      throw new IllegalArgumentException(
          "capacity must be > 0 and reserved room below it: " + capacity + ", " + reserved);
    }
    this.capacity = capacity;
    this.reserved = reserved;
    this.limitedFromPriority = limitedFromPriority;
  }

  /** How many elements may be queued when one of {@code priority} arrives. */
  private int room(int priority) {
    return priority >= limitedFromPriority ? capacity - reserved : capacity;
  }

  /** Adds unless full; never waits. */
  boolean offer(E element, int priority) {
    lock.lock();
    try {
      if (queue.size() >= room(priority)) {
        return false;
      }
      add(element, priority);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Adds, waiting up to {@code timeout} for room; false when still full. */
  boolean offer(E element, int priority, long timeout, TimeUnit unit) throws InterruptedException {
    long left = unit.toNanos(timeout);
    lock.lockInterruptibly();
    try {
      while (queue.size() >= room(priority)) {
        if (left <= 0) {
          return false;
        }
        left = notFull.awaitNanos(left);
      }
      add(element, priority);
      return true;
    } finally {
      lock.unlock();
    }
  }

  private void add(E element, int priority) {
    queue.add(new Slot<>(priority, nextSeq++, element));
    notEmpty.signal();
  }

  /** The first element by priority, waiting up to {@code timeout}; null when none came. */
  E poll(long timeout, TimeUnit unit) throws InterruptedException {
    long left = unit.toNanos(timeout);
    lock.lockInterruptibly();
    try {
      while (queue.isEmpty()) {
        if (left <= 0) {
          return null;
        }
        left = notEmpty.awaitNanos(left);
      }
      Slot<E> s = queue.poll();
      notFull.signalAll(); // waiters have different room: each checks its own
      return s.element();
    } finally {
      lock.unlock();
    }
  }

  /** Removes every element {@code filter} accepts. */
  void removeIf(Predicate<E> filter) {
    lock.lock();
    try {
      if (queue.removeIf(s -> filter.test(s.element()))) {
        notFull.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  int size() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }
}
