package com.tradeplan.runtime;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The users this member runs and how far each take-over got: taken over (the take-over finished),
 * monitored (every plan is back in the engine), caught up (the lane also ran everything queued
 * before the take-over), and the owner of every plan taken over here, for the send journal's last
 * ownership check. {@link UserTakeover} and {@link UserRebuild} change it; everything else reads
 * it.
 *
 * <p>Bounds: one entry per user and per plan run here; a user's entries go when it is released. A
 * plan that ends keeps its owner entry until its user is released (a user that trades for weeks on
 * one member grows by one entry per plan).
 *
 * <p>Thread-safe; reads and single changes may come from any thread. {@link #ownershipLock}
 * serializes the take-overs, releases and rebuilds of users on this member (the cluster's ownership
 * thread and the platform's timer).
 */
final class LocalUsers {
  /** Held while a user is taken over, released or rebuilt on this member. */
  final Object ownershipLock = new Object();

  private final Set<String> takenOver = ConcurrentHashMap.newKeySet();
  private final Set<String> monitoring = ConcurrentHashMap.newKeySet();
  private final Set<String> caughtUp = ConcurrentHashMap.newKeySet();
  private final Map<String, String> ownerOfPlan = new ConcurrentHashMap<>();

  /**
   * Users whose take-over by an acquire failed here and has not succeeded since: the cluster gave
   * them back, so this member no longer holds their lease, yet nobody watches their plans. At most
   * one entry per user whose partition this member owns ({@link #forgetTakeOverFailures}).
   */
  private final Map<String, TakeOverFailing> takeOverFailing = new ConcurrentHashMap<>();

  /** A failing take-over: its attempts so far and when it was last alerted (System.nanoTime). */
  private record TakeOverFailing(int attempts, long alertedNanos) {}

  /** The owner of a plan taken over here, or null. */
  String ownerOf(String planId) {
    return ownerOfPlan.get(planId);
  }

  /** Records that {@code planId} of {@code owner} runs here (a take-over). */
  void planRunsHere(String planId, String owner) {
    ownerOfPlan.put(planId, owner);
  }

  /**
   * As {@link #planRunsHere} for a plan added to a user held here; false when the plan runs here
   * already (taken over with its user after it was added).
   */
  boolean planAddedHere(String planId, String owner) {
    return ownerOfPlan.putIfAbsent(planId, owner) == null;
  }

  /** A plan added here that the engine refused to watch: it does not run here. */
  void planRemovedHere(String planId) {
    ownerOfPlan.remove(planId);
  }

  /** The ids of the plans taken over here of {@code owners}. */
  Set<String> planIdsOf(Set<String> owners) {
    Set<String> planIds = new HashSet<>();
    ownerOfPlan.forEach(
        (plan, owner) -> {
          if (owners.contains(owner)) {
            planIds.add(plan);
          }
        });
    return planIds;
  }

  /** The take-over of {@code owner} finished: its plans are on their way into the engine. */
  void takenOver(String owner) {
    takenOver.add(owner);
    takeOverFailing.remove(owner);
  }

  /**
   * The take-over of {@code owner} failed (again) at {@code nowNanos}: returns its attempt number
   * when it is to be alerted (the first failure, or the last alert at least {@code realertNanos}
   * ago), else 0.
   */
  int takeOverFailed(String owner, long nowNanos, long realertNanos) {
    TakeOverFailing now =
        takeOverFailing.compute(
            owner,
            (o, was) -> {
              if (was == null) {
                return new TakeOverFailing(1, nowNanos);
              }
              boolean alert = nowNanos - was.alertedNanos() >= realertNanos;
              return new TakeOverFailing(was.attempts() + 1, alert ? nowNanos : was.alertedNanos());
            });
    return now.alertedNanos() == nowNanos ? now.attempts() : 0;
  }

  /**
   * Users whose take-over failed here and has not succeeded since; those for which {@code
   * stillOurs} answers false (another member takes them now) are forgotten first.
   */
  Set<String> takeOverFailures(java.util.function.Predicate<String> stillOurs) {
    takeOverFailing.keySet().removeIf(stillOurs.negate());
    return new TreeSet<>(takeOverFailing.keySet());
  }

  boolean isTakenOver(String owner) {
    return takenOver.contains(owner);
  }

  /** Every plan of {@code owner} is in the engine: it counts as run here. */
  void monitoring(String owner) {
    monitoring.add(owner);
  }

  boolean isMonitoring(String owner) {
    return monitoring.contains(owner);
  }

  /** The lane of {@code owner} also ran everything that was queued before its take-over. */
  void caughtUp(String owner) {
    caughtUp.add(owner);
  }

  /**
   * The user's session is going away or went ahead of what was sent: it no longer counts as
   * monitored (nor caught up) from this moment.
   */
  void notMonitoring(String owner) {
    monitoring.remove(owner);
    caughtUp.remove(owner);
  }

  /** The user left this member: its plans and its take-over are forgotten. */
  void released(String owner) {
    ownerOfPlan.values().removeIf(owner::equals);
    takenOver.remove(owner);
  }

  /** Of the users whose lease this member holds, those whose plans are all in the engine. */
  Set<String> monitoredOf(Set<String> leased) {
    Set<String> held = new TreeSet<>(leased);
    held.retainAll(monitoring);
    return held;
  }

  /**
   * Of the users whose lease this member holds, those whose plans are not all in the engine: a
   * take-over or a rebuild under way, or a rebuild failing and retried (docs/cluster.md).
   */
  Set<String> notMonitoredOf(Set<String> leased) {
    Set<String> unwatched = new TreeSet<>(leased);
    unwatched.removeAll(monitoring);
    return unwatched;
  }

  /** Of {@code users}, those whose lane has caught up since their take-over. */
  Set<String> caughtUpOf(Set<String> users) {
    Set<String> caught = new TreeSet<>(users);
    caught.retainAll(caughtUp);
    return caught;
  }
}
