package com.tradeplan.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
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
 * <p>An entry event is sent by the key's partition owner alone, once: if that member dies right
 * after its own listener heard the proposal, the others may never hear it. So the deployer writes
 * the proposal again every {@link #REANNOUNCE_MILLIS} ms while answers are missing (an update
 * event, sent by whichever member owns the key then), and each member prepares an attempt once,
 * however often it hears it.
 *
 * <p>Bounds: proposals and answers expire after {@link #ENTRY_TTL_MINUTES} minutes; the rules
 * thread's queue holds {@link #QUEUE_MAX} announcements (past it an announcement is answered "busy"
 * and that deploy is refused); a member remembers the last {@link #HEARD_MAX} attempts it heard (an
 * older one heard again would be prepared again: harmless, its answer is the same).
 */
final class RuleSetDeployments {
  static final String DEPLOYED_MAP = "tradeplan.rules";
  static final String PROPOSED_MAP = "tradeplan.rules.proposed";
  static final String ACKS_MAP = "tradeplan.rules.acks";
  static final String DEPLOYED_KEY = "deployed";
  static final String CANARY_MAP = "tradeplan.rules.canary";
  static final String CANARY_KEY = "canary";
  static final String READY = "ready";
  static final String LEFT = "left the cluster: not waited for";
  static final String JOINED = "joined during the deploy: did not prepare it, try again";
  static final long ENTRY_TTL_MINUTES = 60;
  static final int QUEUE_MAX = 64;
  static final int HEARD_MAX = 256;
  static final long REANNOUNCE_MILLIS = 1000;
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
  private final IMap<String, RuleSetCanary> canary;
  private final ThreadPoolExecutor thread;
  private volatile RuleSetListener listener;

