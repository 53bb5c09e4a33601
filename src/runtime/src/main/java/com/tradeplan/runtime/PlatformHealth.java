package com.tradeplan.runtime;

import java.util.List;
import java.util.Map;

/**
 * A point-in-time view of the platform for the health and metrics endpoints.
 *
 * @param storeUp the store answered a ping just now
 * @param brokerState the IB link: DISCONNECTED, CONNECTING, RECONCILING, READY or CLOSED
 * @param marketDataAgeMillis per subscribed symbol, milliseconds since its last tick (-1: none yet)
 * @param laneInboxDepths entries waiting in each engine lane's queue (reports, commands, tick
 *     batches)
 * @param writeQueueDepth store writes accepted and not yet durable
 * @param monitoredPlans plans the engine watches
 * @param ticksPending ticks that arrived and wait for their lanes (folded per symbol while a lane
 *     is behind; never dropped)
 * @param ticksCoalesced ticks folded into a batch and not evaluated on their own since start
 * @param alerts operator alerts raised since start (broker, store, engine)
 * @param recentAlerts the latest alerts, newest last (bounded)
 * @param clusterMembers members this process's side of the cluster sees (1: a one-member cluster)
 * @param clusterQuorum split-brain protection satisfied: this member may send orders
 * @param usersRun users this member runs now (lease held, plans monitored)
 */
public record PlatformHealth(
    boolean storeUp,
    String brokerState,
    Map<String, Long> marketDataAgeMillis,
    List<Integer> laneInboxDepths,
    int writeQueueDepth,
    int monitoredPlans,
    long ticksPending,
    long ticksCoalesced,
    long alerts,
    List<String> recentAlerts,
    int clusterMembers,
    boolean clusterQuorum,
    int usersRun) {

  /** Store up, broker ready: the platform can take and carry out orders. */
  public boolean ready() {
    return storeUp && "READY".equals(brokerState);
  }
}
