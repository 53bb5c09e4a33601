package com.tradeplan.broker;

import com.tradeplan.domain.broker.OrderRequest;

/**
 * What may stop an entry's one re-send after a reconnect: the kill switch that covers it. A
 * reconcile that finds an order "journaled, never acknowledged" sends it once more under the same
 * orderRef (docs/ib.md); for an <b>entry</b> {@link IbBroker} first asks this guard, which the
 * {@link RiskGate} in front of it sets ({@link IbBroker#setResendGuard}), so that a re-send meets
 * the switch a first send meets. Exits and cancels are never asked: protection never lapses.
 *
 * <p>Called on the link thread at the end of a reconcile, once per entry to re-send: it must be
 * fast and must not block. A throw counts as a refusal (an entry is never protection: when in doubt
 * it stays unsent, reported cancelled).
 */
@FunctionalInterface
public interface ResendGuard {
  /** Every entry is re-sent: a broker without a gate in front of it. */
  ResendGuard NONE = entry -> null;

  /**
   * The refusal of re-sending {@code entry} now, naming the switch and its scope, or null when it
   * may go.
   */
  String refusal(OrderRequest entry);
}
