package com.tradeplan.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.testkit.Await;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rule-set deploy's barrier across three members in one JVM (docs/cluster.md, "Rule-set
 * deploys"): no member sees the new version as deployed (or as a canary) while any member is still
 * preparing it; one "not ready" and nothing switches; a member that dies while preparing is not
 * waited for; a canary covers only its users and a deploy ends it.
 */
class RuleSetDeployBarrierTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final List<ClusterNode> nodes = new ArrayList<>();
  private final List<Recorder> recorders = new ArrayList<>();

  /** A member's listener: records what it heard; {@code answer} decides what prepare says. */
  private static final class Recorder implements RuleSetListener {
    final List<String> heard = new CopyOnWriteArrayList<>();
    volatile IntFunction<String> answer = n -> null;

    @Override
    public String prepare(int number) {
      String a = answer.apply(number);
      heard.add("prepare " + number);
      return a;
    }

    @Override
    public void deployed(int number) {
      heard.add("deployed " + number);
    }
  }

  @AfterEach
  void stopAll() {
    nodes.parallelStream().forEach(ClusterNode::terminate);
  }

  private void startMembers(int count) {
    String name = "rules-" + UUID.randomUUID();
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ports.add(ClusterConfig.freePort("127.0.0.1"));
    }
    List<CompletableFuture<ClusterNode>> starting = new ArrayList<>();
    for (int port : ports) {
      ClusterConfig c = ClusterConfig.loopback(name, port, ports).withMinClusterSize(2);
      starting.add(
          CompletableFuture.supplyAsync(
              () -> ClusterNode.start(c, OwnershipListener.NONE, MarketDataListener.NONE)));
    }
    for (CompletableFuture<ClusterNode> f : starting) {
      ClusterNode n = f.join();
      Recorder r = new Recorder();
      n.setRuleSetListener(r);
      nodes.add(n);
      recorders.add(r);
    }
    Await.until(
        WAIT,
        () -> nodes.stream().allMatch(n -> n.clusterSize() == count && n.isClusterSafe()),
        () -> "cluster of " + count);
    nodes.get(0).seedDeployedRuleSet(1);
  }

  @Test
  void noMemberSeesTheVersionDeployedWhileAnotherStillPreparesIt() throws Exception {
    startMembers(3);
    CountDownLatch preparing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    recorders.get(2).answer =
        n -> {
          preparing.countDown();
          await(release);
          return null;
        };

    CompletableFuture<ClusterNode.RuleSetDeploy> deploy =
        CompletableFuture.supplyAsync(() -> nodes.get(0).deployRuleSet(2, WAIT));
    assertThat(preparing.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    Await.until(
        WAIT,
        () ->
            recorders.get(0).heard.contains("prepare 2")
                && recorders.get(1).heard.contains("prepare 2"),
        () -> "members 0 and 1 prepared");
    // Two of three are ready, the third still compiles: nobody uses version 2 yet.
    for (ClusterNode n : nodes) {
      assertThat(n.deployedRuleSet()).isEqualTo(OptionalInt.of(1));
      assertThat(n.ruleSetFor("alice")).isEqualTo(OptionalInt.of(1));
    }
    assertThat(deploy).isNotDone();

    release.countDown();
    ClusterNode.RuleSetDeploy d = deploy.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(d.switched()).isTrue();
    assertThat(d.answers()).hasSize(3).allSatisfy((m, a) -> assertThat(a).isEqualTo("ready"));
    for (int i = 0; i < 3; i++) {
      assertThat(nodes.get(i).deployedRuleSet()).isEqualTo(OptionalInt.of(2));
      Recorder r = recorders.get(i);
      Await.until(WAIT, () -> r.heard.contains("deployed 2"), () -> "switch heard " + r.heard);
      assertThat(r.heard.indexOf("prepare 2"))
          .as("prepared before it heard the switch: " + r.heard)
          .isNotNegative()
          .isLessThan(r.heard.indexOf("deployed 2"));
    }
  }

  @Test
  void oneMemberNotReadyAndNothingSwitches() {
    startMembers(3);
    recorders.get(1).answer = n -> "version " + n + " does not compile here";

    ClusterNode.RuleSetDeploy d = nodes.get(2).deployRuleSet(2, WAIT);

    assertThat(d.switched()).isFalse();
    assertThat(d.answers().values()).contains("version 2 does not compile here");
    for (ClusterNode n : nodes) {
      assertThat(n.deployedRuleSet()).isEqualTo(OptionalInt.of(1));
    }
    ClusterNode.RuleSetDeploy c =
        nodes
            .get(2)
            .deployRuleSetCanary(
                new RuleSetCanary(2, List.of("alice"), "sam", Instant.now()), WAIT);
    assertThat(c.switched()).isFalse();
    assertThat(nodes.get(0).ruleSetCanary()).isEmpty();
  }

  @Test
  void aMemberThatDiesWhilePreparingIsNotWaitedFor() throws Exception {
    startMembers(3);
    CountDownLatch preparing = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    recorders.get(2).answer =
        n -> {
          preparing.countDown();
          await(never);
          return null;
        };
    CompletableFuture<ClusterNode.RuleSetDeploy> deploy =
        CompletableFuture.supplyAsync(() -> nodes.get(0).deployRuleSet(2, WAIT));
    assertThat(preparing.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

    ClusterNode dead = nodes.remove(2);
    dead.terminate();
    never.countDown();

    ClusterNode.RuleSetDeploy d = deploy.get(WAIT.toSeconds() * 2, TimeUnit.SECONDS);
    assertThat(d.switched()).as(d.answers().toString()).isTrue();
    assertThat(d.answers().values())
        .containsExactlyInAnyOrder("ready", "ready", RuleSetDeployments.LEFT);
    assertThat(nodes.get(1).deployedRuleSet()).isEqualTo(OptionalInt.of(2));
  }

  @Test
  void aCanaryCoversItsUsersOnEveryMemberAndADeployEndsIt() {
    startMembers(3);
    ClusterNode.RuleSetDeploy c =
        nodes
            .get(1)
            .deployRuleSetCanary(
                new RuleSetCanary(3, List.of("bob", "alice"), "sam", Instant.now()), WAIT);
    assertThat(c.switched()).isTrue();
    for (int i = 0; i < 3; i++) {
      ClusterNode n = nodes.get(i);
      assertThat(recorders.get(i).heard).contains("prepare 3");
      assertThat(n.ruleSetCanary().orElseThrow().users()).containsExactly("alice", "bob");
      assertThat(n.ruleSetFor("alice")).isEqualTo(OptionalInt.of(3));
      assertThat(n.ruleSetFor("bob")).isEqualTo(OptionalInt.of(3));
      assertThat(n.ruleSetFor("carol")).as("not in the canary").isEqualTo(OptionalInt.of(1));
      assertThat(n.deployedRuleSet()).isEqualTo(OptionalInt.of(1));
    }

    nodes.get(2).endRuleSetCanary();
    for (ClusterNode n : nodes) {
      assertThat(n.ruleSetFor("alice")).as("aborted").isEqualTo(OptionalInt.of(1));
    }

    assertThat(
            nodes
                .get(0)
                .deployRuleSetCanary(
                    new RuleSetCanary(3, List.of("alice"), "sam", Instant.now()), WAIT)
                .switched())
        .isTrue();
    assertThat(nodes.get(0).deployRuleSet(4, WAIT).switched()).isTrue();
    for (ClusterNode n : nodes) {
      assertThat(n.ruleSetCanary()).as("a deploy ends the canary").isEmpty();
      assertThat(n.ruleSetFor("alice")).isEqualTo(OptionalInt.of(4));
      assertThat(n.ruleSetFor("carol")).isEqualTo(OptionalInt.of(4));
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
