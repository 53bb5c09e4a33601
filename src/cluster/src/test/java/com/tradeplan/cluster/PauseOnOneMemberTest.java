package com.tradeplan.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a member does when it notices it was paused (SIGSTOP, a long GC): every user stops at once,
 * nothing may send while the sessions are being stopped, and nothing is acquired again before the
 * quarantine ends. The pause is simulated through the same entry point the beat thread uses.
 */
class PauseOnOneMemberTest {
  static final int USERS = 20;
  static final Duration DEADLINE = Duration.ofSeconds(45);

  final AtomicReference<ClusterNode> node = new AtomicReference<>();
  final List<String> violations = Collections.synchronizedList(new ArrayList<>());
  final List<String> released = Collections.synchronizedList(new ArrayList<>());
  final Map<String, Long> acquiredAtNanos = new ConcurrentHashMap<>();

  @AfterEach
  void stop() {
    ClusterNode n = node.get();
    if (n != null) {
      n.terminate();
    }
  }

  private static String user(int i) {
    return "p" + i;
  }

  /**
   * Runs on the ownership thread in the middle of dropping every user: at that moment no user may
   * still be held, no guard may allow a send, and the member must not count as active (the
   * quarantine is already set).
   */
  private void onRelease(String owner) {
    ClusterNode n = node.get();
    for (int i = 0; i < USERS; i++) {
      String u = user(i);
      if (n.epochOf(u) != null) {
        violations.add("while releasing " + owner + ": " + u + " still held");
      }
      if (n.guard().maySend(u)) {
        violations.add("while releasing " + owner + ": maySend(" + u + ") was true");
      }
    }
    if (n.active()) {
      violations.add("while releasing " + owner + ": the member was still active");
    }
    acquiredAtNanos.remove(owner); // its next acquire is the one after the release
    released.add(owner);
  }

  private ClusterNode startWithUsers() {
    OwnershipListener listener =
        new OwnershipListener() {
          @Override
          public void onAcquire(String owner, long epoch, List<PlanSnapshot> state) {
            acquiredAtNanos.put(owner, System.nanoTime());
          }

          @Override
          public void onRelease(String owner) {
            PauseOnOneMemberTest.this.onRelease(owner);
          }
        };
    node.set(ClusterNode.start(ClusterConfig.singleMember(), listener, MarketDataListener.NONE));
    ClusterNode n = node.get();
    for (int i = 0; i < USERS; i++) {
      assertThat(n.addPlans(user(i), List.of(SyntheticPlans.plan(user(i), 0, 5))).ok()).isTrue();
    }
    Await.until(DEADLINE, () -> n.heldUsers().size() == USERS, () -> "held only " + n.heldUsers());
    return n;
  }

  @Test
  void aPauseStopsEveryUserBeforeAnyCallbackAndNothingIsTakenBackDuringTheQuarantine() {
    ClusterNode n = startWithUsers();
    Map<String, Long> epochsBefore = n.heldUsers();

    long pausedAt = System.nanoTime();
    n.pauses().notePause();
    boolean activeRightAfter = n.active();
    Await.until(DEADLINE, () -> released.size() == USERS, () -> "released only " + released.size());
    assertThat(violations).as("sends possible while the sessions were being stopped").isEmpty();
    assertThat(activeRightAfter).as("active right after a pause was noted").isFalse();
    long quarantineEnds = n.pauses().quarantineUntilNanos();
    assertThat(quarantineEnds).as("quarantine set after the pause").isGreaterThan(pausedAt);
    awaitEveryUserBackAfter(n, quarantineEnds, epochsBefore);
  }

  /**
   * Hazelcast resets its heartbeat timestamps (and so satisfies its split-brain protection) after a
   * wall-clock jump just as after a pause; the member must treat a step of the wall clock like one.
   */
  @Test
  void aWallClockStepIsHandledLikeAPause() {
    ClusterNode n = startWithUsers();
    Map<String, Long> epochsBefore = n.heldUsers();

    long steppedAt = System.nanoTime();
    n.pauses().wallClock = () -> System.currentTimeMillis() + 3_000;
    Await.until(DEADLINE, () -> released.size() == USERS, () -> "released only " + released.size());
    assertThat(violations).as("sends possible while the sessions were being stopped").isEmpty();
    long quarantineEnds = n.pauses().quarantineUntilNanos();
    assertThat(quarantineEnds).as("quarantine set after the step").isGreaterThan(steppedAt);
    awaitEveryUserBackAfter(n, quarantineEnds, epochsBefore);
  }

  private void awaitEveryUserBackAfter(
      ClusterNode n, long quarantineEnds, Map<String, Long> epochsBefore) {
    // After the quarantine the member (still the partition owner of everything) takes every user
    // back at a later epoch, and not one of them before the quarantine ended.
    // held first, then onAcquire runs (UserLeases): wait for both
    Await.until(
        DEADLINE,
        () -> n.heldUsers().size() == USERS && acquiredAtNanos.size() == USERS,
        () -> "re-acquired only " + n.heldUsers().size() + ", heard " + acquiredAtNanos.size());
    for (int i = 0; i < USERS; i++) {
      String u = user(i);
      assertThat(acquiredAtNanos.get(u) - quarantineEnds)
          .as("%s re-acquired after the quarantine", u)
          .isGreaterThanOrEqualTo(0);
      assertThat(n.epochOf(u)).isGreaterThan(epochsBefore.get(u));
    }
    assertThat(violations).isEmpty();
  }
}
