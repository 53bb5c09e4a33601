package com.tradeplan.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.splitbrainprotection.SplitBrainProtection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Split-brain protection: whether this side of the cluster is large enough to act. A member on the
 * minority side of a split must stop sending (the others may run its users), so the send decision
 * ({@link ClusterGuard#maySend}) and every ownership pass ask here. Hazelcast's own protection
 * ({@code recently-active}, see {@link ClusterConfig}) guards the map itself: a write or an acquire
 * on the minority side fails with {@code NO_QUORUM}.
 *
 * <p>{@link #hasQuorum} may be called from any thread (local state only). {@link #confirm} runs on
 * the ownership thread only, since it keeps whether the loss was reported. Neither throws while the
 * member runs; after a crash {@code hasQuorum} answers false.
 */
final class QuorumWatch {
  private static final Logger LOG = LoggerFactory.getLogger(QuorumWatch.class);

  private final ClusterConfig config;
  private final HazelcastInstance hz;
  private final String myAddress;

  /** Whether the loss of the quorum was alerted and not yet followed by its return. */
  private volatile boolean lossReported;

  QuorumWatch(ClusterConfig config, HazelcastInstance hz, String myAddress) {
    this.config = config;
    this.hz = hz;
    this.myAddress = myAddress;
  }

  /** Enough recently active members on this side (always, for a minimum of one member). */
  boolean hasQuorum() {
    if (!hz.getLifecycleService().isRunning()) {
      return false;
    }
    if (config.minClusterSize() <= 1) {
      return true;
    }
    if (hz.getCluster().getMembers().size() < config.minClusterSize()) {
      return false;
    }
    SplitBrainProtection p =
        hz.getSplitBrainProtectionService()
            .getSplitBrainProtection(ClusterConfig.SPLIT_BRAIN_PROTECTION);
    return p.hasMinimumSize();
  }

  /**
   * Ownership thread: {@link #hasQuorum}, with an alert the first time it is lost ({@code
   * heldUsers} is how many users this member stops for) and a line when it is back.
   */
  boolean confirm(int heldUsers) {
    if (!hasQuorum()) {
      if (!lossReported) {
        lossReported = true;
        LOG.error(
            "ALERT {}: split-brain protection: fewer than {} members reachable; this member"
                + " stopped sending orders for {} users and will not act on state it cannot"
                + " replicate",
            myAddress,
            config.minClusterSize(),
            heldUsers);
      }
      return false;
    }
    if (lossReported) {
      lossReported = false;
      LOG.warn("{}: split-brain protection satisfied again; taking users back", myAddress);
    }
    return true;
  }
}
