package com.tradeplan.cluster;

/**
 * What the runtime does when a member tells the cluster that the risk limits changed ({@link
 * ClusterNode#announceRiskLimits}): read the store's changes up to {@code seq} and apply the newer
 * ones. Fires on the member's one limits thread ({@code tradeplan-cluster-limits}), one call at a
 * time, with the highest number heard so far (notices heard while a call runs are folded into the
 * next call). A throw is logged and the notice is not acknowledged: the runtime's poll of the store
 * brings the change instead.
 */
@FunctionalInterface
public interface RiskLimitsListener {
  /**
   * The store holds risk-limit changes numbered up to {@code seq} (the store's change counter,
   * shared by every member). The message carries nothing else: the store stays the source of truth,
   * so a notice lost, repeated or heard out of order changes nothing by itself.
   *
   * @return the highest change number this member has read from the store now (its acknowledgement:
   *     a number at or above the announced one says the change is in force here)
   */
  long changedUpTo(long seq);
}
