package com.tradeplan.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.topic.ITopic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The push of a risk-limit change to every member (docs/cluster.md, "Risk-limit changes"): the
 * member that stored a change publishes the store's change number on the Hazelcast topic {@value
 * #TOPIC}; every member (the publisher too) hears it and hands the highest number heard to its
 * {@link RiskLimitsListener}, which reads the store and answers how far it has read; the member
 * writes that number to the map {@value #ACKS_MAP} under its member id (its acknowledgement). The
 * announcer waits, bounded, until every member's acknowledgement reaches the number. Only numbers
 * travel, never the limits.
 *
 * <p>Why a topic: nothing needs to be kept in the cluster (the store holds every version), and a
 * topic message costs one send per member. Hazelcast's topic is fire and forget: while the
 * announcer waits it publishes again every {@value #REANNOUNCE_MILLIS} ms (a member that joined or
 * missed the message hears it then); after the wait, a member that still missed it gets the change
 * from its runtime's poll of the store, as before the push.
 *
 * <p>Bounds: the limits thread's queue holds one pending run; notices heard while one is pending
 * only raise the number that run will read ({@link #heard}), so any burst of notices is one store
 * read per run, and nothing is ever dropped that the pending run will not cover. An acknowledgement
 * expires after {@value #ACK_TTL_MINUTES} minutes (a member that left leaves no entry for ever; a
 * live member acknowledges again at the next notice).
 */
final class RiskLimitsNotices {
  static final String TOPIC = "tradeplan.risk.limits";
  static final String ACKS_MAP = "tradeplan.risk.limits.acks";
  static final long ACK_TTL_MINUTES = 60;
  static final long REANNOUNCE_MILLIS = 500;
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private static final Logger LOG = LoggerFactory.getLogger(RiskLimitsNotices.class);

  private final HazelcastInstance hz;
  private final ITopic<Long> topic;
  private final IMap<String, Long> acks;
  private final AtomicLong heard = new AtomicLong();
  private final ThreadPoolExecutor thread;
  private volatile RiskLimitsListener listener;

  RiskLimitsNotices(HazelcastInstance hz) {
    this.hz = hz;
    this.topic = hz.getTopic(TOPIC);
    this.acks = hz.getMap(ACKS_MAP);
    this.thread =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(1),
            r -> ClusterNode.thread(r, "limits"),
            // a run is pending already: it reads the highest number heard, this one included
            new ThreadPoolExecutor.DiscardPolicy());
    topic.addMessageListener(m -> onHeard(m.getMessageObject()));
  }

  void setListener(RiskLimitsListener listener) {
    this.listener = listener;
  }

  /**
   * Tells every member that the store holds changes up to {@code seq}, and waits at most {@code
   * wait} until every member of the cluster now has read that far. Returns the addresses of the
   * members that had not acknowledged it by then (empty: in force everywhere). Blocks the caller.
   */
  List<String> announce(long seq, Duration wait) {
    topic.publish(seq);
    long deadline = System.nanoTime() + wait.toNanos();
    long reannounce = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REANNOUNCE_MILLIS);
    while (true) {
      List<String> pending = notAcknowledged(seq);
      if (pending.isEmpty() || System.nanoTime() >= deadline) {
        return pending;
      }
      if (System.nanoTime() >= reannounce) {
        topic.publish(seq);
        reannounce = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REANNOUNCE_MILLIS);
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  /** The members of the cluster now whose acknowledgement is below {@code seq}. */
  private List<String> notAcknowledged(long seq) {
    Set<Member> members = hz.getCluster().getMembers();
    Set<String> keys = new HashSet<>();
    members.forEach(m -> keys.add(m.getUuid().toString()));
    Map<String, Long> got = acks.getAll(keys);
    List<String> pending = new ArrayList<>();
    for (Member m : members) {
      Long a = got.get(m.getUuid().toString());
      if (a == null || a < seq) {
        pending.add(m.getAddress().getHost() + ":" + m.getAddress().getPort());
      }
    }
    return pending;
  }

  private void onHeard(Long seq) {
    if (seq == null) {
      return;
    }
    heard.accumulateAndGet(seq, Math::max);
    thread.execute(this::deliver);
  }

  private void deliver() {
    RiskLimitsListener l = listener;
    if (l == null) {
      return; // the runtime reads the store when it sets its listener
    }
    long seq = heard.get();
    try {
      long read = l.changedUpTo(seq);
      acks.set(
          hz.getCluster().getLocalMember().getUuid().toString(),
          read,
          ACK_TTL_MINUTES,
          TimeUnit.MINUTES);
    } catch (RuntimeException e) {
      LOG.warn("risk-limit change {} not applied from its notice; the poll brings it", seq, e);
    }
  }

  void stop() {
    thread.shutdownNow();
  }
}