  /** The attempts this member heard, oldest first, at most {@link #HEARD_MAX}. */
  private final Map<String, Boolean> heard =
      java.util.Collections.synchronizedMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
              return size() > HEARD_MAX;
            }
          });

  RuleSetDeployments(HazelcastInstance hz) {
    this.hz = hz;
    this.deployed = hz.getMap(DEPLOYED_MAP);
    this.proposed = hz.getMap(PROPOSED_MAP);
    this.acks = hz.getMap(ACKS_MAP);
    this.canary = hz.getMap(CANARY_MAP);
    this.thread =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(QUEUE_MAX),
            r -> ClusterNode.thread(r, "rules"));
    proposed.addEntryListener(new ProposalListener(), true);
    deployed.addEntryListener(new SwitchListener(), true);
  }

  /** Hears a proposal, first written (added) or announced again (updated). */
  private final class ProposalListener
      implements EntryAddedListener<String, Integer>, EntryUpdatedListener<String, Integer> {
    @Override
    public void entryAdded(EntryEvent<String, Integer> e) {
      onProposed(e.getKey(), e.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, Integer> e) {
      onProposed(e.getKey(), e.getValue());
    }
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
    if (heard.put(attempt, Boolean.TRUE) != null) {
      return; // announced again for a member that did not hear it: prepared here already
    }
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
            String value = answer == null ? READY : answer;
            String key = localKey(attempt);
            settled(
                () -> acks.set(key, value, ENTRY_TTL_MINUTES, TimeUnit.MINUTES),
                () -> value.equals(acks.get(key)));
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
   * Deploys {@code number} to everyone: {@link #prepareEverywhere}, then, only if every member is
   * ready, the switch of {@code deployed}, then the end of a canary if one ran. In that order, so
   * that a reader that reads the canary first and the deployed version second ({@link #forOwner})
   * never sees a canary user fall back to the version before.
   */
  Outcome deploy(int number, Duration timeout) {
    Outcome o = prepareEverywhere(number, timeout);
    if (!o.switched()) {
      return o;
    }
    boolean switched =
        settled(
            () -> deployed.set(DEPLOYED_KEY, number),
            () -> Integer.valueOf(number).equals(deployed.get(DEPLOYED_KEY)));
    if (switched) {
      settled(() -> canary.delete(CANARY_KEY), () -> canary.get(CANARY_KEY) == null);
    }
    return new Outcome(switched, number, o.answers());
  }

  /**
   * Deploys {@code c.number()} to {@code c.users()} only: {@link #prepareEverywhere}, then, only if
   * every member is ready, the one write of the canary (replacing a canary that ran before).
   */
  Outcome deployCanary(RuleSetCanary c, Duration timeout) {
    Outcome o = prepareEverywhere(c.number(), timeout);
    if (!o.switched()) {
      return o;
    }
    boolean switched =
        settled(() -> canary.set(CANARY_KEY, c), () -> c.equals(canary.get(CANARY_KEY)));
    return new Outcome(switched, c.number(), o.answers());
  }

  /** Ends the canary, if one runs: every user's new plans take the deployed version again. */
  void endCanary() {
    if (!settled(() -> canary.delete(CANARY_KEY), () -> canary.get(CANARY_KEY) == null)) {
      throw new IllegalStateException("the canary's end could not be confirmed: try again");
    }
  }

  /**
   * Runs a write of one key; a write whose backup was not acknowledged (a member died meanwhile:
   * {@code IndeterminateOperationStateException}, applied on the primary or not) is settled by
   * reading the key ({@code check}) and written again at most {@value #SEED_TRIES} times in all.
   * Returns whether the key holds what was written.
   */
  private static boolean settled(Runnable write, java.util.function.BooleanSupplier check) {
    for (int tries = 1; ; tries++) {
      try {
        write.run();
        return true;
      } catch (com.hazelcast.core.IndeterminateOperationStateException e) {
        if (check.getAsBoolean()) {
          return true;
        }
        if (tries >= SEED_TRIES) {
          LOG.warn("a rule-set write could not be confirmed after {} tries", tries, e);
          return false;
        }
      }
    }
  }

  /** The canary running cluster-wide, if any. */
  Optional<RuleSetCanary> canary() {
    return Optional.ofNullable(canary.get(CANARY_KEY));
  }

  /**
   * The version a plan of {@code owner} activated now is pinned to: the canary's if a canary covers
   * the owner, else the deployed version (empty before any deploy). The canary is read before the
   * deployed version, the reverse of the order a promote writes them in ({@link #deploy}), so that
   * an activation during a promote never falls back to the version before it.
   */
  OptionalInt forOwner(String owner) {
    Optional<RuleSetCanary> c = canary();
    if (c.isPresent() && c.get().covers(owner)) {
      return OptionalInt.of(c.get().number());
    }
    return deployed();
  }

  /** Sets the canary if the cluster has none yet (a cluster started from cold, from the store). */
  void seedCanary(RuleSetCanary c) {
    canary.putIfAbsent(CANARY_KEY, c);
  }

  /**
   * The barrier: proposes {@code number}, and waits until every member answered or {@code timeout}
   * passed. "Switched" in the outcome means every member is ready (the caller switches). The
   * members waited for are those of the cluster at the proposal; the membership is read again on
   * every poll: a member that left is not waited for (it runs nothing of this cluster any more and
   * gets a new identity if it comes back), a member that joined after the proposal never heard it
   * and did not prepare the version, so the deploy is refused (the admin tries again). Blocks the
   * caller (an admin's request) up to the timeout; polls the answers every 20 ms.
   */
  private Outcome prepareEverywhere(int number, Duration timeout) {
    String attempt = UUID.randomUUID().toString();
    Map<UUID, String> members = new LinkedHashMap<>();
    for (Member m : hz.getCluster().getMembers()) {
      members.put(m.getUuid(), address(m));
    }
    // Indeterminate (a member died during the write) is settled by the answers: the members that
    // heard the proposal answer it, and one that did not leaves the deploy unanswered (refused).
    settled(
        () -> proposed.set(attempt, number, ENTRY_TTL_MINUTES, TimeUnit.MINUTES),
        () -> proposed.get(attempt) != null);
    long deadline = System.nanoTime() + timeout.toNanos();
    long reannounce = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REANNOUNCE_MILLIS);
    Map<String, String> answers = new LinkedHashMap<>();
    boolean refused;
    boolean waiting;
    while (true) {
      Set<UUID> now = new HashSet<>();
      answers.clear();
      refused = false;
      for (Member m : hz.getCluster().getMembers()) {
        now.add(m.getUuid());
        if (!members.containsKey(m.getUuid())) {
          answers.put(address(m), JOINED);
          refused = true;
        }
      }
      Set<String> keys = new HashSet<>();
      members.keySet().forEach(id -> keys.add(attempt + "/" + id));
      Map<String, String> got = acks.getAll(keys);
      waiting = false;
      for (Map.Entry<UUID, String> m : members.entrySet()) {
        String a = got.get(attempt + "/" + m.getKey());
        if (a == null && !now.contains(m.getKey())) {
          answers.put(m.getValue(), LEFT);
        } else if (a == null) {
          waiting = true;
          answers.put(m.getValue(), "no answer");
        } else {
          answers.put(m.getValue(), a);
          refused |= !READY.equals(a);
        }
      }
      if (refused || !waiting || System.nanoTime() >= deadline) {
        break;
      }
      if (System.nanoTime() >= reannounce) {
        // a member may have missed the proposal (its announcer died): say it again; an
        // indeterminate write is left to the next round
        try {
          proposed.set(attempt, number, ENTRY_TTL_MINUTES, TimeUnit.MINUTES);
        } catch (com.hazelcast.core.IndeterminateOperationStateException e) {
          LOG.debug("re-announcement of attempt {} not confirmed", attempt, e);
        }
        reannounce = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REANNOUNCE_MILLIS);
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
    boolean allReady = !refused && !waiting;
    settled(() -> proposed.delete(attempt), () -> proposed.get(attempt) == null);
    return new Outcome(allReady, number, answers);
  }

  private static String address(Member m) {
    return m.getAddress().getHost() + ":" + m.getAddress().getPort();
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
