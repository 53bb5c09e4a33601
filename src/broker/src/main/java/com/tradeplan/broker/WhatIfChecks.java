package com.tradeplan.broker;

import com.tradeplan.broker.tws.OrderState;
import com.tradeplan.domain.broker.OrderRequest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link IbBroker}'s shadow what-if checks (issue 14, point 7; docs/ib.md, "What-if checks"): an
 * exit is sent to IB as a <b>whatIf</b> order (placeOrder with the whatIf flag: IB answers with the
 * margin and commission it would cost, or an error when it would not accept it, and never works or
 * fills it), so that an exit IB would refuse is known before it is needed.
 *
 * <p>Requests go out only from the checks' own thread, at most {@link #REQUESTS_PER_RUN} every
 * {@link #RUN_INTERVAL_MILLIS} (5 a second of IB's 50: orders keep the pacing's room), each under a
 * new order id of this client (ids only increase, so it never collides with an order) and an
 * orderRef {@code whatif:<the exit's ref>} that is never Tradeplan's: the answer can never be taken
 * for a report of the real exit. The one place that builds the order is {@link TwsOrders#whatIf},
 * which always sets the flag. Answers arrive on the reader thread ({@link #onOpenOrder}, {@link
 * #onError}) and are handed to the asker's callback outside the lock; a callback that throws is
 * logged. No answer within {@link #ANSWER_TIMEOUT}, or a connection that ends first, is answered
 * {@link WhatIfAnswer.Verdict#NO_ANSWER}.
 *
 * <p>Bounds: {@link #QUEUE_MAX} waiting requests (one more is refused: {@link #ask} returns false,
 * and the asker tries again later); {@link #IN_FLIGHT_MAX} unanswered at once.
 */
final class WhatIfChecks {
  private static final Logger log = LoggerFactory.getLogger(WhatIfChecks.class);

  static final int QUEUE_MAX = 1_000;
  static final int IN_FLIGHT_MAX = 50;
  static final int REQUESTS_PER_RUN = 1;
  static final long RUN_INTERVAL_MILLIS = 200;
  static final long ANSWER_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
  static final java.time.Duration ANSWER_TIMEOUT = java.time.Duration.ofNanos(ANSWER_TIMEOUT_NANOS);

  /** Writes one whatIf placeOrder; false when it could not be written. */
  interface Sender {
    boolean place(int orderId, OrderRequest exit);
  }

  private record Pending(OrderRequest exit, Consumer<WhatIfAnswer> answer, long sentAtNanos) {}

  private final IntSupplier orderIds;
  private final Object lock = new Object();
  private final Deque<Pending> queue = new ArrayDeque<>();
  private final Map<Integer, Pending> inFlight = new HashMap<>();
  private Sender sender; // guarded by lock; null while no connection is ready
  private volatile PacedRunner runner; // null until started

  WhatIfChecks(IntSupplier orderIds) {
    this.orderIds = orderIds;
  }

  /** Starts the checks' thread: a run every {@link #RUN_INTERVAL_MILLIS}, the pace of requests. */
  void start(String name) {
    runner = new PacedRunner(name, RUN_INTERVAL_MILLIS, () -> runOnce(System.nanoTime()));
    runner.start();
  }

  void stop() {
    PacedRunner r = runner;
    if (r != null) {
      r.stop();
    }
  }

  /**
   * Queues a what-if check of {@code exit}; {@code answer} is called once with IB's answer (on the
   * reader thread or the checks' thread). False when the queue is full (nothing queued).
   */
  boolean ask(OrderRequest exit, Consumer<WhatIfAnswer> answer) {
    synchronized (lock) {
      if (queue.size() >= QUEUE_MAX) {
        return false;
      }
      queue.add(new Pending(exit, answer, 0));
      return true;
    }
  }

  /** Requests waiting to be sent and sent without an answer yet. */
  int pending() {
    synchronized (lock) {
      return queue.size() + inFlight.size();
    }
  }

  void connectionReady(Sender s) {
    synchronized (lock) {
      sender = s;
    }
  }

  /** The connection ended: what it carried is not answered any more. */
  void connectionEnded(Sender s) {
    List<Runnable> calls = new ArrayList<>();
    synchronized (lock) {
      if (sender != s) {
        return;
      }
      sender = null;
      inFlight.values().forEach(p -> calls.add(noAnswer(p, "the connection to IB ended")));
      inFlight.clear();
    }
    calls.forEach(Runnable::run);
  }

  /** An openOrder of a whatIf order; true when it answered one of these checks. */
  boolean onOpenOrder(int orderId, OrderState state) {
    Pending p;
    synchronized (lock) {
      p = inFlight.remove(orderId);
    }
    if (p == null) {
      return false;
    }
    WhatIfAnswer a =
        state == null || state.warningText() == null || state.warningText().isBlank()
            ? WhatIfAnswer.accepted(p.exit().ref(), state)
            : WhatIfAnswer.rejected(p.exit().ref(), "IB warns: " + state.warningText());
    deliver(p, a);
    return true;
  }

  /**
   * An error for an order id; true when it answered one of these checks (a rejection). IB's
   * warnings (codes 399 and 2100-2199) about a whatIf are not its verdict and are only logged.
   */
  boolean onError(int id, int code, String message) {
    Pending p;
    synchronized (lock) {
      if (!inFlight.containsKey(id)) {
        return false;
      }
      if (code == 399 || (code >= 2100 && code < 2200)) {
        log.info("whatIf {}: IB {}: {}", inFlight.get(id).exit().ref(), code, message);
        return true;
      }
      p = inFlight.remove(id);
    }
    deliver(p, WhatIfAnswer.rejected(p.exit().ref(), "IB " + code + ": " + message));
    return true;
  }

  /** One run: times out what went unanswered, then sends up to {@link #REQUESTS_PER_RUN}. */
  void runOnce(long nowNanos) {
    List<Runnable> calls = new ArrayList<>();
    List<Map.Entry<Integer, Pending>> toSend = new ArrayList<>();
    Sender s;
    synchronized (lock) {
      inFlight
          .entrySet()
          .removeIf(
              e -> {
                if (nowNanos - e.getValue().sentAtNanos() < ANSWER_TIMEOUT_NANOS) {
                  return false;
                }
                calls.add(noAnswer(e.getValue(), "no answer from IB in " + ANSWER_TIMEOUT));
                return true;
              });
      s = sender;
      while (s != null
          && toSend.size() < REQUESTS_PER_RUN
          && inFlight.size() < IN_FLIGHT_MAX
          && !queue.isEmpty()) {
        Pending q = queue.poll();
        int id = orderIds.getAsInt();
        Pending sent = new Pending(q.exit(), q.answer(), nowNanos);
        inFlight.put(id, sent);
        toSend.add(Map.entry(id, sent));
      }
    }
    calls.forEach(Runnable::run);
    for (Map.Entry<Integer, Pending> e : toSend) {
      if (!s.place(e.getKey(), e.getValue().exit())) {
        Pending p;
        synchronized (lock) {
          p = inFlight.remove(e.getKey());
        }
        if (p != null) {
          deliver(p, WhatIfAnswer.noAnswer(p.exit().ref(), "the whatIf order was not written"));
        }
      }
    }
  }

  private static Runnable noAnswer(Pending p, String why) {
    return () -> deliver(p, WhatIfAnswer.noAnswer(p.exit().ref(), why));
  }

  private static void deliver(Pending p, WhatIfAnswer a) {
    try {
      p.answer().accept(a);
    } catch (RuntimeException e) {
      log.error("whatIf answer for {} not taken", a.ref(), e);
    }
  }
}
