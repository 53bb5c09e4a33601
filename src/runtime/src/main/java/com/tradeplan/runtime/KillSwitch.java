package com.tradeplan.runtime;

import com.tradeplan.broker.RiskGate;

/**
 * The kill switch of this platform: the one place that decides when every new order stops (the
 * {@link RiskGate} refuses them as {@code DENIED}; cancels still pass) and when orders may go
 * again. The flag itself lives in the RiskGate, which reads it on every order; nothing else in the
 * runtime engages or releases it.
 *
 * <p>Two reasons engage it today: an operator ({@link #engage}), and a store write queue that stays
 * full (a lane that cannot hand over a step's write engages it and waits: back-pressure, nothing is
 * dropped). <b>Known defect, left for the next step:</b> the flag does not remember who engaged it,
 * so the lane whose write is taken first releases it, even while another lane still waits for the
 * store or an operator engaged it.
 *
 * <p>Thread-safe: {@link #storeQueueFull} and {@link #storeQueueAccepted} are called on lane
 * threads, the others on request threads. Nothing here blocks or throws.
 */
public final class KillSwitch {
  /** The reason the RiskGate names in every refusal while the store queue is full. */
  static final String STORE_QUEUE_FULL = "store write queue full";

  private final RiskGate gate;

  KillSwitch(RiskGate gate) {
    this.gate = gate;
  }

  /** Stops every new order until {@link #release}; the refusals name {@code reason}. */
  public void engage(String reason) {
    gate.engageKillSwitch(reason);
  }

  /** Lets new orders go again, whoever engaged the switch. */
  public void release() {
    gate.releaseKillSwitch();
  }

  public boolean engaged() {
    return gate.killSwitchEngaged();
  }

  /** A lane could not hand a write to the store writer: no new order until it can. */
  void storeQueueFull() {
    gate.engageKillSwitch(STORE_QUEUE_FULL);
  }

  /** The writer took the write a lane waited with: released (see the defect above). */
  void storeQueueAccepted() {
    gate.releaseKillSwitch();
  }
}
