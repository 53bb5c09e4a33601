package com.tradeplan.runtime;

import com.tradeplan.broker.RiskGate;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kill switch of this platform: the one place that decides when every new order stops (the
 * {@link RiskGate} refuses them as {@code DENIED}; cancels still pass) and when orders may go
 * again. The flag itself lives in the RiskGate, which reads it on every order; nothing else in the
 * runtime engages or releases it.
 *
 * <p>Two reasons engage it, and each is released by its own rule only (docs/persistence.md, "When
 * the store falls behind"):
 *
 * <ul>
 *   <li><b>an operator</b> ({@link #engage}): released only by an operator ({@link #release});
 *   <li><b>the store write queue</b>: an engine lane that cannot hand a step's write to the store
 *       writer engages it and waits (back-pressure, nothing is dropped). It is released only when
 *       <em>no</em> lane waits any more <em>and</em> the writer has drained its queue to at most
 *       {@link #DRAINED_FRACTION} of its capacity. The lane whose write is taken first does not
 *       release it while another lane still waits, nor while the queue is still nearly full (the
 *       next write would find it full again). {@link #reassess} applies that rule; it runs when a
 *       lane's write is taken and on the platform's timer (every second), which is what releases
 *       the switch once the writer drained.
 * </ul>
 *
 * <p>Thread-safe: {@link #storeQueueFull} and {@link #storeQueueAccepted} are called on lane
 * threads, {@link #reassess} on lane threads and the platform's timer, the others on request
 * threads. The state changes under one lock; nothing here blocks on I/O or throws.
 */
public final class KillSwitch {
  private static final Logger LOG = LoggerFactory.getLogger(KillSwitch.class);

  /** The reason the RiskGate names in every refusal while the store queue holds the switch. */
  static final String STORE_QUEUE_FULL = "store write queue full";

  /**
   * The store's share of the switch is released once the writer's queue holds at most this fraction
   * of its capacity (and no lane waits): room for a burst of writes before it is full again.
   */
  static final double DRAINED_FRACTION = 0.5;

  private final RiskGate gate;
  private final IntSupplier storeQueueDepth;
  private final int drainedDepth;

  // Guarded by this.
  private String operatorReason;
  private int lanesWaiting;
  private boolean storeHolds;

  /**
   * @param storeQueueDepth the store writer's writes accepted and not yet durable
   * @param storeQueueCapacity the most the writer accepts before a submit waits
   */
  KillSwitch(RiskGate gate, IntSupplier storeQueueDepth, int storeQueueCapacity) {
    this.gate = gate;
    this.storeQueueDepth = storeQueueDepth;
    this.drainedDepth = (int) Math.floor(storeQueueCapacity * DRAINED_FRACTION);
  }

  /** Stops every new order until an operator calls {@link #release}; the refusals name it. */
  public synchronized void engage(String reason) {
    operatorReason = reason == null || reason.isBlank() ? "engaged by an operator" : reason;
    apply();
  }

  /**
   * An operator releases what an operator engaged. Orders go again only if the store does not hold
   * the switch as well (then it stays engaged, for the store's reason, until the writer drained).
   */
  public synchronized void release() {
    operatorReason = null;
    apply();
  }

  public boolean engaged() {
    return gate.killSwitchEngaged();
  }

  /** Whether an operator engaged the switch (and has not released it). */
  public synchronized boolean engagedByOperator() {
    return operatorReason != null;
  }

  /** Whether the store write queue holds the switch (a lane waits, or the queue did not drain). */
  public synchronized boolean heldByStore() {
    return storeHolds;
  }

  /** A lane could not hand a write to the store writer: no new order until the store drained. */
  synchronized void storeQueueFull() {
    lanesWaiting++;
    if (!storeHolds) {
      LOG.error("store write queue full: new orders stopped until the writer drains");
    }
    storeHolds = true;
    apply();
  }

  /**
   * The writer took the write a lane waited with. The switch stays engaged while another lane waits
   * or the queue has not drained ({@link #reassess}).
   */
  synchronized void storeQueueAccepted() {
    if (lanesWaiting > 0) {
      lanesWaiting--;
    }
    reassess();
  }

  /**
   * Releases the store's share of the switch when no lane waits and the writer's queue holds at
   * most {@link #DRAINED_FRACTION} of its capacity; an operator's share stays.
   */
  synchronized void reassess() {
    if (storeHolds && lanesWaiting == 0 && storeQueueDepth.getAsInt() <= drainedDepth) {
      storeHolds = false;
      LOG.warn("store write queue drained: the store no longer holds the kill switch");
      apply();
    }
  }

  /** Sets the RiskGate's flag from the reasons that hold now (caller holds the lock). */
  private void apply() {
    if (operatorReason != null && storeHolds) {
      gate.engageKillSwitch(operatorReason + "; " + STORE_QUEUE_FULL);
    } else if (operatorReason != null) {
      gate.engageKillSwitch(operatorReason);
    } else if (storeHolds) {
      gate.engageKillSwitch(STORE_QUEUE_FULL);
    } else {
      gate.releaseKillSwitch();
    }
  }
}
