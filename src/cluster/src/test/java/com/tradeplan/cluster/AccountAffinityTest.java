package com.tradeplan.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Account affinity with real Hazelcast members in one JVM (docs/cluster.md, "Account affinity"):
 * every user of one account runs on the member owning the account's partition, after a member
 * leaves or dies and after a user moves to another account; a user with unfinished plans does not
 * move; at no moment do two members have the right to send for one user, and every user with
 * unfinished plans is run by one member once the cluster settles.
 *
 * <p>The tests (and the churn's seeds) share one cluster: starting members was much of their time.
 * Each begins with at least three members (topping up what an earlier one left), with users of its
 * own names; {@link #rights} watches every member from its start, so an overlap of send rights in
 * any test fails the next check. A test that fails leaves the next one a fresh cluster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountAffinityTest {
  static final Duration DEADLINE = Duration.ofSeconds(45);
  static final List<String> ACCOUNTS = List.of("DU1", "DU2", "DU3", "DU4");

  final SendRights rights = new SendRights();
  final Map<String, ClusterNode> nodes = Collections.synchronizedMap(new LinkedHashMap<>());
  final String clusterName = "aff-" + UUID.randomUUID();
  final List<Integer> ports = Collections.synchronizedList(new ArrayList<>());

  /** user -> account its plans are for (what the test placed it in). */
  final Map<String, String> accountOf = new ConcurrentSkipListMap<>();

  /** user -> whether it has unfinished plans. */
  final Map<String, Boolean> live = new TreeMap<>();

  /** Set when a test ends normally; else its cluster is stopped and the next starts afresh. */
  boolean sound;

  @BeforeEach
  void atLeastThreeMembers() {
    sound = false;
    accountOf.clear();
    live.clear();
    startMembers(Math.max(0, 3 - nodes.size()));
  }

  @AfterEach
  void stopUnlessSound() {
    if (!sound) {
      stopAll();
    }
  }

  @AfterAll
  void stopAll() {
    List<ClusterNode> all = List.copyOf(nodes.values());
    nodes.clear();
    all.parallelStream().forEach(ClusterNode::terminate);
  }

  private void startMembers(int count) {
    List<Integer> mine = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      mine.add(ClusterConfig.freePort("127.0.0.1"));
    }
    ports.addAll(mine);
    mine.stream()
        .map(
            p ->
                CompletableFuture.runAsync(
                    () -> {
                      ClusterConfig c =
                          ClusterConfig.loopback(clusterName, p, List.copyOf(ports))
                              .withMinClusterSize(2);
                      ClusterNode n =
                          ClusterNode.start(
                              c, rights.listenerFor("m" + p), MarketDataListener.NONE);
                      nodes.put("m" + p, n);
                    }))
        .toList()
        .forEach(CompletableFuture::join);
  }

  private ClusterNode any() {
    return List.copyOf(nodes.values()).get(0);
  }

  private static PlanSnapshot plan(String owner, int index, String account) {
    return SyntheticPlans.plan(owner, index, 3).withAccount(account);
  }

  private void addUser(String owner, String account) {
    ReplicationResult r = any().addPlans(owner, List.of(plan(owner, 0, account)));
    assertThat(r.ok()).as("add %s: %s", owner, r).isTrue();
    accountOf.put(owner, account);
    live.put(owner, true);
  }

  /** The members holding {@code owner} now. */
  private List<String> holdersOf(String owner) {
    List<String> h = new ArrayList<>();
    List.copyOf(nodes.values())
        .forEach(
            n -> {
              if (n.epochOf(owner) != null) {
                h.add(n.address());
              }
            });
    return h;
  }

  /**
   * Null when every user is held by exactly one member, the owner of its account's partition, and
   * every user of one account by the same member; else what is wrong.
   */
  private String affinityProblem() {
    Map<String, String> memberOfAccount = new HashMap<>();
    for (Map.Entry<String, String> e : accountOf.entrySet()) {
      String owner = e.getKey();
      List<String> holders = holdersOf(owner);
      if (holders.size() != 1) {
        return owner + " held by " + holders;
      }
      String partitionOwner = any().partitionOwnerOf(owner);
      if (!holders.get(0).equals(partitionOwner)) {
        return owner + " held by " + holders + ", its partition's owner is " + partitionOwner;
      }
      String before = memberOfAccount.putIfAbsent(e.getValue(), holders.get(0));
      if (before != null && !before.equals(holders.get(0))) {
        return "account " + e.getValue() + " runs on " + before + " and " + holders.get(0);
      }
    }
    return null;
  }

  private void awaitAffinity() {
    Await.until(
        DEADLINE,
        () ->
            List.copyOf(nodes.values()).stream().allMatch(ClusterNode::isLocalMemberSafe)
                && affinityProblem() == null,
        () -> "cluster safe and " + affinityProblem());
    assertThat(rights.violations()).as("overlapping send rights").isEmpty();
  }

  /** Ends every plan of {@code owner} (replicated from its holder as INACTIVE). */
  private void endPlans(String owner) {
    Await.until(DEADLINE, () -> holdersOf(owner).size() == 1, () -> owner + " has no holder");
    ClusterNode holder =
        List.copyOf(nodes.values()).stream()
            .filter(n -> n.epochOf(owner) != null)
            .findFirst()
            .orElseThrow();
    List<PlanSnapshot> ended = new ArrayList<>();
    for (PlanSnapshot s : holder.stateOf(owner)) {
      ended.add(SyntheticPlans.next(s).withStatus(PlanStatus.INACTIVE));
    }
    assertThat(holder.replicate(owner, ended).ok()).isTrue();
    live.put(owner, false);
  }

  @Test
  void usersOfOneAccountRunOnOneMemberThroughLeaveCrashAndRelink() {
    for (int u = 0; u < 12; u++) {
      addUser("u" + u, ACCOUNTS.get(u % ACCOUNTS.size()));
    }
    awaitAffinity();

    ClusterNode leaving = any();
    nodes.values().remove(leaving);
    leaving.stop();
    awaitAffinity();

    startMembers(1);
    awaitAffinity();
    ClusterNode crashing = any();
    nodes.values().remove(crashing);
    rights.memberDied("m" + crashing.address().substring(crashing.address().indexOf(':') + 1));
    crashing.terminate();
    awaitAffinity();

    // u0 (DU1) with a live plan does not move to DU2: its plan runs where it is.
    ClusterNode.Placement refused = any().place("u0", "DU2");
    assertThat(refused.placed()).isFalse();
    assertThat(refused.reason())
        .isEqualTo(
            "user u0 has 1 unfinished plan(s) in account DU1: it moves to account DU2 once they"
                + " have ended");
    awaitAffinity();

    // Once its plan has ended it moves, and runs with DU2's users; its old entry is sealed, so
    // the member that held it there can write nothing more for it.
    endPlans("u0");
    assertThat(any().place("u0", "DU2").placed()).isTrue();
    accountOf.put("u0", "DU2");
    awaitAffinity();
    assertThat(any().entryOf("u0").sealedTo()).isNull();
    assertThat(any().hazelcast().<String, UserState>getMap(ClusterConfig.USERS_MAP).get("u0@DU1"))
        .extracting(UserState::sealedTo)
        .isEqualTo("u0@DU2");
    UserState sealed =
        any().hazelcast().<String, UserState>getMap(ClusterConfig.USERS_MAP).get("u0@DU1");
    String stale =
        any()
            .hazelcast()
            .<String, UserState>getMap(ClusterConfig.USERS_MAP)
            .executeOnKey(
                "u0@DU1",
                new UserProcessors.Replicate(
                    sealed.holder() == null ? UUID.randomUUID() : sealed.holder(),
                    sealed.epoch(),
                    List.of(plan("u0", 1, "DU1"))));
    assertThat(stale).startsWith(UserProcessors.FENCED);

    // A new plan for DU2 joins u0 there; and u0 moves back to DU1 later like any move.
    assertThat(any().addPlans("u0", List.of(plan("u0", 2, "DU2"))).ok()).isTrue();
    live.put("u0", true);
    awaitAffinity();
    endPlans("u0");
    assertThat(any().place("u0", "DU1").placed()).isTrue();
    accountOf.put("u0", "DU1");
    awaitAffinity();
    sound = true;
  }

  /**
   * Seeded: random moves of users between accounts (some refused because their plans are live),
   * plans ending and starting, members joining, leaving and dying. A sampler asks every member's
   * guard about every user all along: never two allowed at once. After each step the cluster
   * settles with every user on its account's member.
   */
  @Test
  void randomMovesAndMemberChurnKeepOneSenderPerUser() {
    for (long seed : new long[] {7, 20261205}) {
      accountOf.clear();
      live.clear();
      startMembers(Math.max(0, 3 - nodes.size()));
      runChurn(seed);
    }
    sound = true;
  }

  private void runChurn(long seed) {
    Random r = new Random(seed);
    String prefix = "c" + seed + "-";
    for (int u = 0; u < 10; u++) {
      addUser(prefix + u, ACCOUNTS.get(r.nextInt(ACCOUNTS.size())));
    }
    awaitAffinity();
    AtomicBoolean sampling = new AtomicBoolean(true);
    List<String> doubleRights = Collections.synchronizedList(new ArrayList<>());
    Thread sampler = new Thread(() -> sample(sampling, doubleRights), "affinity-sampler");
    sampler.start();
    int nextPlan = 10;
    try {
      for (int step = 0; step < 12; step++) {
        String owner = prefix + r.nextInt(10);
        int action = r.nextInt(10);
        if (action < 4) {
          String to = ACCOUNTS.get(r.nextInt(ACCOUNTS.size()));
          ClusterNode.Placement p = any().place(owner, to);
          boolean mustMove = !live.get(owner) || to.equals(accountOf.get(owner));
          assertThat(p.placed())
              .as("seed %d step %d: %s to %s: %s", seed, step, owner, to, p)
              .isEqualTo(mustMove);
          if (p.placed()) {
            accountOf.put(owner, to);
          }
        } else if (action < 6) {
          if (live.get(owner)) {
            endPlans(owner);
          } else {
            ReplicationResult added =
                any().addPlans(owner, List.of(plan(owner, nextPlan++, accountOf.get(owner))));
            assertThat(added.ok()).as("seed %d step %d: add to %s", seed, step, owner).isTrue();
            live.put(owner, true);
          }
        } else if (action < 7 && nodes.size() > 2) {
          ClusterNode leaving = List.copyOf(nodes.values()).get(r.nextInt(nodes.size()));
          nodes.values().remove(leaving);
          leaving.stop();
        } else if (action < 8 && nodes.size() > 2) {
          ClusterNode dying = List.copyOf(nodes.values()).get(r.nextInt(nodes.size()));
          nodes.values().remove(dying);
          rights.memberDied("m" + dying.address().substring(dying.address().indexOf(':') + 1));
          dying.terminate();
        } else if (nodes.size() < 4) {
          startMembers(1);
        }
        awaitAffinity();
        for (String u : live.keySet()) {
          if (live.get(u)) {
            assertThat(holdersOf(u)).as("seed %d step %d: holders of %s", seed, step, u).hasSize(1);
          }
        }
      }
    } finally {
      sampling.set(false);
    }
    assertThat(doubleRights).as("seed %d: users two guards allowed at once", seed).isEmpty();
    assertThat(rights.violations()).as("seed %d", seed).isEmpty();
  }

  /** Reads every guard about every user; a user two guards allow, read in both orders, is noted. */
  private void sample(AtomicBoolean sampling, List<String> doubleRights) {
    while (sampling.get()) {
      for (String owner : Set.copyOf(accountOf.keySet())) {
        List<ClusterNode> allowed =
            List.copyOf(nodes.values()).stream().filter(n -> n.guard().maySend(owner)).toList();
        if (allowed.size() > 1) {
          List<ClusterNode> reversed = new ArrayList<>(allowed);
          Collections.reverse(reversed);
          if (reversed.stream().filter(n -> n.guard().maySend(owner)).count() > 1) {
            doubleRights.add(owner);
          }
        }
      }
    }
  }
}
