package com.tradeplan.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The users of one acquire pass reach the runtime in one {@link OwnershipListener#onAcquireAll}
 * call; a user the runtime could not take over is given back and acquired again at a new epoch.
 */
class AcquireBatchTest {
  @Test
  void oneCallPerPassAndAUserThatFailedIsGivenBackAndTakenAgain() {
    List<List<String>> batches = new CopyOnWriteArrayList<>();
    List<String> released = new CopyOnWriteArrayList<>();
    AtomicBoolean failBobOnce = new AtomicBoolean(true);
    OwnershipListener listener =
        new OwnershipListener() {
          @Override
          public void onAcquire(
              String owner, long epoch, List<com.tradeplan.domain.state.PlanSnapshot> state) {
            throw new AssertionError("the node calls onAcquireAll");
          }

          @Override
          public Set<String> onAcquireAll(List<Acquired> users) {
            List<String> owners = new ArrayList<>();
            users.forEach(a -> owners.add(a.owner() + "@" + a.epoch() + "/" + a.state().size()));
            batches.add(owners);
            boolean bob = users.stream().anyMatch(a -> a.owner().equals("bob"));
            return bob && failBobOnce.getAndSet(false) ? Set.of("bob") : Set.of();
          }

          @Override
          public void onRelease(String owner) {
            released.add(owner);
          }
        };
    ClusterNode node =
        ClusterNode.start(ClusterConfig.singleMember(), listener, MarketDataListener.NONE);
    try {
      // Three users with two plans each; a pass takes whichever it finds (one or several).
      for (String owner : List.of("alice", "bob", "carol")) {
        assertThat(
                node.addPlans(
                        owner,
                        List.of(
                            SyntheticPlans.plan(owner, 0, 10), SyntheticPlans.plan(owner, 1, 10)))
                    .ok())
            .isTrue();
      }
      Await.until(
          Duration.ofSeconds(20),
          // bob's first pass is held for a moment before it is given back: wait for the second
          () ->
              node.heldUsers().keySet().containsAll(Set.of("alice", "bob", "carol"))
                  && !released.isEmpty()
                  && batches.stream().mapToInt(List::size).sum() >= 4,
          () -> "held " + node.heldUsers() + ", released " + released + ", batches " + batches);
      assertThat(released).as("bob was given back once").containsExactly("bob");
      assertThat(node.epochOf("bob")).as("taken again at a new epoch").isEqualTo(2L);
      assertThat(node.epochOf("alice")).isEqualTo(1L);
      assertThat(batches.stream().mapToInt(List::size).sum())
          .as("alice and carol once, bob twice")
          .isEqualTo(4);
      assertThat(batches.stream().flatMap(List::stream))
          .allMatch(s -> s.endsWith("/2"), "every acquisition carries the user's two plans");
    } finally {
      node.stop();
    }
  }
}
