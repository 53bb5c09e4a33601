package com.tradeplan.broker;

import com.tradeplan.broker.IbBroker.LinkState;
import com.tradeplan.broker.tws.EClientSocket;
import java.io.IOException;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@link IbBroker}'s connection to IB alive, one {@link LinkState} at a time: connect,
 * reconcile (again while asked to, before anything queued is written), ready, serve until the
 * connection drops, back off (capped exponential, with jitter), again; on its own thread.
 *
 * <p>It also decides when orders may be written: the sender writes only in READY, and every order
 * is written under the send gate ({@link #writeIfReady}). A reconcile on the live connection
 * ({@link #reconcileNow}, or the end of a grace a reconcile left) takes the gate before it leaves
 * READY, so it starts between two orders, never in the middle of one's journal and write.
 *
 * <p>IB's own connectivity (errors 1100, 1101, 1102, which TWS sends while our connection to it
 * stays up) moves the state too, on the connection's reader thread: 1100 stops the sender
 * (CONNECTIVITY_LOST: orders wait in the queue); 1101 and 1102 ask for a reconcile on the same
 * connection, after which the link is READY again (1101 also requests every market data
 * subscription again, after the reconcile). Nothing is judged while IB is unreachable.
 *
 * <p>What one connection does (open, reconcile, market data, watching itself for a dead link) is
 * its {@link Link}'s business. A throw out of a link other than the expected {@link IOException}
 * ends this thread; links must not throw anything else.
 */
final class LinkSupervisor {
  private static final Logger log = LoggerFactory.getLogger(LinkSupervisor.class);

  /** How often the supervisor of a live connection looks for a reconcile to do. */
  static final long SERVE_POLL_MILLIS = 20;

  /** One connection as the supervisor drives it, on the supervisor's thread. */
  interface Link {
    /** Connects and waits for IB's first order id; throws when it cannot, leaving nothing open. */
    void open() throws IOException, InterruptedException;

    /**
     * Reads IB's open orders, executions and positions, judges the tracked orders and reports.
     * Returns when a reconcile should run again because it left orders for a grace (System.nanoTime
     * units), or 0. Throws when IB's answer could not be read (the connection is then dropped).
     */
    long reconcile() throws IOException, InterruptedException;

    /**
     * Requests every market data subscription on this connection: after its first reconcile, and
     * again after IB said it lost them (1101).
     */
    void requestMarketData();

    /** True once the connection closed, waiting up to {@code millis}. */
    boolean awaitClosed(long millis) throws InterruptedException;

    /** Closes the connection; safe to call more than once. */
    void shutdown();

    /** The connected socket; null before the connection is made. */
    EClientSocket socket();
  }

  private final IbBrokerConfig config;
  private final Supplier<Link> newLink;
  private final Random jitter;
  private final Object lock = new Object();
  private volatile LinkState state = LinkState.DISCONNECTED; // changed under lock
  private boolean reconcileAgain; // guarded by lock
  // IB said 1100 on the current connection and has not said 1101/1102 since; guarded by lock.
  private boolean ibOffline;
  // IB said 1101 (market data lost): subscriptions are requested again after the next reconcile.
  private boolean marketDataLost; // guarded by lock
  // Held from the send journal to the socket write of each order: a barrier for handovers.
  private final Object sendGate = new Object();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile Thread thread;
  private volatile Link current;
  private volatile int reconciliations;

  LinkSupervisor(IbBrokerConfig config, Supplier<Link> newLink) {
    this.config = config;
    this.newLink = newLink;
    this.jitter = new Random(config.jitterSeed());
  }

  void start() {
    Thread t = new Thread(this::superviseLoop, "ib-broker-link-" + config.clientId());
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  LinkState state() {
    return state;
  }

  int reconciliations() {
    return reconciliations;
  }

  /** The current connection's socket; null while none is connected. */
  EClientSocket socket() {
    Link l = current;
    return l == null ? null : l.socket();
  }

  /** See {@link IbBroker#awaitReady}. */
  boolean awaitReady(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    synchronized (lock) {
      while (state != LinkState.READY) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return true;
    }
  }

  /** Blocks the sender until orders may be written (READY) or the broker closed. */
  void awaitReadyOrClosed() throws InterruptedException {
    synchronized (lock) {
      while (state != LinkState.READY && state != LinkState.CLOSED) {
        lock.wait();
      }
    }
  }

  /**
   * Runs {@code write} (one order's journal and socket write) under the send gate if the link is
   * READY; false, with nothing run, when a reconcile was asked for meanwhile.
   */
  boolean writeIfReady(Runnable write) {
    synchronized (sendGate) {
      if (state != LinkState.READY) {
        return false;
      }
      write.run();
      return true;
    }
  }

  /** See {@link IbBroker#awaitSendsInFlight}. */
  void awaitSendsInFlight() {
    synchronized (sendGate) {
      // barrier only
    }
  }

  /** See {@link IbBroker#reconcileNow}. */
  void reconcileNow() {
    // Never in the middle of an order's write: the order in flight completes first, and the
    // sender checks the state under the same gate before the next one.
    synchronized (sendGate) {
      synchronized (lock) {
        if (state == LinkState.CLOSED || thread == null) {
          return;
        }
        reconcileAgain = true;
        if (state == LinkState.READY) {
          // The sender stops at once (it writes only in READY); the supervisor reconciles.
          state = state.moveTo(LinkState.RECONCILING);
          lock.notifyAll();
        }
      }
    }
  }

  /**
   * IB's 1100 on {@code from} (TWS lost IB's servers): a READY link stops writing at once (the
   * order in flight, if any, completes); a reconcile under way ends in CONNECTIVITY_LOST. Called on
   * the connection's reader thread; never waits for the send gate.
   */
  void ibConnectivityLost(Link from) {
    synchronized (lock) {
      if (from != current || state == LinkState.CLOSED) {
        return; // a stale connection's last words
      }
      ibOffline = true;
      if (state == LinkState.READY) {
        state = state.moveTo(LinkState.CONNECTIVITY_LOST);
        lock.notifyAll();
      }
    }
  }

  /**
   * {@code from} was declared dead (silent past the bound): a READY link stops writing at once, as
   * for 1100, and is DISCONNECTED from now on, before the alert says so and before the socket's
   * close reaches the supervisor (so nobody reads READY after the alert). A reconcile under way is
   * left to fail on the closing socket. Called on the connection's reader thread; never waits for
   * the send gate (an order in flight completes its write, and is re-sent after the reconnect's
   * reconcile if IB never saw it).
   */
  void linkDead(Link from) {
    synchronized (lock) {
      if (from != current) {
        return; // a stale connection's last words
      }
      if (state == LinkState.READY || state == LinkState.CONNECTIVITY_LOST) {
        state = state.moveTo(LinkState.DISCONNECTED);
        lock.notifyAll();
      }
    }
  }

  /**
   * IB's 1101 ({@code marketDataLost}) or 1102 on {@code from}: IB is reachable again. A reconcile
   * runs on the same connection before anything queued is written (orders may have filled or been
   * cancelled meanwhile), then the link is READY; after 1101 every subscription is requested again.
   */
  void ibConnectivityRestored(Link from, boolean marketDataLost) {
    synchronized (lock) {
      if (from != current || state == LinkState.CLOSED) {
        return;
      }
      ibOffline = false;
      reconcileAgain = true;
      this.marketDataLost |= marketDataLost;
    }
  }

  void close() {
    setState(LinkState.CLOSED);
    stopped.countDown();
    EClientSocket c = socket();
    if (c != null) {
      c.eDisconnect();
    }
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }

  private void setState(LinkState s) {
    synchronized (lock) {
      if (state == LinkState.CLOSED) {
        return; // closing wins
      }
      state = state.moveTo(s);
      lock.notifyAll();
    }
  }

  private void superviseLoop() {
    int attempt = 0;
    while (state != LinkState.CLOSED) {
      Link link = newLink.get();
      synchronized (lock) {
        current = link;
        ibOffline = false; // a new connection starts from what it is told
        marketDataLost = false;
      }
      try {
        setState(LinkState.CONNECTING);
        link.open();
        setState(LinkState.RECONCILING);
        long rejudgeAt = reconcileUntilSettled(link);
        synchronized (lock) {
          marketDataLost = false; // every subscription is requested now anyway
        }
        link.requestMarketData();
        finishReconcile();
        attempt = 0;
        serve(link, rejudgeAt);
      } catch (IOException e) {
        log.warn("IB connection attempt failed: {}", e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } finally {
        link.shutdown();
      }
      if (state == LinkState.CLOSED) {
        break;
      }
      setState(LinkState.DISCONNECTED);
      long delay = backoffMillis(attempt++);
      log.info("reconnecting to IB in {} ms (attempt {})", delay, attempt);
      try {
        if (stopped.await(delay, TimeUnit.MILLISECONDS)) {
          break;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
  }

  /** A reconcile is over: READY, or CONNECTIVITY_LOST when IB said 1100 meanwhile. */
  private void finishReconcile() {
    synchronized (lock) {
      if (state == LinkState.CLOSED) {
        return;
      }
      state = state.moveTo(ibOffline ? LinkState.CONNECTIVITY_LOST : LinkState.READY);
      reconciliations++;
      lock.notifyAll();
    }
  }

  /**
   * Reconciles, and again while orders were restored meanwhile ({@link #reconcileNow}); returns the
   * last reconcile's rejudge time.
   */
  private long reconcileUntilSettled(Link link) throws IOException, InterruptedException {
    while (true) {
      long rejudgeAt = link.reconcile();
      synchronized (lock) {
        if (!reconcileAgain || state != LinkState.RECONCILING) {
          return rejudgeAt;
        }
        // Orders were restored while this reconcile ran: judge them now, on the same
        // connection, before anything queued is written.
        reconcileAgain = false;
      }
    }
  }

  /**
   * While the connection lives: reconciles again on it when asked ({@link #reconcileNow}), when the
   * last reconcile left orders unjudged for a grace that is now over, or when IB is reachable again
   * (1101/1102). The sender pauses (state RECONCILING) for the duration; the connection and its
   * market data stay up. While IB is unreachable (1100) nothing is judged: the reconcile waits.
   */
  private void serve(Link link, long rejudgeAt) throws IOException, InterruptedException {
    while (!link.awaitClosed(SERVE_POLL_MILLIS)) {
      boolean due = rejudgeAt != 0 && System.nanoTime() - rejudgeAt >= 0;
      synchronized (lock) {
        due |= reconcileAgain;
        if (!due || ibOffline || state == LinkState.CLOSED) {
          continue;
        }
        reconcileAgain = false;
      }
      if (!beginReconcileOnLiveLink()) {
        return;
      }
      rejudgeAt = reconcileUntilSettled(link);
      boolean resubscribe;
      synchronized (lock) {
        resubscribe = marketDataLost;
        marketDataLost = false;
      }
      if (resubscribe) {
        link.requestMarketData(); // after the reconcile, as after a reconnect
      }
      finishReconcile();
    }
  }

  /** Between two orders: the one in flight, if any, is written first. False when closed. */
  private boolean beginReconcileOnLiveLink() {
    synchronized (sendGate) {
      synchronized (lock) {
        if (state == LinkState.READY || state == LinkState.CONNECTIVITY_LOST) {
          state = state.moveTo(LinkState.RECONCILING);
          lock.notifyAll();
          return true;
        }
        return state == LinkState.RECONCILING;
      }
    }
  }

  /** Capped exponential backoff with jitter: a uniform draw in [d/2, d]. */
  long backoffMillis(int attempt) {
    long min = Math.max(1, config.backoffMin().toMillis());
    long max = Math.max(min, config.backoffMax().toMillis());
    long d = Math.min(max, min << Math.min(attempt, 20));
    synchronized (jitter) {
      return d / 2 + (long) (jitter.nextDouble() * (d - d / 2));
    }
  }
}
