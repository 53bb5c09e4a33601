package com.tradeplan.cluster;

import com.tradeplan.domain.state.PlanSnapshot;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A cluster member with a synthetic workload, for the multi-process tests ({@link
 * MemberProcessesTest}, through {@link MemberProcess}) and for trying the cluster out by hand
 * (docs/cluster.md, "Running a local cluster"). Test code: it is not in the cluster's jar. No
 * engine, no broker: each acquired user's plans are "traded" by replicating the next version of one
 * plan at a time through {@link ClusterGuard#recordBeforeSend}, exactly as the runtime does before
 * sending an order.
 *
 * <pre>
 * TRADEPLAN_CLUSTER_MEMBERS=127.0.0.1:5701,127.0.0.1:5702,127.0.0.1:5703 TRADEPLAN_CLUSTER_PORT=5701 \
 *   java [--add-opens flags] -cp ... com.tradeplan.cluster.ClusterMemberMain \
 *   --users 250 --plans-per-user 4 --writes-per-second 50 --seed-plans
 * </pre>
 *
 * <p>Every event is one line on stdout, {@code <epochMillis> <EVENT> <fields>}:
 *
 * <ul>
 *   <li>{@code READY <address> <memberUuid>}
 *   <li>{@code ACQUIRE <owner> <epoch> <planId>@<version>,...}
 *   <li>{@code RELEASE <owner>}
 *   <li>{@code SEND <owner> <epoch> <allowed> <outcome> <planId> <version> <latencyMicros>},
 *       stamped with the moment the guard checked the right to send ({@link
 *       SendDecision#timeMillis}), not when printed
 *   <li>{@code SYMBOL+ <symbol>} / {@code SYMBOL- <symbol>}
 *   <li>{@code QUORUM <true|false>} when split-brain protection changes
 *   <li>{@code SAFE <true|false>} when Hazelcast's "every partition this member holds has its
 *       backups in sync" changes
 *   <li>after the command {@code dump} on stdin: {@code STATE <owner> <planId> <version>} per plan,
 *       then {@code DUMPED}; the command {@code stop} leaves gracefully and exits.
 * </ul>
 *
 * Hazelcast's own logging goes to stderr.
 */
public final class ClusterMemberMain {
  private ClusterMemberMain() {}

  private static void out(String event) {
    out(System.currentTimeMillis(), event);
  }

  /** A line stamped {@code timeMillis}: lines need not come out in the order of their stamps. */
  private static synchronized void out(long timeMillis, String event) {
    System.out.println(timeMillis + " " + event);
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--seed-plans")) {
        opts.put(a, "true");
      } else if (a.startsWith("--") && i + 1 < args.length) {
        opts.put(a, args[++i]);
      } else {
        System.err.println("unknown argument " + a);
        System.exit(2);
      }
    }
    int users = Integer.parseInt(opts.getOrDefault("--users", "20"));
    int plansPerUser = Integer.parseInt(opts.getOrDefault("--plans-per-user", "3"));
    int writesPerSecond = Integer.parseInt(opts.getOrDefault("--writes-per-second", "20"));
    int symbols = Integer.parseInt(opts.getOrDefault("--symbols", "10"));
    boolean seed = opts.containsKey("--seed-plans");

    Map<String, Map<String, PlanSnapshot>> mine = new ConcurrentHashMap<>();
    OwnershipListener listener =
        new OwnershipListener() {
          @Override
          public void onAcquire(String owner, long epoch, List<PlanSnapshot> state) {
            Map<String, PlanSnapshot> plans = new ConcurrentHashMap<>();
            List<String> versions = new ArrayList<>();
            for (PlanSnapshot s : state) {
              plans.put(s.planId(), s);
              versions.add(s.planId() + "@" + s.version());
            }
            mine.put(owner, plans);
            out("ACQUIRE " + owner + " " + epoch + " " + String.join(",", versions));
          }

          @Override
          public void onRelease(String owner) {
            mine.remove(owner);
            out("RELEASE " + owner);
          }

          @Override
          public void onPlansAdded(String owner, List<PlanSnapshot> plans) {
            Map<String, PlanSnapshot> m = mine.get(owner);
            if (m != null) {
              plans.forEach(p -> m.put(p.planId(), p));
            }
            List<String> ids = new ArrayList<>();
            plans.forEach(p -> ids.add(p.planId() + "@" + p.version()));
            out("ADDED " + owner + " " + String.join(",", ids));
          }
        };
    MarketDataListener marketData =
        new MarketDataListener() {
          @Override
          public void onSymbolNeeded(String symbol) {
            out("SYMBOL+ " + symbol);
          }

          @Override
          public void onSymbolDropped(String symbol) {
            out("SYMBOL- " + symbol);
          }
        };
    ClusterNode node =
        ClusterNode.start(ClusterConfig.fromEnvironment(System.getenv()), listener, marketData);
    out("READY " + node.address() + " " + node.memberId());

    if (seed) {
      // Until the cluster has formed, writes are refused (split-brain protection): retry for a
      // bounded time.
      long deadline = System.currentTimeMillis() + 120_000;
      for (int u = 0; u < users; u++) {
        List<PlanSnapshot> plans = new ArrayList<>();
        for (int p = 0; p < plansPerUser; p++) {
          plans.add(SyntheticPlans.plan("u" + u, p, symbols));
        }
        ReplicationResult r = node.addPlans("u" + u, plans);
        while (!r.ok()
            && r.outcome() != ReplicationResult.Outcome.STALE_VERSION
            && System.currentTimeMillis() < deadline) {
          Thread.sleep(100); // a start-up retry pause, not a test wait
          r = node.addPlans("u" + u, plans);
        }
        if (!r.ok() && r.outcome() != ReplicationResult.Outcome.STALE_VERSION) {
          out("SEED_FAILED u" + u + " " + r.outcome() + " " + r.detail().replace(' ', '_'));
        }
      }
      out("SEEDED " + users + " " + plansPerUser);
    }

    ScheduledExecutorService work =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "synthetic-workload");
              t.setDaemon(true);
              return t;
            });
    // The guard reports each decision on the asking thread: the workload's only thread.
    AtomicReference<SendDecision> last = new AtomicReference<>();
    node.guard().setDecisionListener(last::set);
    int[] cursor = {0};
    boolean[] quorum = {node.hasQuorum()};
    out("QUORUM " + quorum[0]);
    boolean[] safe = {false};
    if (writesPerSecond > 0) {
      long periodMicros = 1_000_000L / writesPerSecond;
      work.scheduleAtFixedRate(
          () -> {
            try {
              boolean q = node.hasQuorum();
              if (q != quorum[0]) {
                quorum[0] = q;
                out("QUORUM " + q);
              }
              boolean isSafe = node.isLocalMemberSafe();
              if (isSafe != safe[0]) {
                safe[0] = isSafe;
                out("SAFE " + isSafe);
              }
              List<String> owners = new ArrayList<>(mine.keySet());
              if (owners.isEmpty()) {
                return;
              }
              String owner = owners.get(Math.floorMod(cursor[0]++, owners.size()));
              Map<String, PlanSnapshot> plans = mine.get(owner);
              if (plans == null || plans.isEmpty()) {
                return;
              }
              List<PlanSnapshot> list = new ArrayList<>(plans.values());
              PlanSnapshot next =
                  SyntheticPlans.next(list.get(Math.floorMod(cursor[0], list.size())));
              Long epoch = node.epochOf(owner);
              long t0 = System.nanoTime();
              boolean allowed = node.guard().recordBeforeSend(owner, List.of(next));
              long micros = (System.nanoTime() - t0) / 1_000;
              SendDecision decision = last.get();
              ReplicationResult.Outcome outcome = decision.replication().outcome();
              if (allowed) {
                plans.put(next.planId(), next);
              }
              // Stamped when the guard checked the right to send, not when printed: a freeze
              // between the two (SIGSTOP in the process tests) would move the stamp past the
              // others' acquires of this user although the decision came before the freeze.
              out(
                  decision.timeMillis(),
                  "SEND "
                      + owner
                      + " "
                      + (epoch == null ? -1 : epoch)
                      + " "
                      + allowed
                      + " "
                      + outcome
                      + " "
                      + next.planId()
                      + " "
                      + next.version()
                      + " "
                      + micros);
            } catch (RuntimeException e) {
              out("WORKLOAD_ERROR " + e.toString().replace(' ', '_'));
            }
          },
          periodMicros,
          periodMicros,
          TimeUnit.MICROSECONDS);
    }

    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      switch (line.trim()) {
        case "dump" -> {
          for (int u = 0; u < users; u++) {
            try {
              for (PlanSnapshot s : node.stateOf("u" + u)) {
                out("STATE u" + u + " " + s.planId() + " " + s.version());
              }
            } catch (RuntimeException e) {
              out("STATE_ERROR u" + u + " " + e.getClass().getSimpleName());
            }
          }
          out("DUMPED");
        }
        case "stop" -> {
          work.shutdownNow();
          node.stop();
          out("STOPPED");
          System.exit(0);
        }
        default -> out("UNKNOWN_COMMAND " + line.replace(' ', '_'));
      }
    }
    // stdin closed: the parent is gone; leave gracefully.
    work.shutdownNow();
    node.stop();
    System.exit(0);
  }
}
