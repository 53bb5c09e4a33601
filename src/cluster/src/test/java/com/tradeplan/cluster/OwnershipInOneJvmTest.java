package com.tradeplan.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real Hazelcast members in one JVM: users are owned by exactly one member through joins, graceful
 * leaves and crashes; the state they are rebuilt from is the last replicated one; the old owner
 * always stops before the new one starts.
 */
class OwnershipInOneJvmTest {
  static final int USERS = 40;
  static final int PLANS_PER_USER = 3;
  static final Duration DEADLINE = Duration.ofSeconds(45);

  final SendRights rights = new SendRights();
  final Map<String, ClusterNode> nodes = new LinkedHashMap<>();
  final String clusterName = "own-" + UUID.randomUUID();
  final List<Integer> ports = new ArrayList<>();

  @AfterEach
  void stopAll() {
    nodes.values().parallelStream().forEach(ClusterNode::terminate);
  }

  private ClusterNode startMember(int port) {
    ClusterConfig c = ClusterConfig.loopback(clusterName, port, ports).withMinClusterSize(2);
    String name = "m" + port;
    ClusterNode n = ClusterNode.start(c, rights.listenerFor(name), MarketDataListener.NONE);
    synchronized (nodes) {
      nodes.put(name, n);
    }
    return n;
  }

