package com.tradeplan.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.LifecycleEvent;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two members that formed separate clusters (a split, or a start-up race) merge when they find each
 * other. Hazelcast gives the member that merges into the other cluster a new member id; the leases
 * it takes afterwards must name that new id (a lease naming an id that is no longer a member can be
 * taken by anyone at once: two senders).
 */
class MergeAfterSplitTest {
  static final int USERS_PER_SIDE = 8;
  static final Duration DEADLINE = Duration.ofSeconds(90);

  final SendRights rights = new SendRights();
  final Map<String, ClusterNode> nodes = new LinkedHashMap<>();
  final String clusterName = "merge-" + UUID.randomUUID();

  @AfterEach
  void stopAll() {
    nodes.values().parallelStream().forEach(ClusterNode::terminate);
  }

  private ClusterNode start(String name, ClusterConfig config) {
    ClusterNode n = ClusterNode.start(config, rights.listenerFor(name), MarketDataListener.NONE);
    nodes.put(name, n);
    return n;
  }

  private static Set<UUID> memberIds(ClusterNode n) {
    Set<UUID> ids = new HashSet<>();
    for (Member m : n.hazelcast().getCluster().getMembers()) {
      ids.add(m.getUuid());
    }
    return ids;
  }

  /** Null when every user is held by exactly one node, under the id its entry names; else why. */
  private String ownershipProblem(List<String> users) {
    for (String u : users) {
      List<String> holders = new ArrayList<>();
      nodes.forEach(
          (name, n) -> {
            if (n.epochOf(u) != null) {
              holders.add(name);
            }
          });
      if (holders.size() != 1) {
        return u + " held by " + holders;
      }
      ClusterNode holder = nodes.get(holders.get(0));
      UserState entry = holder.entryOf(u);
      if (entry == null || !holder.memberId().equals(entry.holder())) {
        return u
            + " held by "
            + holders
            + " (id "
            + holder.memberId()
            + ") but its entry names "
            + (entry == null ? "nothing" : entry.holder() + " at epoch " + entry.epoch());
      }
      if (!memberIds(holder).contains(entry.holder())) {
        return u + ": its lease names " + entry.holder() + ", not a member of " + memberIds(holder);
      }
    }
    return null;
  }

  @Test
  void theMemberThatMergesFollowsItsNewIdAndItsLeasesNameALiveMember() {
    int portA = ClusterConfig.freePort("127.0.0.1");
    int portB = ClusterConfig.freePort("127.0.0.1");
    // A knows B's address (and finds B's cluster once B runs); B knows only itself, so the two
    // form separate one-member clusters first. A minimum size of 1 lets each side act alone, as
    // both halves of a real split would without split-brain protection: the merge is the point.
    ClusterNode a =
        start(
            "a",
            ClusterConfig.loopback(clusterName, portA, List.of(portA, portB))
                .withMinClusterSize(1));
    ClusterNode b =
        start(
            "b", ClusterConfig.loopback(clusterName, portB, List.of(portB)).withMinClusterSize(1));
    AtomicBoolean merged = new AtomicBoolean();
    for (ClusterNode n : List.of(a, b)) {
      n.hazelcast()
          .getLifecycleService()
          .addLifecycleListener(
              e -> {
                if (e.getState() == LifecycleEvent.LifecycleState.MERGED) {
                  merged.set(true);
                }
              });
    }
    Map<String, UUID> idsBefore = Map.of("a", a.memberId(), "b", b.memberId());

    List<String> users = new ArrayList<>();
    for (int i = 0; i < USERS_PER_SIDE; i++) {
      for (var side : List.of(Map.entry("a", a), Map.entry("b", b))) {
        String u = side.getKey() + "-user" + i;
        users.add(u);
        // Each side knows only its own users until the merge. A write that meets the merge fails;
        // it is retried (the same plan again is accepted as a retry) through either member.
        List<PlanSnapshot> plans = List.of(SyntheticPlans.plan(u, 0, 5));
        Await.until(
            DEADLINE,
            () ->
                side.getValue().addPlans(u, plans).ok()
                    || (side.getKey().equals("a") ? b : a).addPlans(u, plans).ok(),
            () -> "could not add " + u);
      }
    }

    Await.until(
        DEADLINE,
        () -> merged.get() && a.clusterSize() == 2 && b.clusterSize() == 2,
        () -> "never merged: sizes " + a.clusterSize() + ", " + b.clusterSize());

    // The premise: the member that merged has a new id now.
    Map<String, UUID> idsAfter =
        Map.of(
            "a", a.hazelcast().getCluster().getLocalMember().getUuid(),
            "b", b.hazelcast().getCluster().getLocalMember().getUuid());
    assertThat(idsAfter).as("Hazelcast gave the merging member a new id").isNotEqualTo(idsBefore);

    // Each node acts under its current id and every user ends up held by exactly one node, under a
    // lease that names a live member.
    Await.until(
        DEADLINE,
        () ->
            a.memberId().equals(idsAfter.get("a"))
                && b.memberId().equals(idsAfter.get("b"))
                && ownershipProblem(users) == null,
        () ->
            "ids "
                + Map.of("a", a.memberId(), "b", b.memberId())
                + " (Hazelcast: "
                + idsAfter
                + "): "
                + ownershipProblem(users));
    assertThat(rights.violations()).as("two members with send rights for one user").isEmpty();
  }
}
