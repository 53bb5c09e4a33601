package com.tradeplan.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.cluster.MemberProcess.Line;
import com.tradeplan.testkit.Await;
import com.tradeplan.testkit.BenchRecord;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Three member processes on loopback ({@link ClusterMemberMain}): a member killed with kill -9, a
 * member frozen with SIGSTOP (cut off from the others) and thawed, and seeded failover chaos. Every
 * run is checked with {@link ClusterLog#violations()}: one member per epoch, sends only by the
 * epoch's holder, the old owner never sends after the new one acquired, nothing acknowledged lost.
 *
 * <p>The kill -9 tests share one cluster ({@link #killCluster}, 1,000 plans of 250 users): starting
 * three member JVMs and seeding them was most of each test's time. Each test finds three live
 * members: a member an earlier test killed is replaced by a new process that joins the running
 * cluster, and the test begins once every user is held once and every member is safe again, as
 * after a fresh start. The checks read the lines of every process the cluster ever had, so the
 * fencing invariants hold across the tests too. A test that fails closes the shared cluster; the
 * next one starts a fresh one. The SIGSTOP test runs last, on a cluster of its own, once the shared
 * one is closed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MemberProcessesTest {
  static final Duration SETTLE = Duration.ofSeconds(60);

  /**
   * How long a member JVM may take to start Hazelcast (READY). On two cores shared with other
   * builds this alone took 40-55 s; what the tests check is timed from READY on, with {@link
   * #SETTLE}.
   */
  static final Duration START_UP = Duration.ofSeconds(120);

  /** How long the majority has to carry on after a freeze, a re-merge of its own included. */
  static final Duration MAJORITY_WAIT = Duration.ofSeconds(150);

  static final Path BENCH = Path.of("target/cluster-benchmark.txt");

  /**
   * The measurements' file in the results folder of {@code ./tradeplan bench cluster} ({@link
   * BenchRecord}, one JSON line each, after the run's checks passed; nothing without it).
   */
  static final String BENCH_FILE = "cluster.jsonl";

  /** The workload of the kill -9 tests' shared cluster. */
  static final int KILL_USERS = 250;

  static final int KILL_PLANS_PER_USER = 4;
  static final int KILL_WRITES_PER_SECOND = 100;

  /** The kill -9 tests' cluster; null until the first of them starts it (or after a failure). */
  static SharedCluster killCluster;

  /** This test's processes, every one it had (killed ones too): what its checks read. */
  List<MemberProcess> members = new ArrayList<>();

  /** This test's live processes, in start order. */
  List<MemberProcess> alive = new ArrayList<>();

  /** Processes this test started for itself alone (the SIGSTOP test): closed after it. */
  final List<MemberProcess> own = new ArrayList<>();

  /** Whether this test uses {@link #killCluster}. */
  boolean onKillCluster;

  /** Set when a test on the shared cluster ends normally; else that cluster is closed. */
  boolean sharedClusterSound;

  @AfterEach
  void killAll() {
    own.forEach(MemberProcess::close);
    if (onKillCluster && !sharedClusterSound) {
      closeKillCluster();
    }
  }

  @AfterAll
  static void closeKillCluster() {
    if (killCluster != null) {
      killCluster.all.forEach(MemberProcess::close);
      killCluster = null;
    }
  }

  /** A cluster shared by tests: its name, every process it had, the live ones. */
  static final class SharedCluster {
    final String name = "procs-" + UUID.randomUUID().toString().substring(0, 8);
    final List<MemberProcess> all = new ArrayList<>();
    final List<MemberProcess> alive = new ArrayList<>();
  }

  private static List<String> workloadArgs(int users, int plansPerUser, int writesPerSecond) {
    return new ArrayList<>(
        List.of(
            "--users", Integer.toString(users),
            "--plans-per-user", Integer.toString(plansPerUser),
            "--writes-per-second", Integer.toString(writesPerSecond)));
  }

  /**
   * Three fresh members of a cluster named {@code clusterName}, seeded, owning, safe; each is added
   * to {@code started} as it starts (so that it is closed whatever happens next).
   */
  private void startCluster(
      String clusterName,
      List<MemberProcess> started,
      int users,
      int plansPerUser,
      int writesPerSecond) {
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ports.add(ClusterConfig.freePort("127.0.0.1"));
    }
    for (int i = 0; i < 3; i++) {
      List<String> args = workloadArgs(users, plansPerUser, writesPerSecond);
      if (i == 0) {
        args.add("--seed-plans");
      }
      started.add(
          MemberProcess.start(
              "m" + i, clusterName, ports.get(i), ports, args.toArray(String[]::new)));
    }
    for (MemberProcess m : started) {
      m.await(START_UP, "READY", l -> l.event().equals("READY"));
    }
    started.get(0).await(SETTLE, "SEEDED", l -> l.event().equals("SEEDED"));
    awaitOwnership(started, users);
    awaitSafe(started);
  }

  /**
   * For a liveness wait that failed: each member's cluster threads now and its last log lines. The
   * survivors of a freeze once split and their merge stalled (docs/cluster.md, "the majority split
   * after a freeze"); the dumps say what the join or merge was waiting for, and the log lines
   * (Hazelcast's cluster package logs at debug in these processes) whether the master ignored the
   * join and why.
   */
  private static String stalled(List<MemberProcess> ms) {
    StringBuilder b = new StringBuilder();
    for (MemberProcess m : ms) {
      b.append("\n--- threads of ").append(m.name).append(" ---\n").append(m.clusterThreads());
      b.append('\n').append(m.describe());
    }
    return b.toString();
  }

  /** Until every partition has its backup, a member's death loses state (partition lost). */
  private static void awaitSafe(List<MemberProcess> ms) {
    Await.until(
        SETTLE,
        () -> ms.stream().allMatch(MemberProcessesTest::isSafe),
        () -> "cluster never safe");
  }

  /**
   * The kill -9 tests' cluster with three live members, owning every user and safe: started on
   * first use; a member an earlier test killed is replaced by a new process joining it.
   */
  private void useKillCluster() {
    onKillCluster = true;
    if (killCluster == null) {
      SharedCluster c = new SharedCluster();
      killCluster = c;
      startCluster(c.name, c.all, KILL_USERS, KILL_PLANS_PER_USER, KILL_WRITES_PER_SECOND);
      c.alive.addAll(c.all);
    }
    SharedCluster c = killCluster;
    members = c.all;
    alive = c.alive;
    while (alive.size() < 3) {
      // Its member list names the live members and itself: it joins them; they need not know it.
      int port = ClusterConfig.freePort("127.0.0.1");
      List<Integer> ports = new ArrayList<>();
      alive.forEach(m -> ports.add(m.port));
      ports.add(port);
      MemberProcess joining =
          MemberProcess.start(
              "m" + c.all.size(),
              c.name,
              port,
              ports,
              workloadArgs(KILL_USERS, KILL_PLANS_PER_USER, KILL_WRITES_PER_SECOND)
                  .toArray(String[]::new));
      c.all.add(joining);
      alive.add(joining);
      joining.await(START_UP, "READY", l -> l.event().equals("READY"));
      // Partitions migrate to it and it takes their users over: the cluster is whole again.
      joining.await(SETTLE, "its first ACQUIRE", l -> l.event().equals("ACQUIRE"));
    }
    awaitOwnership(alive, KILL_USERS);
    awaitSafe(alive);
  }

  private static boolean isSafe(MemberProcess m) {
    Line safe = m.last("SAFE");
    return safe != null && safe.field(0).equals("true");
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
    List<MemberProcess> survivors = new ArrayList<>(alive);
    survivors.remove(victim);
    long killedAt = System.currentTimeMillis();
    victim.kill9();
    alive.remove(victim);
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
  @Order(1)
  void usersOfAKilledMemberAreTakenOverWithNothingAcknowledgedLost() {
    useKillCluster();
    long steadyFrom = System.currentTimeMillis();
    awaitAllowedSends(alive, steadyFrom, 600);
    long steadyTo = System.currentTimeMillis();
    List<Long> latencies = new ClusterLog(alive).sendLatenciesMicros(steadyFrom, steadyTo);
    MemberProcess victim = alive.get(alive.size() - 1);
    int held = ClusterLog.heldBy(victim, Long.MAX_VALUE).size();
    long recoveryMillis = killAndCheck(victim, KILL_USERS, KILL_PLANS_PER_USER);
    record(
        String.format(
            "kill -9 of 1 of 3 members, %d plans / %d users (%d users on the victim):"
                + " every affected user re-acquired after %d ms",
            KILL_USERS * KILL_PLANS_PER_USER, KILL_USERS, held, recoveryMillis));
    record(
        String.format(
            "replicate-then-check (1 snapshot, 1 sync backup, 3 member JVMs): n=%d p50=%d us"
                + " p99=%d us max=%d us",
            latencies.size(),
            percentile(latencies, 0.50),
            percentile(latencies, 0.99),
            percentile(latencies, 1.0)));
    BenchRecord.append(
        BENCH_FILE,
        Map.of(
            "test", "memberKill",
            "plans", KILL_USERS * KILL_PLANS_PER_USER,
            "users", KILL_USERS,
            "victimUsers", held,
            "recoveryMs", recoveryMillis));
    BenchRecord.append(
        BENCH_FILE,
        Map.of(
            "test", "replicatedWrite",
            "n", latencies.size(),
            "p50Us", percentile(latencies, 0.50),
            "p99Us", percentile(latencies, 0.99),
            "maxUs", percentile(latencies, 1.0)));
    sharedClusterSound = true;
  }

  @ParameterizedTest(name = "seed {0}")
  @Order(2)
  @ValueSource(longs = {7, 20261125})
  void failoverChaosAtASeededMoment(long seed) {
    Random random = new Random(seed);
    useKillCluster();
    long from = System.currentTimeMillis();
    awaitAllowedSends(alive, from, 20 + random.nextInt(250));
    MemberProcess victim = alive.get(random.nextInt(3));
    long recoveryMillis = killAndCheck(victim, KILL_USERS, KILL_PLANS_PER_USER);
    record(
        String.format(
            "chaos seed %d: kill -9 of %s, %d plans: re-acquired after %d ms",
            seed, victim.name, KILL_USERS * KILL_PLANS_PER_USER, recoveryMillis));
    BenchRecord.append(
        BENCH_FILE,
        Map.of(
            "test",
            "memberChaos",
            "seed",
            seed,
            "plans",
            KILL_USERS * KILL_PLANS_PER_USER,
            "recoveryMs",
            recoveryMillis));
    sharedClusterSound = true;
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
   *
   * <p>Cause found 2026-12-06 (docs/cluster.md, "The majority split after a freeze"): a survivor's
   * new connection to the frozen member made Hazelcast's IO thread spin on the unified port and
   * starve the survivors' own connection. The member port is a member-only endpoint since; {@link
   * SilentPeerTest} checks that directly.
   */
  @Test
  @Order(3)
  void aFrozenMemberStopsSendingAndTheMajorityCarriesOn() {
    int users = 60;
    // The kill tests' members would take the cores this cluster's start and its timing need.
    closeKillCluster();
    members = own;
    startCluster("procs-" + UUID.randomUUID().toString().substring(0, 8), own, users, 2, 60);
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
        () -> "the majority never took over " + frozenUsers + stalled(majority));
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
        () -> "the majority never sent for a user it took over" + stalled(majority));

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
    BenchRecord.append(
        BENCH_FILE,
        Map.of(
            "test",
            "memberFreeze",
            "frozenUsers",
            frozenUsers.size(),
            "takenOverMs",
            takenOverAt - stoppedAt));
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