  private void startMembers(int count) {
    List<Integer> mine = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      mine.add(ClusterConfig.freePort("127.0.0.1"));
    }
    ports.addAll(mine);
    mine.stream()
        .map(p -> CompletableFuture.runAsync(() -> startMember(p)))
        .toList()
        .forEach(CompletableFuture::join);
  }

  private String nameOf(ClusterNode n) {
    return "m" + n.address().substring(n.address().indexOf(':') + 1);
  }

  /** Every user held by exactly one running member, the one owning its partition. */
  private String ownershipProblem() {
    for (int u = 0; u < USERS; u++) {
      String owner = "u" + u;
      List<String> holders = new ArrayList<>();
      String heldBy = null;
      String partitionOwner = null;
      for (ClusterNode n : nodes.values()) {
        if (n.epochOf(owner) != null) {
          holders.add(n.address());
          heldBy = nameOf(n);
        }
        if (partitionOwner == null && n.clusterSize() > 0) {
          partitionOwner = n.partitionOwnerOf(owner);
        }
      }
      if (holders.size() != 1 || !holders.get(0).equals(partitionOwner)) {
        return owner + " held by " + holders + ", partition owner " + partitionOwner;
      }
      // a member holds a user before its listener's onAcquire has run (UserLeases)
      if (!heldBy.equals(rights.holderOf(owner))) {
        return owner + " held by " + heldBy + ", its onAcquire not run yet";
      }
    }
    return null;
  }

  private void awaitSettled() {
    Await.until(
        DEADLINE,
        () ->
            nodes.values().stream()
                    .allMatch(n -> n.hazelcast().getPartitionService().isLocalMemberSafe())
                && ownershipProblem() == null,
        () -> "cluster safe and " + ownershipProblem());
    assertThat(rights.violations()).as("overlapping send rights").isEmpty();
  }

  /** Replicates the next version of every plan from its holder; returns planId -> version. */
  private Map<String, Long> writeNextVersions(Map<String, Long> versions) {
    Map<String, Long> out = new HashMap<>(versions);
    for (int u = 0; u < USERS; u++) {
      String owner = "u" + u;
      ClusterNode holder =
          nodes.values().stream().filter(n -> n.epochOf(owner) != null).findFirst().orElseThrow();
      List<PlanSnapshot> next = new ArrayList<>();
      for (PlanSnapshot s : holder.stateOf(owner)) {
        next.add(SyntheticPlans.next(s));
      }
      ReplicationResult r = holder.replicate(owner, next);
      assertThat(r.ok()).as("replicate %s from its holder: %s", owner, r).isTrue();
      next.forEach(s -> out.put(s.planId(), s.version()));
    }
    return out;
  }

  private void assertAcquiredStateIsLatest(Map<String, Long> versions, List<String> movedUsers) {
    for (String owner : movedUsers) {
      List<PlanSnapshot> state = rights.acquiredState(owner);
      assertThat(state).as("state %s was acquired with", owner).hasSize(PLANS_PER_USER);
      for (PlanSnapshot s : state) {
        assertThat(s.version())
            .as("version of %s at acquire", s.planId())
            .isEqualTo(versions.get(s.planId()));
        assertThat(s).isEqualTo(SyntheticPlans.withVersion(s, s.version()));
      }
    }
  }

  private Map<String, String> holders() {
    Map<String, String> h = new HashMap<>();
    for (int u = 0; u < USERS; u++) {
      h.put("u" + u, rights.holderOf("u" + u));
    }
    return h;
  }

  private List<String> movedSince(Map<String, String> before) {
    List<String> moved = new ArrayList<>();
    holders()
        .forEach(
            (u, m) -> {
              if (!m.equals(before.get(u))) {
                moved.add(u);
              }
            });
    return moved;
  }

  @Test
  void usersFollowTheirPartitionsThroughJoinLeaveAndCrash() {
    startMembers(3);
    ClusterNode any = nodes.values().iterator().next();
    Map<String, Long> versions = new HashMap<>();
    for (int u = 0; u < USERS; u++) {
      List<PlanSnapshot> plans = new ArrayList<>();
      for (int p = 0; p < PLANS_PER_USER; p++) {
        plans.add(SyntheticPlans.plan("u" + u, p, 7));
        versions.put(SyntheticPlans.planId("u" + u, p), 1L);
      }
      assertThat(any.addPlans("u" + u, plans).ok()).isTrue();
    }
    awaitSettled();

    // A sampler asks every member's guard about every user, all the time.
    AtomicBoolean sampling = new AtomicBoolean(true);
    List<String> doubleRights = new ArrayList<>();
    Thread sampler =
        new Thread(
            () -> {
              while (sampling.get()) {
                for (int u = 0; u < USERS; u++) {
                  String owner = "u" + u;
                  // The guards are read one after another, so "A then B both true" may only mean
                  // that A released and B acquired in between. Read the allowed ones again in
                  // reverse order: send rights are intervals, so A true at t1 and t4 and B true
                  // at t2 and t3 proves both held the right during [t2, t3].
                  List<ClusterNode> allowed =
                      List.copyOf(nodes.values()).stream()
                          .filter(n -> n.guard().maySend(owner))
                          .toList();
                  if (allowed.size() > 1) {
                    List<ClusterNode> reversed = new ArrayList<>(allowed);
                    java.util.Collections.reverse(reversed);
                    long still = reversed.stream().filter(n -> n.guard().maySend(owner)).count();
                    if (still > 1) {
                      synchronized (doubleRights) {
                        doubleRights.add(owner);
                      }
                    }
                  }
                }
              }
            });
    sampler.start();
    try {
      versions = writeNextVersions(versions);

      // join
      Map<String, String> before = holders();
      startMembers(1);
      awaitSettled();
      List<String> moved = movedSince(before);
      assertThat(moved).as("users moved to the new member").isNotEmpty();
      assertAcquiredStateIsLatest(versions, moved);
      versions = writeNextVersions(versions);

      // graceful leave
      before = holders();
      ClusterNode leaving = nodes.values().iterator().next();
      nodes.remove(nameOf(leaving));
      leaving.stop();
      awaitSettled();
      moved = movedSince(before);
      assertThat(moved).isNotEmpty();
      assertAcquiredStateIsLatest(versions, moved);
      versions = writeNextVersions(versions);

      // crash
      before = holders();
      ClusterNode crashing = nodes.values().iterator().next();
      nodes.remove(nameOf(crashing));
      rights.memberDied(nameOf(crashing));
      crashing.terminate();
      awaitSettled();
      moved = movedSince(before);
      assertThat(moved).isNotEmpty();
      assertAcquiredStateIsLatest(versions, moved);
      writeNextVersions(versions);
    } finally {
      sampling.set(false);
    }
    assertThat(doubleRights).as("users two guards allowed to send at once").isEmpty();
    assertThat(rights.violations()).isEmpty();
  }
}
