package com.tradeplan.runtime;

import com.tradeplan.store.StoreAlertListener;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operator alerts from every part (broker, store, engine, cluster): logged at error level, counted
 * (in total here, and by kind in the {@link MetricsSink}, for the alert rules), and the latest
 * {@value #RECENT_MAX} kept for the health view (older ones drop out). Called from any thread; it
 * holds a lock only to append to that bounded list, and never throws.
 */
final class Alerts {
  static final int RECENT_MAX = 100;

  /** Store alerts that only log (for tests). */
  static final com.tradeplan.store.StoreAlertListener NONE = StoreAlertListener.NONE;

  private static final Logger LOG = LoggerFactory.getLogger("com.tradeplan.alerts");

  private final AtomicLong count = new AtomicLong();
  private final ArrayDeque<String> recent = new ArrayDeque<>();
  private final MetricsSink metrics;

  Alerts() {
    this(MetricsSink.NONE);
  }

  Alerts(MetricsSink metrics) {
    this.metrics = metrics;
  }

  void alert(String kind, String message) {
    count.incrementAndGet();
    metrics.alertRaised(kind);
    String line = kind + ": " + message;
    LOG.error("ALERT {}", line);
    synchronized (recent) {
      recent.addLast(line);
      while (recent.size() > RECENT_MAX) {
        recent.removeFirst();
      }
    }
  }

  long count() {
    return count.get();
  }

  List<String> recent() {
    synchronized (recent) {
      return List.copyOf(recent);
    }
  }

  /** Told of a store write that keeps failing, on the writer's thread; must not block. */
  @FunctionalInterface
  interface CannotDrain {
    void cannotDrain(String planId, int attempts, Throwable lastError);
  }

  /**
   * The store writer's alerts; {@code afterConflict} is told the plan of every conflict (on the
   * writer's thread, after the alert), so that its user can be rebuilt; {@code afterCannotDrain}
   * every write that keeps failing (the store-down trigger of the kill switch).
   */
  StoreAlertListener storeListener(Consumer<String> afterConflict, CannotDrain afterCannotDrain) {
    return new StoreAlertListener() {
      @Override
      public void cannotDrain(String planId, int attempts, Throwable lastError) {
        alert(
            "STORE_CANNOT_DRAIN",
            "plan " + planId + ": " + attempts + " failed writes: " + lastError);
        afterCannotDrain.cannotDrain(planId, attempts, lastError);
      }

      @Override
      public void queueFull(int depth, Duration waited) {
        alert("STORE_QUEUE_FULL", depth + " writes queued, waited " + waited);
      }

      @Override
      public void conflict(String planId, long attemptedVersion, long storedVersion) {
        alert(
            "STORE_CONFLICT",
            "plan " + planId + ": v" + attemptedVersion + " not written, stored v" + storedVersion);
        afterConflict.accept(planId);
      }

      @Override
      public void writeRefused(String planId, Throwable error) {
        alert("STORE_WRITE_REFUSED", "plan " + planId + ": " + error);
      }
    };
  }
}
