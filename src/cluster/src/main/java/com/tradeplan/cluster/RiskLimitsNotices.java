package com.tradeplan.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The push of a risk-limit change to every member (docs/cluster.md, "Risk-limit changes"): the
 * member that stored a change publishes the store's change number on the Hazelcast topic {@value
 * #TOPIC}; every member (the publisher too) hears it and hands the highest number heard to its
 * {@link RiskLimitsListener}, which reads the store. Only the number travels, never the limits.
 *
 * <p>Why a topic and not a map: nothing needs to be kept in the cluster (the store holds every
 * version), and a topic message costs one send per member. Hazelcast's topic is fire and forget: a
 * member that misses a message (it joined just after, its event queue was full, the publisher died
 * while sending) gets the change from its runtime's poll of the store instead, as before the push.
 *
 * <p>Bounds: the limits thread's queue holds one pending run; notices heard while one is pending
 * only raise the number that run will read ({@link #heard}), so any burst of notices is one store
 * read per run, and nothing is ever dropped that the pending run will not cover.
 */
final class RiskLimitsNotices {
  static final String TOPIC = "tradeplan.risk.limits";

  private static final Logger LOG = LoggerFactory.getLogger(RiskLimitsNotices.class);

  private final ITopic<Long> topic;
  private final AtomicLong heard = new AtomicLong();
  private final ThreadPoolExecutor thread;
  private volatile RiskLimitsListener listener;

  RiskLimitsNotices(HazelcastInstance hz) {
    this.topic = hz.getTopic(TOPIC);
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

  /** Tells every member that the store holds changes up to {@code seq}; does not wait. */
  void announce(long seq) {
    topic.publish(seq);
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
      l.changedUpTo(seq);
    } catch (RuntimeException e) {
      LOG.warn("risk-limit change {} not applied from its notice; the poll brings it", seq, e);
    }
  }

  void stop() {
    thread.shutdownNow();
  }
}
