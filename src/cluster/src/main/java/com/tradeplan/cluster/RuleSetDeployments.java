package com.tradeplan.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A rule-set deploy across the cluster, in two steps over three replicated maps (docs/cluster.md,
 * "Rule-set deploys"): the deployer <b>proposes</b> a version under a fresh attempt id ({@code
 * tradeplan.rules.proposed}); every member's listener prepares it (loads and compiles) and writes
 * its answer ({@code tradeplan.rules.acks}, key {@code attempt/member}); when every member that was
 * in the cluster at the proposal answered ready, the deployer <b>switches</b> {@code
 * tradeplan.rules} key {@code deployed} to the version, which every member hears. If one member
 * says no, or does not answer within the timeout, nothing switches. The switch is one map write:
 * from it on, a plan activated on any member reads the new number ({@link #deployed}), and every
 * member already holds it compiled.
 *
 * <p>Bounds: proposals and answers expire after {@link #ENTRY_TTL_MINUTES} minutes; the rules
 * thread's queue holds {@link #QUEUE_MAX} announcements (past it an announcement is answered "busy"
 * and that deploy is refused).
 */
final class RuleSetDeployments {
  static final String DEPLOYED_MAP = "tradeplan.rules";
  static final String PROPOSED_MAP = "tradeplan.rules.proposed";
  static final String ACKS_MAP = "tradeplan.rules.acks";
  static final String DEPLOYED_KEY = "deployed";
  static final String READY = "ready";
  static final long ENTRY_TTL_MINUTES = 60;
  static final int QUEUE_MAX = 64;
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private static final Logger LOG = LoggerFactory.getLogger(RuleSetDeployments.class);

  /**
   * What a deploy came to. {@code answers}: member address to "ready", a reason, or "no answer".
   */
  record Outcome(boolean switched, int number, Map<String, String> answers) {}

  private final HazelcastInstance hz;
  private final IMap<String, Integer> deployed;
  private final IMap<String, Integer> proposed;
  private final IMap<String, String> acks;
  private final ThreadPoolExecutor thread;
  private volatile RuleSetListener listener;

  RuleSetDeployments(HazelcastInstance hz) {
    this.hz = hz;
    this.deployed = hz.getMap(DEPLOYED_MAP);
    this.proposed = hz.getMap(PROPOSED_MAP);
    this.acks = hz.getMap(ACKS_MAP);
    this.thread =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(QUEUE_MAX),
            r -> ClusterNode.thread(r, "rules"));
    proposed.addEntryListener(
        (EntryAddedListener<String, Integer>) e -> onProposed(e.getKey(), e.getValue()), true);
    deployed.addEntryListener(new SwitchListener(), true);
  }

  /** Hears the switch of the deployed version (added the first time, updated after). */
  private final class SwitchListener
      implements EntryAddedListener<String, Integer>, EntryUpdatedListener<String, Integer> {
    @Override
    public void entryAdded(EntryEvent<String, Integer> e) {
      onSwitched(e.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, Integer> e) {
      onSwitched(e.getValue());
    }
  }

  void setListener(RuleSetListener listener) {
    this.listener = listener;
  }

  private String localKey(String attempt) {
    return attempt + "/" + hz.getCluster().getLocalMember().getUuid();
  }

  private void onProposed(String attempt, int number) {
    try {
      thread.execute(
          () -> {
            String answer;
            RuleSetListener l = listener;
            try {
              answer = l == null ? "not started yet" : l.prepare(number);
            } catch (RuntimeException e) {
              LOG.error("rule-set version {} could not be prepared", number, e);
              answer = e.getMessage() == null ? e.toString() : e.getMessage();
            }
            acks.set(
                localKey(attempt),
                answer == null ? READY : answer,
                ENTRY_TTL_MINUTES,
                TimeUnit.MINUTES);
          });
    } catch (RejectedExecutionException e) {
      acks.set(localKey(attempt), "busy", ENTRY_TTL_MINUTES, TimeUnit.MINUTES);
    }
  }

  private void onSwitched(int number) {
    try {
      thread.execute(
          () -> {
            RuleSetListener l = listener;
            if (l != null) {
              try {
                l.deployed(number);
              } catch (RuntimeException e) {
                LOG.error("switch to rule-set version {} failed here", number, e);
              }
            }
          });
    } catch (RejectedExecutionException e) {
      LOG.error("switch to rule-set version {} not heard here: rules thread busy", number);
    }
  }

  /**
   * Proposes {@code number}, waits until every member answered or {@code timeout} passed, and
   * switches only if every member is ready. Blocks the caller (an admin's request) up to the
   * timeout; polls the answers every 20 ms.
   */
  Outcome deploy(int number, Duration timeout) {
    String attempt = UUID.randomUUID().toString();
    Map<String, String> keys = new LinkedHashMap<>();
    for (Member m : hz.getCluster().getMembers()) {
      keys.put(
          attempt + "/" + m.getUuid(), m.getAddress().getHost() + ":" + m.getAddress().getPort());
    }
    proposed.set(attempt, number, ENTRY_TTL_MINUTES, TimeUnit.MINUTES);
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, String> got = acks.getAll(keys.keySet());
    while (got.size() < keys.size() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(POLL_NANOS);
      got = acks.getAll(keys.keySet());
    }
    Map<String, String> answers = new LinkedHashMap<>();
    boolean allReady = true;
    for (Map.Entry<String, String> k : keys.entrySet()) {
      String a = got.get(k.getKey());
      answers.put(k.getValue(), a == null ? "no answer" : a);
      allReady &= READY.equals(a);
    }
    if (allReady) {
      deployed.set(DEPLOYED_KEY, number);
    }
    proposed.delete(attempt);
    return new Outcome(allReady, number, answers);
  }

  /** The version deployed cluster-wide, or empty before any deploy in this cluster's life. */
  OptionalInt deployed() {
    Integer n = deployed.get(DEPLOYED_KEY);
    return n == null ? OptionalInt.empty() : OptionalInt.of(n);
  }

  /**
   * Sets the deployed version if the cluster has none yet (the first member of a cluster started
   * from cold, from the store); returns the cluster's deployed version after it. A put whose backup
   * was not acknowledged while members join (indeterminate: written or not) is settled by reading
   * the map, and tried again at most {@value #SEED_TRIES} times in all.
   */
  int seed(int number) {
    for (int tries = 1; ; tries++) {
      try {
        Integer before = deployed.putIfAbsent(DEPLOYED_KEY, number);
        return before == null ? number : before;
      } catch (com.hazelcast.core.IndeterminateOperationStateException e) {
        Integer now = deployed.get(DEPLOYED_KEY);
        if (now != null) {
          return now;
        }
        if (tries >= SEED_TRIES) {
          throw e;
        }
      }
    }
  }

  private static final int SEED_TRIES = 3;

  void stop() {
    thread.shutdownNow();
  }
}
