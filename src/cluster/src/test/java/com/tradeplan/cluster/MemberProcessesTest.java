package com.tradeplan.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.cluster.MemberProcess.Line;
import com.tradeplan.testkit.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Three member processes on loopback ({@link ClusterMemberMain}): a member killed with kill -9, a
 * member frozen with SIGSTOP (cut off from the others) and thawed, and seeded failover chaos. Every
 * run is checked with {@link ClusterLog#violations()}: one member per epoch, sends only by the
 * epoch's holder, the old owner never sends after the new one acquired, nothing acknowledged lost.
 */
class MemberProcessesTest {
  static final Duration SETTLE = Duration.ofSeconds(60);

  /** How long the majority has to carry on after a freeze, a re-merge of its own included. */
  static final Duration MAJORITY_WAIT = Duration.ofSeconds(150);

  static final Path BENCH = Path.of("target/cluster-benchmark.txt");

  final String clusterName = "procs-" + UUID.randomUUID().toString().substring(0, 8);
  final List<MemberProcess> members = new ArrayList<>();

  @AfterEach
  void killAll() {
    members.forEach(MemberProcess::close);
  }

  private void startCluster(int users, int plansPerUser, int writesPerSecond) {
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ports.add(ClusterConfig.freePort("127.0.0.1"));
    }
    for (int i = 0; i < 3; i++) {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "--users", Integer.toString(users),
                  "--plans-per-user", Integer.toString(plansPerUser),
                  "--writes-per-second", Integer.toString(writesPerSecond)));
      if (i == 0) {
        args.add("--seed-plans");
      }
      members.add(
          MemberProcess.start(
              "m" + i, clusterName, ports.get(i), ports, args.toArray(String[]::new)));
    }
    members.get(0).await(SETTLE, "SEEDED", l -> l.event().equals("SEEDED"));
    awaitOwnership(members, users);
    // Until every partition has its backup, a member's death loses state (partition lost):
    // the failures below start from a safe cluster.
    Await.until(
        SETTLE,
        () -> members.stream().allMatch(MemberProcessesTest::isSafe),
        () -> "cluster never safe");
  }

  private static boolean isSafe(MemberProcess m) {
    List<Line> safe = m.lines("SAFE");
    return !safe.isEmpty() && safe.get(safe.size() - 1).field(0).equals("true");
  }

  private void awaitOwnership(List<MemberProcess> alive, int users) {
    Await.until(
        SETTLE,
        () -> ClusterLog.ownershipProblem(alive, users) == null,
        () -> ClusterLog.ownershipProblem(alive, users));
  }

  private static long allowedSends(List<MemberProcess> ms, long afterMillis) {
    long n = 0;
    for (MemberProcess m : ms) {
      n +=
          m.lines("SEND").stream()
              .filter(l -> l.field(2).equals("true") && l.timeMillis() > afterMillis)
              .count();
    }
    return n;
  }

  private void awaitAllowedSends(List<MemberProcess> ms, long afterMillis, long count) {
    Await.until(
        SETTLE,
        () -> allowedSends(ms, afterMillis) >= count,
        () -> "only " + allowedSends(ms, afterMillis) + " allowed sends, wanted " + count);
  }

  /** The state every plan has in the cluster, read through {@code m}. */
  private static Map<String, Long> dump(MemberProcess m) {
    long before = System.currentTimeMillis();
    m.command("dump");
    m.await(SETTLE, "DUMPED", l -> l.event().equals("DUMPED") && l.timeMillis() >= before);
    Map<String, Long> state = new HashMap<>();
    for (Line l : m.lines("STATE")) {
      if (l.timeMillis() >= before) {
        state.put(l.field(1), Long.parseLong(l.field(2)));
      }
    }
    return state;
  }

  /**
   * Kills {@code victim} with kill -9 and returns the milliseconds until every user it held was
   * acquired by a survivor; checks ownership, the invariants and the replicated state.
   */
  private long killAndCheck(MemberProcess victim, int users, int plansPerUser) {
    List<MemberProcess> survivors = new ArrayList<>(members);
    survivors.remove(victim);
    long killedAt = System.currentTimeMillis();
    victim.kill9();
    Set<String> affected = ClusterLog.heldBy(victim, killedAt);
    assertThat(affected).as("users the victim held").isNotEmpty();
    awaitOwnership(survivors, users);
    long recoveredAt = 0;
    for (String u : affected) {
      long first = Long.MAX_VALUE;
      for (MemberProcess s : survivors) {
        for (Line l : s.lines("ACQUIRE")) {
          if (l.field(0).equals(u) && l.timeMillis() >= killedAt) {
            first = Math.min(first, l.timeMillis());
          }
        }
      }
      recoveredAt = Math.max(recoveredAt, first);
    }
    // The survivors keep trading the users they took over.
    awaitAllowedSends(survivors, recoveredAt, 40);
    long dumpFrom = System.currentTimeMillis();
    Map<String, Long> state = dump(survivors.get(0));
    ClusterLog log = new ClusterLog(members);
    assertThat(log.violations()).as("fencing invariants").isEmpty();
    assertThat(state).as("every plan replicated").hasSize(users * plansPerUser);
    // Every send printed before the dump began was replicated before it.
    log.maxAllowedVersions(dumpFrom)
        .forEach(
            (plan, v) ->
                assertThat(state.get(plan))
                    .as("replicated version of %s, sent up to %d", plan, v)
                    .isGreaterThanOrEqualTo(v));
    return recoveredAt - killedAt;
  }

  private static void record(String line) {
    try {
      Files.writeString(BENCH, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.out.println(line);
  }

  private static long percentile(List<Long> values, double p) {
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
  }

  @Test
  void usersOfAKilledMemberAreTakenOverWithNothingAcknowledgedLost() {
    int users = 250;
    int plansPerUser = 4;
    startCluster(users, plansPerUser, 100);
    long steadyFrom = System.currentTimeMillis();
    awaitAllowedSends(members, steadyFrom, 600);
    long steadyTo = System.currentTimeMillis();
    List<Long> latencies = new ClusterLog(members).sendLatenciesMicros(steadyFrom, steadyTo);
    MemberProcess victim = members.get(2);
    int held = ClusterLog.heldBy(victim, Long.MAX_VALUE).size();
    long recoveryMillis = killAndCheck(victim, users, plansPerUser);
    record(
        String.format(
            "kill -9 of 1 of 3 members, %d plans / %d users (%d users on the victim):"
                + " every affected user re-acquired after %d ms",
            users * plansPerUser, users, held, recoveryMillis));
    record(
        String.format(
            "replicate-then-check (1 snapshot, 1 sync backup, 3 member JVMs): n=%d p50=%d us"
                + " p99=%d us max=%d us",
            latencies.size(),
            percentile(latencies, 0.50),
            percentile(latencies, 0.99),
            percentile(latencies, 1.0)));
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {7, 20261125})
  void failoverChaosAtASeededMoment(long seed) {
    Random random = new Random(seed);
    int users = 75;
    int plansPerUser = 4;
    startCluster(users, plansPerUser, 60);
    long from = System.currentTimeMillis();
    awaitAllowedSends(members, from, 20 + random.nextInt(250));
    MemberProcess victim = members.get(random.nextInt(3));
    long recoveryMillis = killAndCheck(victim, users, plansPerUser);
    record(
        String.format(
            "chaos seed %d: kill -9 of %s, %d plans: re-acquired after %d ms",
            seed, victim.name, users * plansPerUser, recoveryMillis));
  }

  /**
   * SIGSTOP one member until the majority has taken its users over, SIGCONT: the thawed member
   * stops every session, acquires and sends nothing during its quarantine, merges back (under a new
   * member id) and takes users again; no send at a pre-freeze epoch. It once failed in CI with a
   * REPLICATED send at epoch 1 after another member acquired epoch 2, and ran only with
   * -Dtradeplan.chaos=true until the causes were fixed (docs/cluster.md, "Open: a send at an old
   * epoch after a split").
   *
   * <p>Runs in every build again (2026-12-03). In one clean-clone CI run of 2026-11-25 its fencing
   * checks held but the majority was late: about 6 s after the frozen member was removed the two
   * survivors suspected each other too (a backup promotion timed out, heartbeats between them
   * stalled), so for a while nobody had quorum and nobody traded (safe, not live) until they merged
   * again. It did not happen in 24 local runs since (12 of them with both cores kept busy by other
   * processes); docs/cluster.md records what is known. The majority is therefore given {@link
   * #MAJORITY_WAIT} to take the frozen member's users over and send for them (a merge of the two
   * survivors fits in it), and the test says so when the majority lost its quorum meanwhile; every
   * safety check is as strict as before.
   */
  @Test
  void aFrozenMemberStopsSendingAndTheMajorityCarriesOn() {
    int users = 60;
    startCluster(users, 2, 60);
    MemberProcess frozen = members.get(1);
    List<MemberProcess> majority = List.of(members.get(0), members.get(2));
    awaitAllowedSends(members, 0, 60);
    Set<String> frozenUsers = ClusterLog.heldBy(frozen, Long.MAX_VALUE);
    assertThat(frozenUsers).isNotEmpty();

    long stoppedAt = System.currentTimeMillis();
    frozen.signal("STOP");
    // The majority declares it dead and takes its users over; trading goes on there.
    Await.until(
        MAJORITY_WAIT,
        () -> {
          Set<String> taken = new java.util.HashSet<>();
          majority.forEach(m -> taken.addAll(ClusterLog.heldBy(m, Long.MAX_VALUE)));
          return taken.containsAll(frozenUsers);
        },
        () -> "the majority never took over " + frozenUsers);
    long takenOverAt = System.currentTimeMillis();
    Await.until(
        MAJORITY_WAIT,
        () ->
            majority.stream()
                .flatMap(m -> m.lines("SEND").stream())
                .anyMatch(
                    l ->
                        frozenUsers.contains(l.field(0))
                            && l.field(2).equals("true")
                            && l.timeMillis() > takenOverAt),
        () -> "the majority never sent for a user it took over");

    for (MemberProcess m : majority) {
      if (m.lines("QUORUM").stream()
          .anyMatch(l -> l.timeMillis() > stoppedAt && l.field(0).equals("false"))) {
        System.out.println(
            "SIGSTOP test: the majority member "
                + m.name
                + " lost its quorum after the freeze and took "
                + (takenOverAt - stoppedAt)
                + " ms to take the frozen member's users over (docs/cluster.md)");
      }
    }
    long resumedAt = System.currentTimeMillis();
    frozen.signal("CONT");
    // Thawed, it notices it was cut off, stops every session and sends nothing it lost.
    frozen.await(
        SETTLE,
        "RELEASE after the pause",
        l -> l.event().equals("RELEASE") && l.timeMillis() >= resumedAt);
    // It merges back (under a new member id, which Hazelcast gives a merging member) and, after
    // its quarantine, takes users again; the cluster settles on one owner per user.
    frozen.await(
        SETTLE,
        "ACQUIRE after merging back",
        l -> l.event().equals("ACQUIRE") && l.timeMillis() >= resumedAt);
    awaitOwnership(members, users);
    awaitAllowedSends(members, System.currentTimeMillis(), 60);
    ClusterLog log = new ClusterLog(members);
    assertThat(log.violations()).as("fencing invariants").isEmpty();
    // The quarantine begins after the thaw, so anything within it of SIGCONT is inside it.
    long quarantineEnd = resumedAt + quarantineMillis();
    assertThat(
            frozen.lines().stream()
                .filter(l -> l.timeMillis() >= resumedAt && l.timeMillis() < quarantineEnd)
                .filter(
                    l ->
                        l.event().equals("ACQUIRE")
                            || (l.event().equals("SEND") && l.field(2).equals("true")))
                .toList())
        .as("acquires or allowed sends of the thawed member during its quarantine")
        .isEmpty();
    List<Line> sendsAfterThaw =
        frozen.lines("SEND").stream()
            .filter(l -> l.timeMillis() >= resumedAt && l.field(2).equals("true"))
            .filter(l -> frozenUsers.contains(l.field(0)))
            .filter(
                l ->
                    ClusterLog.heldBy(frozen, resumedAt).contains(l.field(0))
                        && Long.parseLong(l.field(1)) <= epochBefore(frozen, l.field(0), resumedAt))
            .toList();
    assertThat(sendsAfterThaw).as("sends at a pre-freeze epoch after thawing").isEmpty();
    record(
        String.format(
            "SIGSTOP of 1 of 3 members (%d users on it): majority took them over after %d ms",
            frozenUsers.size(), takenOverAt - stoppedAt));
  }

  /** The quarantine after a detected pause (PauseDetector): failure detection + tolerance. */
  private static long quarantineMillis() {
    ClusterConfig c = ClusterConfig.singleMember();
    return c.maxNoHeartbeatSeconds() * 1_000L + c.heartbeatToleranceMillis();
  }

  private static long epochBefore(MemberProcess m, String user, long time) {
    long e = -1;
    for (Line l : m.lines("ACQUIRE")) {
      if (l.field(0).equals(user) && l.timeMillis() < time) {
        e = Long.parseLong(l.field(1));
      }
    }
    return e;
  }
}
