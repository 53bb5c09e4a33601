package com.tradeplan.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A replication whose backup was on a member that dies while the write waits is INDETERMINATE
 * first; the writer re-issues it (idempotent by version) and gets a determinate answer, so the
 * user's send is not held and its session not rebuilt. Two members in this JVM, the third a process
 * that is frozen (SIGSTOP: the backups it should acknowledge wait) and then killed.
 */
class ReissueAfterMemberLossTest {
  static final int USERS = 40;
  static final Duration SETTLE = Duration.ofSeconds(60);

  final String clusterName = "reissue-" + UUID.randomUUID();
  final List<ClusterNode> nodes = new ArrayList<>();
  MemberProcess frozen;

  @AfterEach
  void stopAll() {
    if (frozen != null) {
      frozen.kill9();
    }
    nodes.parallelStream().forEach(ClusterNode::terminate);
  }

  @Test
  void writesWaitingForADeadMembersBackupAreReissuedAndAnswered() throws Exception {
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ports.add(ClusterConfig.freePort("127.0.0.1"));
    }
    frozen =
        MemberProcess.start(
            "c", clusterName, ports.get(2), ports, "--users", "0", "--writes-per-second", "0");
    List<CompletableFuture<ClusterNode>> starting = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      ClusterConfig c =
          ClusterConfig.loopback(clusterName, ports.get(i), ports).withMinClusterSize(2);
      starting.add(
          CompletableFuture.supplyAsync(
              () ->
                  ClusterNode.start(
                      c, new SendRights().listenerFor("n"), MarketDataListener.NONE)));
    }
    starting.forEach(f -> nodes.add(f.join()));
    ClusterNode h = nodes.get(0);
    Await.until(SETTLE, () -> h.clusterSize() == 3, () -> "3 members, saw " + h.clusterSize());
    for (int u = 0; u < USERS; u++) {
      String owner = "u" + u;
      assertThat(h.addPlans(owner, List.of(SyntheticPlans.plan(owner, 0, 5))).ok()).isTrue();
    }
    // Every partition backed up, and the users on the two members here held (the process's are
    // not written below).
    Await.until(
        SETTLE,
        () ->
            h.hazelcast().getPartitionService().isClusterSafe()
                && h.heldUsers().size() + nodes.get(1).heldUsers().size() > 0
                && allHeldWhereOwned(),
        () -> "cluster safe, users held by their partition owners");
    Map<String, List<PlanSnapshot>> next = new HashMap<>();
    for (String owner : h.heldUsers().keySet()) {
      List<PlanSnapshot> plans = new ArrayList<>();
      h.stateOf(owner).forEach(s -> plans.add(SyntheticPlans.next(s)));
      next.put(owner, plans);
    }
    assertThat(next).as("users held by the writing member").isNotEmpty();

    frozen.signal("STOP");
    long submittedBefore = h.submittedReplications();
    CompletableFuture<Map<String, ReplicationResult>> writes =
        CompletableFuture.supplyAsync(() -> h.replicateAll(next));
    // Every write is with Hazelcast before the frozen member dies; those whose backup is on it
    // wait for its acknowledgement (proved below: only they are re-issued). Not a timed check: on
    // a loaded machine a fixed pause could outlast the backup timeout.
    Await.until(
        SETTLE,
        () -> h.submittedReplications() - submittedBefore == next.size(),
        () -> "writes submitted: " + (h.submittedReplications() - submittedBefore));
    frozen.kill9();
    Map<String, ReplicationResult> results = writes.get(30, TimeUnit.SECONDS);

    assertThat(results.values())
        .as("every write's final outcome")
        .allMatch(r -> r.outcome() == ReplicationResult.Outcome.REPLICATED);
    assertThat(h.reissuedReplications())
        .as("writes answered only when re-issued after the member's death")
        .isPositive();
    for (Map.Entry<String, List<PlanSnapshot>> e : next.entrySet()) {
      assertThat(h.stateOf(e.getKey()))
          .as("replicated state of %s", e.getKey())
          .containsExactlyInAnyOrderElementsOf(e.getValue());
    }
  }

  private boolean allHeldWhereOwned() {
    for (ClusterNode n : nodes) {
      for (String owner : n.heldUsers().keySet()) {
        if (!n.address().equals(n.partitionOwnerOf(owner))) {
          return false;
        }
      }
    }
    return true;
  }
}
