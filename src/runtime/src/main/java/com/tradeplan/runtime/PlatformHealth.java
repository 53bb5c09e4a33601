package com.tradeplan.runtime;

import java.util.List;
import java.util.Map;

/**
 * A point-in-time view of the platform for the health and metrics endpoints.
 *
 * @param storeUp the store answered a ping just now
 * @param brokerState the IB link: DISCONNECTED, CONNECTING, RECONCILING, READY, CONNECTIVITY_LOST
 *     (connected to the gateway, which lost IB: IB's 1100; orders wait) or CLOSED
 * @param marketDataAgeMillis per subscribed symbol, milliseconds since its last tick (-1: none
 *     since it was last subscribed)
 * @param laneInboxDepths entries waiting in each engine lane's queue (reports, commands, tick
 *     batches)
 * @param writeQueueDepth store writes accepted and not yet durable
 * @param monitoredPlans plans the engines watch now, as they hold them (ended plans kept for late
 *     reports are not counted)
 * @param ticksPending ticks that arrived and wait for their lanes (folded per symbol while a lane
 *     is behind; never dropped)
 * @param ticksCoalesced ticks folded into a batch and not evaluated on their own since start
 * @param alerts operator alerts raised since start (broker, store, engine)
 * @param recentAlerts the latest alerts, newest last (bounded)
 * @param clusterMembers members this process's side of the cluster sees (1: a one-member cluster)
 * @param clusterQuorum split-brain protection satisfied: this member may send orders
 * @param usersRun users this member runs now (lease held, plans monitored)
 * @param usersNotMonitored users whose lease this member holds but whose plans are not all in its
 *     engine: a take-over or rebuild under way (moments), or a rebuild failing and retried (a
 *     {@code USER_REBUILD_FAILED} alert each attempt); and users whose take-over here failed (given
 *     back to the cluster, taken again every 250 ms: {@code TAKEOVER_FAILED}); their plans are
 *     watched by no one meanwhile
 * @param marketOpen the configured market session is open now (docs/architecture.md)
 * @param staleSymbols symbols with plans watched here that have had no tick for too long while the
 *     market is open (empty when all is well)
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
    int usersRun,
    List<String> usersNotMonitored,
    boolean marketOpen,
    List<StaleSymbol> staleSymbols) {

  /** Store up, broker ready: the platform can take and carry out orders. */
  public boolean ready() {
    return storeUp && "READY".equals(brokerState);
  }
}
