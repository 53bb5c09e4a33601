package com.tradeplan.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The write rules of the replicated state, on a one-member cluster (the default setup). */
class ReplicationOnOneMemberTest {
  static final List<String> symbolEvents = new ArrayList<>();
  static ClusterNode node;

  @BeforeAll
  static void start() {
    node =
        ClusterNode.start(
            ClusterConfig.singleMember(),
            OwnershipListener.NONE,
            new MarketDataListener() {
              @Override
              public void onSymbolNeeded(String symbol) {
                synchronized (symbolEvents) {
                  symbolEvents.add("+" + symbol);
                }
              }

              @Override
              public void onSymbolDropped(String symbol) {
                synchronized (symbolEvents) {
                  symbolEvents.add("-" + symbol);
                }
              }
            });
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  private static PlanSnapshot plan(String owner, int i) {
    return SyntheticPlans.plan(owner, i, 1_000);
  }

  private static void awaitHeld(String owner) {
    Await.until(
        Duration.ofSeconds(20), () -> node.epochOf(owner) != null, () -> owner + " never held");
  }

  @Test
  void onlyForwardVersionsAreWrittenAndARetryOfTheSameWriteSucceeds() {
    PlanSnapshot v1 = plan("alice", 0);
    assertThat(node.addPlans("alice", List.of(v1)).ok()).isTrue();
    awaitHeld("alice");
    PlanSnapshot v2 = SyntheticPlans.next(v1);
    assertThat(node.replicate("alice", List.of(v2)).outcome())
        .isEqualTo(ReplicationResult.Outcome.REPLICATED);
    assertThat(node.replicate("alice", List.of(v2)).outcome())
        .as("the same write again (a retry after an indeterminate result)")
        .isEqualTo(ReplicationResult.Outcome.REPLICATED);
    assertThat(node.replicate("alice", List.of(v1)).outcome())
        .isEqualTo(ReplicationResult.Outcome.STALE_VERSION);
    PlanSnapshot otherV2 = SyntheticPlans.withVersion(v1, 2);
    otherV2 = otherV2.withStatus(PlanStatus.CANCELLED).withEndReason("conflict");
    assertThat(node.replicate("alice", List.of(otherV2)).outcome())
        .as("another content at the stored version")
        .isEqualTo(ReplicationResult.Outcome.STALE_VERSION);
    assertThat(node.stateOf("alice")).containsExactly(v2);
  }

  @Test
  void aBatchWithOneStaleSnapshotWritesNothing() {
    PlanSnapshot a = plan("bob", 0);
    PlanSnapshot b = plan("bob", 1);
    assertThat(node.addPlans("bob", List.of(a, b)).ok()).isTrue();
    awaitHeld("bob");
    assertThat(node.replicate("bob", List.of(SyntheticPlans.next(a))).ok()).isTrue();
    ReplicationResult r =
        node.replicate("bob", List.of(SyntheticPlans.next(b), SyntheticPlans.withVersion(a, 1)));
    assertThat(r.outcome()).isEqualTo(ReplicationResult.Outcome.STALE_VERSION);
    assertThat(node.stateOf("bob")).containsExactly(SyntheticPlans.next(a), b);
  }

  @Test
  void aMemberThatLostTheLeaseIsFencedAndMayNotSend() {
    PlanSnapshot v1 = plan("carol", 0);
    assertThat(node.addPlans("carol", List.of(v1)).ok()).isTrue();
    awaitHeld("carol");
    assertThat(node.guard().maySend("carol")).isTrue();
    // Another member (that this member's view does not contain) takes the lease, as after a
    // split where the other side won.
    UUID other = UUID.randomUUID();
    node.hazelcast()
        .<String, UserState>getMap(ClusterConfig.USERS_MAP)
        .executeOnKey(
            "carol", new UserProcessors.Acquire(other, "10.0.0.9:5701", Set.of(), Set.of()));
    ReplicationResult r = node.replicate("carol", List.of(SyntheticPlans.next(v1)));
    assertThat(r.outcome()).isEqualTo(ReplicationResult.Outcome.FENCED);
    assertThat(node.guard().recordBeforeSend("carol", List.of(SyntheticPlans.next(v1)))).isFalse();
    assertThat(node.stateOf("carol")).containsExactly(v1);
  }

  @Test
  void aBatchOfUsersGetsOneResultAndOneSendDecisionEach() {
    PlanSnapshot e1 = plan("erin", 0);
    PlanSnapshot f1 = plan("frank", 0);
    assertThat(node.addPlans("erin", List.of(e1)).ok()).isTrue();
    assertThat(node.addPlans("frank", List.of(f1)).ok()).isTrue();
    awaitHeld("erin");
    awaitHeld("frank");
    PlanSnapshot e2 = SyntheticPlans.next(e1);
    java.util.Map<String, List<PlanSnapshot>> batch = new java.util.LinkedHashMap<>();
    batch.put("erin", List.of(e2));
    batch.put("frank", List.of(SyntheticPlans.withVersion(f1, 0))); // stale: below v1
    batch.put("nobody", List.of(plan("nobody", 1)));
    java.util.Map<String, ReplicationResult> results = node.replicateAll(batch);
    assertThat(results.get("erin").outcome()).isEqualTo(ReplicationResult.Outcome.REPLICATED);
    assertThat(results.get("frank").outcome()).isEqualTo(ReplicationResult.Outcome.STALE_VERSION);
    assertThat(results.get("nobody").outcome()).isEqualTo(ReplicationResult.Outcome.NOT_HOLDER);
    assertThat(node.stateOf("erin")).containsExactly(e2);
    assertThat(node.stateOf("frank")).containsExactly(f1);
    assertThat(node.statesOf(Set.of("erin", "frank", "nobody")))
        .containsOnlyKeys("erin", "frank")
        .containsEntry("erin", List.of(e2));

    batch.put("erin", List.of(SyntheticPlans.next(e2)));
    batch.put("frank", List.of(SyntheticPlans.next(f1)));
    assertThat(node.guard().recordBeforeSendAll(batch))
        .containsEntry("erin", true)
        .containsEntry("frank", true)
        .containsEntry("nobody", false)
        .hasSize(3);
  }

  @Test
  void aUserNotHeldHereIsNeverSentFor() {
    assertThat(node.guard().maySend("nobody")).isFalse();
    assertThat(node.replicate("nobody", List.of(plan("nobody", 0))).outcome())
        .isEqualTo(ReplicationResult.Outcome.NOT_HOLDER);
  }

  @Test
  void symbolsAreNeededWhileAnUnfinishedPlanUsesThem() {
    PlanSnapshot p = plan("dave", 0);
    String symbol = p.plan().symbol();
    assertThat(node.addPlans("dave", List.of(p)).ok()).isTrue();
    awaitHeld("dave");
    Await.until(
        Duration.ofSeconds(10),
        () -> node.symbolsNeeded().contains(symbol),
        () -> symbol + " not needed: " + node.symbolsNeeded());
    PlanSnapshot done =
        p.withStatus(PlanStatus.CANCELLED).withEndReason("cancelled by the trader").withVersion(2);
    assertThat(node.replicate("dave", List.of(done)).ok()).isTrue();
    assertThat(node.symbolsNeeded()).doesNotContain(symbol);
    synchronized (symbolEvents) {
      assertThat(symbolEvents).containsSubsequence("+" + symbol, "-" + symbol);
    }
  }
}
