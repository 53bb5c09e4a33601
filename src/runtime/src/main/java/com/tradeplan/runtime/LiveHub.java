package com.tradeplan.runtime;

import com.tradeplan.domain.history.PlanEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live updates per owner: one sequence per owner (1, 2, 3, ...), a bounded window of the latest
 * updates for replay after a reconnect, and the listeners. Publishing and subscribing take the
 * owner's lock, so a subscriber gets the replay and then every new update, in order, with no gap
 * and no repeat. Listeners are called under that lock: they must hand off and return.
 */
final class LiveHub {
  private static final Logger LOG = LoggerFactory.getLogger(LiveHub.class);

  private final int window;
  private final ConcurrentHashMap<String, Channel> channels = new ConcurrentHashMap<>();
  private final PlanLevelTrail levels;

  LiveHub(int window) {
    this(window, new PlanLevelTrail(java.time.Clock.systemUTC()));
  }

  /**
   * @param levels where a published plan state's levels are kept for charts (until the plan's first
   *     step: {@link PlanLevelTrail#recordPublished})
   */
  LiveHub(int window, PlanLevelTrail levels) {
    this.window = window;
    this.levels = levels;
  }

  /** The levels of the plans published here, over time. */
  PlanLevelTrail levels() {
    return levels;
  }

  private static final class Channel {
    long sequence;
    final ArrayDeque<LiveUpdate> recent = new ArrayDeque<>();
    final List<LiveListener> listeners = new ArrayList<>();
  }

  LiveUpdate publish(String owner, String planId, PlanEvent event, PlanView view) {
    if (view != null) {
      levels.recordPublished(view.snapshot());
    }
    Channel c = channels.computeIfAbsent(owner, o -> new Channel());
    synchronized (c) {
      LiveUpdate u = new LiveUpdate(++c.sequence, owner, planId, event, view);
      c.recent.addLast(u);
      while (c.recent.size() > window) {
        c.recent.removeFirst();
      }
      for (LiveListener l : List.copyOf(c.listeners)) {
        deliver(c, l, u);
      }
      return u;
    }
  }

  AutoCloseable subscribe(String owner, long afterSequence, LiveListener listener) {
    Channel c = channels.computeIfAbsent(owner, o -> new Channel());
    synchronized (c) {
      for (LiveUpdate u : c.recent) {
        if (u.sequence() > afterSequence && !deliver(c, listener, u)) {
          return () -> {};
        }
      }
      c.listeners.add(listener);
    }
    return () -> {
      synchronized (c) {
        c.listeners.remove(listener);
      }
    };
  }

  /** The last sequence given to the owner (0: none yet). */
  long lastSequence(String owner) {
    Channel c = channels.get(owner);
    if (c == null) {
      return 0;
    }
    synchronized (c) {
      return c.sequence;
    }
  }

  private static boolean deliver(Channel c, LiveListener l, LiveUpdate u) {
    try {
      l.onUpdate(u);
      return true;
    } catch (RuntimeException e) {
      LOG.warn("live listener of {} failed; unsubscribed", u.owner(), e);
      c.listeners.remove(l);
      return false;
    }
  }
}
