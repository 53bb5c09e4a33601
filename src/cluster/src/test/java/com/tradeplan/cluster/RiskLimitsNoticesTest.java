package com.tradeplan.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The push of a risk-limit change's number (docs/cluster.md, "Risk-limit changes"), two members in
 * one JVM: every member, the announcer too, hears it; a number announced again or after a higher
 * one never reaches a listener below a number it was already given; a listener that throws still
 * hears the next notice.
 */
class RiskLimitsNoticesTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final List<ClusterNode> nodes = new ArrayList<>();
  private final List<List<Long>> heard = new ArrayList<>();

  @AfterEach
  void stopAll() {
    nodes.parallelStream().forEach(ClusterNode::terminate);
  }

  private void startMembers(int count) {
    String name = "limits-" + UUID.randomUUID();
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ports.add(ClusterConfig.freePort("127.0.0.1"));
    }
    List<CompletableFuture<ClusterNode>> starting = new ArrayList<>();
    for (int port : ports) {
      ClusterConfig c = ClusterConfig.loopback(name, port, ports).withMinClusterSize(1);
      starting.add(
          CompletableFuture.supplyAsync(
              () -> ClusterNode.start(c, OwnershipListener.NONE, MarketDataListener.NONE)));
    }
    for (CompletableFuture<ClusterNode> f : starting) {
      ClusterNode n = f.join();
      List<Long> seqs = new CopyOnWriteArrayList<>();
      n.setRiskLimitsListener(seqs::add);
      nodes.add(n);
      heard.add(seqs);
    }
    Await.until(
        WAIT,
        () -> nodes.stream().allMatch(n -> n.clusterSize() == count),
        () -> "cluster of " + count);
  }

  @Test
  void everyMemberHearsTheNewestNumberAndNeverAnOlderOneAfterIt() {
    startMembers(2);
    nodes.get(0).announceRiskLimits(5);
    awaitEveryMemberHeard(5);
    // repeated, and older numbers after a newer one, from either member
    nodes.get(1).announceRiskLimits(5);
    nodes.get(0).announceRiskLimits(3);
    nodes.get(1).announceRiskLimits(1);
    nodes.get(0).announceRiskLimits(7);
    awaitEveryMemberHeard(7);
    for (List<Long> seqs : heard) {
      assertThat(seqs).isSortedAccordingTo(Long::compare).contains(5L, 7L).doesNotContain(1L, 3L);
    }
  }

  @Test
  void aListenerThatThrowsStillHearsTheNextNotice() {
    startMembers(2);
    List<Long> got = new CopyOnWriteArrayList<>();
    nodes
        .get(1)
        .setRiskLimitsListener(
            seq -> {
              got.add(seq);
              if (seq == 1) {
                throw new IllegalStateException("store down");
              }
            });
    nodes.get(0).announceRiskLimits(1);
    Await.until(WAIT, () -> got.contains(1L), () -> "notice 1 heard");
    nodes.get(0).announceRiskLimits(2);
    Await.until(WAIT, () -> got.contains(2L), () -> "notice 2 heard after the throw");
  }

  private void awaitEveryMemberHeard(long seq) {
    Await.until(
        WAIT,
        () -> heard.stream().allMatch(s -> s.contains(seq)),
        () -> "every member heard " + seq + ": " + heard);
  }
}
