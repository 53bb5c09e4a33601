package com.tradeplan.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.map.IMap;
import com.hazelcast.partition.PartitionService;
import com.tradeplan.domain.state.PlanSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users this member holds and under which epoch, and the only code that takes a user's lease
 * ({@link UserProcessors.Acquire}) or gives it back ({@link UserProcessors.Release}). The holdings
 * are what {@link ClusterGuard#maySend} and every write ask first, so the order of each step here
 * is what keeps two members from sending for one user: a user leaves the holdings before its {@link
 * OwnershipListener#onRelease} runs, and its lease is cleared only after that returns; a user
 * enters the holdings before its {@link OwnershipListener#onAcquire} runs.
 *
 * <p>Threads: everything that changes the holdings ({@link #releaseMoved}, {@link #acquireOwned},
 * {@link #dropAll}, {@link #plansAdded}) runs on the ownership thread ({@link OwnershipThread}),
 * the single writer; so do the listener's callbacks. {@link #epochOf} and {@link #heldUsers} may be
 * called from any thread. A listener callback that throws is logged; for {@code onAcquire} the
 * lease is given back so that a later pass rebuilds the user. A Hazelcast call that throws while
 * acquiring is logged and retried on the next pass; one that throws while clearing a lease leaves
 * the lease in the entry, which is safe because the user was stopped first.
 */
final class UserLeases {
  /** An acquire refused for this long (the holder is alive and does not release) is an alert. */
  static final long STUCK_HANDOVER_MILLIS = 10_000;

  /** How long a key seen sealed stays out of the acquire passes before it is looked at again. */
  static final long SEALED_RECHECK_MILLIS = 5_000;

  private static final Logger LOG = LoggerFactory.getLogger(UserLeases.class);

  private final IMap<String, UserState> users;
  private final PartitionService partitions;
  private final LocalMember member;
  private final OwnershipListener ownership;
  private final SymbolDemand demand;

  /** owner -> epoch this member holds. Written only on the ownership thread. */
  private final ConcurrentHashMap<String, Long> held = new ConcurrentHashMap<>();

  /**
   * owner -> the key of the entry this member holds it by ({@link UserKeys}); set before the user
   * enters {@link #held}, removed after it left. Written only on the ownership thread.
   */
  private final ConcurrentHashMap<String, String> keys = new ConcurrentHashMap<>();

  /**
   * Sealed entries in local partitions (a user that moved to another account's key), and when they
   * were seen sealed: left out of the acquire passes for {@value #SEALED_RECHECK_MILLIS} ms, then
   * looked at again (a seal is undone only by a move back, which {@link #keyReopened} hears at once
   * when it runs here). At most one per local entry. Ownership thread only.
   */
  private final Map<String, Long> sealedSeenMillis = new HashMap<>();

  /** owner -> since when an acquire is refused (alerting only). Ownership thread only. */
  private final Map<String, Long> refusedSinceMillis = new HashMap<>();

  UserLeases(
      IMap<String, UserState> users,
      PartitionService partitions,
      LocalMember member,
      OwnershipListener ownership,
      SymbolDemand demand) {
    this.users = users;
    this.partitions = partitions;
    this.member = member;
    this.ownership = ownership;
    this.demand = demand;
  }

  /** The epoch this member holds for {@code owner}, or null. Any thread. */
  Long epochOf(String owner) {
    return held.get(owner);
  }

  /** The key of the entry this member holds {@code owner} by, or null. Any thread. */
  String keyOf(String owner) {
    return keys.get(owner);
  }

  /** Every user this member holds, with its epoch. Any thread. */
  Map<String, Long> heldUsers() {
    return Map.copyOf(held);
  }

  int heldCount() {
    return held.size();
  }

  /** Users whose partition is no longer ours: stop, then hand the lease back. */
  void releaseMoved() {
    for (String owner : List.copyOf(held.keySet())) {
      String key = keys.get(owner);
      Member partitionOwner =
          partitions.getPartition(UserKeys.partitionKey(key == null ? owner : key)).getOwner();
      if (partitionOwner == null || !partitionOwner.localMember()) {
        release(owner, "partition moved to " + (partitionOwner == null ? "?" : partitionOwner));
      }
    }
  }

  /**
   * The entry this member holds {@code owner} by was sealed for a move to another key ({@link
   * PlacementProcessors.Seal}): stop the user and hand the lease back, so that the new key's first
   * acquire, which waits for that, may go ahead. Ownership thread.
   */
  void releaseSealed(String owner, String key) {
    if (key.equals(keys.get(owner))) {
      release(owner, "its entry " + key + " was sealed: the user moved to another account");
    }
  }

  private void release(String owner, String why) {
    Long epoch = held.remove(owner);
    if (epoch == null) {
      return;
    }
    String key = keys.get(owner);
    LOG.info("{}: releasing {} (epoch {}): {}", member.address(), owner, epoch, why);
    stopSession(owner);
    clearLease(key, epoch);
    keys.remove(owner);
  }

  /** Hands the lease back in the entry (only if this member still holds that epoch). */
  private void clearLease(String key, long epoch) {
    try {
      users
          .submitToKey(key, new UserProcessors.Release(member.id(), epoch))
          .toCompletableFuture()
          .get(Replication.WRITE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      // The lease stays with us in the entry; the next owner sees a member that left (after our
      // shutdown) or we retry through acquire/release on the next pass. Never unsafe: we already
      // stopped.
      LOG.warn("{}: could not clear the lease of {}: {}", member.address(), key, e.toString());
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Stops every session locally; clears the leases only when {@code clearLeases} (a graceful leave:
   * otherwise the replicated entries may be unreachable).
   */
  void dropAll(String why, boolean clearLeases) {
    if (held.isEmpty()) {
      return;
    }
    // Every user leaves the holdings before the first callback runs: a callback can take long
    // (the runtime joins the user's lane), and a user still in `held` meanwhile could send.
    Map<String, Long> dropped = new TreeMap<>(held);
    held.keySet().removeAll(dropped.keySet());
    LOG.warn("{}: stopping all {} users: {}", member.address(), dropped.size(), why);
    for (Map.Entry<String, Long> e : dropped.entrySet()) {
      stopSession(e.getKey());
      String key = keys.remove(e.getKey());
      if (clearLeases && key != null) {
        clearLease(key, e.getValue());
      }
    }
  }

  private void stopSession(String owner) {
    try {
      ownership.onRelease(owner);
    } catch (RuntimeException e) {
      LOG.error(
          "{}: onRelease({}) failed; its sends are refused anyway", member.address(), owner, e);
    }
    demand.removeUser(owner);
  }

  /**
   * Takes the lease of every user in this member's partitions that it does not hold yet, in one
   * {@code executeOnKeys}, and hands the users taken to the runtime in one {@link
   * OwnershipListener#onAcquireAll}. A user this member still holds by another key (a move whose
   * old entry it has not released yet) waits for the next pass; an entry that replaced a sealed one
   * is taken only once nobody live holds that one ({@link #predecessorsReleased}).
   */
  void acquireOwned() {
    UUID id = member.id();
    long startMillis = System.currentTimeMillis();
    sealedSeenMillis.values().removeIf(t -> startMillis - t > SEALED_RECHECK_MILLIS);
    Set<String> candidates = new HashSet<>(users.localKeySet());
    candidates.removeAll(keys.values());
    candidates.removeAll(sealedSeenMillis.keySet());
    candidates.removeIf(k -> held.containsKey(UserKeys.ownerOf(k)));
    if (candidates.isEmpty()) {
      refusedSinceMillis.clear();
      return;
    }
    Set<UUID> live = member.liveMemberIds();
    Map<String, UserState> acquired;
    try {
      acquired =
          new HashMap<>(
              users.executeOnKeys(
                  candidates, new UserProcessors.Acquire(id, member.address(), live, Set.of())));
      Set<String> refused = new HashSet<>(candidates);
      refused.removeIf(k -> acquired.get(k) != null);
      Set<String> cleared = predecessorsReleased(refused, live, id);
      if (!cleared.isEmpty()) {
        acquired.putAll(
            users.executeOnKeys(
                cleared, new UserProcessors.Acquire(id, member.address(), live, cleared)));
      }
    } catch (RuntimeException e) {
      // Some entries may now name us at a new epoch without us knowing it: the next pass
      // acquires them again (a holder may always re-acquire), so nothing is stuck.
      LOG.warn(
          "{}: acquiring {} users failed: {}", member.address(), candidates.size(), e.toString());
      return;
    }
    long now = System.currentTimeMillis();
    if (!member.active() || !id.equals(member.currentId())) {
      // Paused, merging or stopping meanwhile: the entries may name us at a new epoch; the next
      // pass re-acquires them (a holder may) or they go with this member's old id.
      return;
    }
    takeOver(acquired);
    alertStuckHandovers(candidates, acquired, now);
  }

  /**
   * Of the entries an acquire refused, those that replaced a sealed entry (a user that moved to
   * another account) whose holder has let go: nobody, a member no longer live, or this one. A
   * sealed entry can never be acquired again, so once released it stays released.
   */
  private Set<String> predecessorsReleased(Set<String> refused, Set<UUID> live, UUID me) {
    if (refused.isEmpty()) {
      return Set.of();
    }
    Map<String, String> predecessorOf = new HashMap<>();
    long now = System.currentTimeMillis();
    users
        .getAll(refused)
        .forEach(
            (key, u) -> {
              if (u.sealedTo() != null) {
                sealedSeenMillis.put(key, now);
              } else if (u.movedFrom() != null) {
                predecessorOf.put(key, u.movedFrom());
              }
            });
    if (predecessorOf.isEmpty()) {
      return Set.of();
    }
    Map<String, UserState> predecessors = users.getAll(new HashSet<>(predecessorOf.values()));
    Set<String> cleared = new HashSet<>();
    predecessorOf.forEach(
        (key, from) -> {
          UserState old = predecessors.get(from);
          UUID holder = old == null ? null : old.holder();
          boolean oldOpen = old != null && old.sealedTo() == null;
          if (!oldOpen && (holder == null || holder.equals(me) || !live.contains(holder))) {
            cleared.add(key);
          }
        });
    return cleared;
  }

  /** Holds the users just acquired, then runs the runtime's take-over; gives back its failures. */
  private void takeOver(Map<String, UserState> acquired) {
    List<OwnershipListener.Acquired> batch = new ArrayList<>();
    for (String key : new TreeMap<>(acquired).keySet()) {
      UserState u = acquired.get(key);
      if (u == null) {
        continue;
      }
      String owner = u.owner();
      refusedSinceMillis.remove(key);
      List<PlanSnapshot> state = u.planList();
      keys.put(owner, key);
      held.put(owner, u.epoch());
      demand.update(owner, state);
      batch.add(new OwnershipListener.Acquired(owner, u.epoch(), state));
    }
    // One call for the whole pass: after a member's death that is all of its users here, and the
    // runtime reads the store once for them instead of once per user.
    Set<String> failed;
    try {
      failed = ownership.onAcquireAll(batch);
    } catch (RuntimeException e) {
      LOG.error(
          "{}: taking over {} users failed; giving them back", member.address(), batch.size(), e);
      failed = new HashSet<>();
      for (OwnershipListener.Acquired a : batch) {
        failed.add(a.owner());
      }
    }
    for (String owner : failed) {
      release(owner, "onAcquire failed");
    }
  }

  /** An alert for each user another live member (or a move) has kept from us for too long. */
  private void alertStuckHandovers(
      Set<String> candidates, Map<String, UserState> acquired, long nowMillis) {
    for (String owner : candidates) {
      if (acquired.get(owner) == null && !sealedSeenMillis.containsKey(owner)) {
        long since = refusedSinceMillis.computeIfAbsent(owner, o -> nowMillis);
        if (nowMillis - since > STUCK_HANDOVER_MILLIS) {
          LOG.error(
              "ALERT {}: user {} is still held by another live member after {} ms",
              member.address(),
              owner,
              nowMillis - since);
          refusedSinceMillis.put(owner, nowMillis);
        }
      }
    }
  }

  /** A sealed key was opened again (a user moved back to it): acquire it at the next pass. */
  void keyReopened(String key) {
    sealedSeenMillis.remove(key);
  }

  /**
   * Plans added to a user's entry ({@link UserProcessors.AddPlans}); reach the running session only
   * if this member still holds the user at the epoch the entry named. Ownership thread.
   */
  void plansAdded(String owner, String key, long epoch, List<PlanSnapshot> plans) {
    Long e = held.get(owner);
    if (e != null && e == epoch && key.equals(keys.get(owner))) {
      demand.update(owner, plans);
      try {
        ownership.onPlansAdded(owner, plans);
      } catch (RuntimeException ex) {
        LOG.error("{}: onPlansAdded({}) failed", member.address(), owner, ex);
      }
    }
  }
}
