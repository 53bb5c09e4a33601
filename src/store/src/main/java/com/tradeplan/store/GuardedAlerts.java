package com.tradeplan.store;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TradeWriter}'s alert listener behind a guard: a callback that throws is logged and
 * otherwise ignored, because an alert must never stop the writes (the contract of {@link
 * StoreAlertListener}). Each call runs on the caller's thread.
 */
final class GuardedAlerts implements StoreAlertListener {
  private static final Logger LOG = LoggerFactory.getLogger(TradeWriter.class);

  private final StoreAlertListener listener;

  GuardedAlerts(StoreAlertListener listener) {
    this.listener = listener;
  }

  @Override
  public void cannotDrain(String planId, int attempts, Throwable lastError) {
    guard(() -> listener.cannotDrain(planId, attempts, lastError));
  }

  @Override
  public void drained(String planId, int attempts) {
    guard(() -> listener.drained(planId, attempts));
  }

  @Override
  public void queueFull(int depth, Duration waited) {
    guard(() -> listener.queueFull(depth, waited));
  }

  @Override
  public void conflict(String planId, long attemptedVersion, long storedVersion) {
    guard(() -> listener.conflict(planId, attemptedVersion, storedVersion));
  }

  @Override
  public void writeRefused(String planId, Throwable error) {
    guard(() -> listener.writeRefused(planId, error));
  }

  private static void guard(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.error("store alert listener failed", e);
    }
  }
}
