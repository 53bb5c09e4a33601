package com.tradeplan.broker;

import com.tradeplan.broker.tws.EClientSocket;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderStatus;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@link IbBroker}'s orders and cancels to IB, one at a time, on its own thread: from the
 * bounded {@link OutboundQueue} (by priority, see {@link #priority}: what protects a position goes
 * first), only while the link is READY, each order under the send gate, after its order id is given
 * and the {@link IbBroker.SendJournal} agreed. Every message it writes takes a token from the
 * connection's pacer (inside {@link EClientSocket}).
 *
 * <p>A command taken from the queue while the link is not READY is kept and written after the next
 * reconcile. An order that must not be written any more (restored, seen at IB, ended or forgotten
 * meanwhile) is dropped unsent. The journal is called on this thread; a false or a throw ends the
 * order unsent, reported rejected to the engine and alerted ({@code ORDER_NOT_JOURNALED}).
 */
final class OrderSender {
  private static final Logger log = LoggerFactory.getLogger(OrderSender.class);

  /** An order or its cancel; {@link #GLOBAL_CANCEL} (no order) is IB's reqGlobalCancel. */
  private record Command(TrackedOrder order, boolean cancel) {
    static final Command GLOBAL_CANCEL = new Command(null, true);
  }

  private final IbBrokerConfig config;
  private final OrderRegistry registry;
  private final LinkSupervisor link;
  private final EngineReports reports;
  private final OperatorAlerts alerts;
  private final OutboundQueue<Command> outbound;
  private volatile IbBroker.SendJournal journal;
  private Thread thread;

  OrderSender(
      IbBrokerConfig config,
      OrderRegistry registry,
      LinkSupervisor link,
      EngineReports reports,
      OperatorAlerts alerts) {
    this.config = config;
    this.registry = registry;
    this.link = link;
    this.reports = reports;
    this.alerts = alerts;
    int capacity = config.outboundQueueCapacity();
    this.outbound = new OutboundQueue<>(capacity, roomReservedForExits(capacity), ENTRY_PRIORITY);
  }

  void setJournal(IbBroker.SendJournal journal) {
    this.journal = journal;
  }

  void start() {
    thread = new Thread(this::sendLoop, "ib-broker-sender-" + config.clientId());
    thread.setDaemon(true);
    thread.start();
  }

  void stop() {
    if (thread != null) {
      thread.interrupt();
    }
  }

  /**
   * The outbound priority (lower first), so that under pacing what protects a position goes first:
   *
   * <ol start="0">
   *   <li>cancels of exits (they free exit room before a flatten or stop is sized, and never add
   *       risk);
   *   <li>stop and flatten exits;
   *   <li>targets and the trader's partial closes (exits too: they only reduce the position);
   *   <li>cancels of entries (they stop adding to a position; a late entry fill is exited by the
   *       triggered stop);
   *   <li>entries.
   * </ol>
   */
  static int priority(OrderRequest request, boolean cancel) {
    boolean exit = request.ref().role() != OrderRole.ENTRY;
    if (cancel) {
      return exit ? 0 : 3;
    }
    return switch (request.ref().role()) {
      case STOP, FLATTEN -> 1;
      case TARGET, CLOSE -> 2;
      case ENTRY -> ENTRY_PRIORITY;
    };
  }

  /** The priority of new entries: the only commands that may not use the queue's reserved room. */
  static final int ENTRY_PRIORITY = 4;

  /**
   * The share of the outbound queue kept for exits and cancels: entries may fill it only up to
   * capacity minus this (at least one slot), so a storm of entries never makes a stop wait for room
   * or be refused as "queue full".
   */
  static int roomReservedForExits(int capacity) {
    return capacity <= 1 ? 0 : Math.max(1, capacity / 10);
  }

  /** Queues a new order, waiting up to the configured submit wait for room; false when full. */
  boolean queueOrder(TrackedOrder t) {
    return offerWaiting(new Command(t, false));
  }

  /** Queues a cancel, waiting like {@link #queueOrder}; false when full. */
  boolean queueCancel(TrackedOrder t) {
    return offerWaiting(new Command(t, true));
  }

  /**
   * Queues IB's {@code reqGlobalCancel} ahead of everything (priority 0), waiting like {@link
   * #queueOrder}; false when full. IB cancels every working order of the login's accounts, of every
   * client, exits and orders placed outside Tradeplan included (docs/kill-switch.md).
   */
  boolean queueGlobalCancel() {
    try {
      return outbound.offer(
          Command.GLOBAL_CANCEL, 0, config.submitWait().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Queues the one re-send a reconcile decided, without waiting (the link thread must go on). It
   * goes out by its priority like any order, after those of its priority queued before it.
   */
  boolean queueResend(TrackedOrder t) {
    return outbound.offer(new Command(t, false), priority(t.request, false));
  }

  private boolean offerWaiting(Command c) {
    try {
      return outbound.offer(
          c,
          priority(c.order().request, c.cancel()),
          config.submitWait().toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Drops the queued orders (not cancels) of {@code owner}, unsent. */
  void dropQueuedOrdersOf(String owner) {
    outbound.removeIf(c -> !c.cancel() && owner.equals(c.order().request.owner()));
  }

  private void sendLoop() {
    Command pending = null;
    try {
      while (link.state() != IbBroker.LinkState.CLOSED) {
        link.awaitReadyOrClosed();
        if (pending == null) {
          pending = outbound.poll(200, TimeUnit.MILLISECONDS);
          if (pending == null) {
            continue;
          }
        }
        if (link.state() != IbBroker.LinkState.READY) {
          continue; // keep it: it goes out after the next reconcile
        }
        if (send(pending)) {
          pending = null;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Returns false when the command must wait for the next connection (nothing was written). */
  private boolean send(Command c) {
    EClientSocket socket = link.socket();
    if (socket == null || !socket.isConnected()) {
      return false;
    }
    TrackedOrder t = c.order();
    if (c == Command.GLOBAL_CANCEL) {
      socket.reqGlobalCancel();
      return true;
    }
    if (c.cancel()) {
      sendCancel(socket, t);
      return true;
    }
    return link.writeIfReady(() -> sendOrder(socket, t));
  }

  private void sendCancel(EClientSocket socket, TrackedOrder t) {
    switch (registry.cancelStep(t)) {
      case ALREADY_DONE -> {
        // ended meanwhile: nothing to cancel
      }
      case CANCELLED_UNSENT ->
          // Queued and not written yet (also an order waiting for its re-send): it never goes out.
          reports.update(
              new OrderUpdate(t.request.ref(), OrderStatus.CANCELLED, false, "cancelled unsent"));
      case NO_ORDER_ID ->
          log.warn("cancel of {} before it was sent: dropped cancel", t.request.ref());
      case SEND -> socket.cancelOrder(registry.orderIdOf(t));
    }
  }

  private void sendOrder(EClientSocket socket, TrackedOrder t) {
    OrderRegistry.SendStart start = registry.startSending(t);
    if (start.skip()) {
      return;
    }
    int id = start.orderId();
    if (!journaled(t, id, start.resend())) {
      registry.journalRefused(t);
      alerts.alert(
          "ORDER_NOT_JOURNALED",
          "order " + t.request.ref() + " (id " + id + ") not sent: it could not be journaled");
      reports.update(
          OrderUpdate.rejected(t.request.ref(), "not sent: the send could not be journaled"));
      return;
    }
    registry.written(t, System.nanoTime());
    if (!socket.placeOrder(
        id,
        TwsOrders.contract(t.request.instrument()),
        TwsOrders.order(t.request, config.timeInForce(), config.account()))) {
      log.warn(
          "placeOrder {} (id {}) may not have reached IB; reconcile decides", t.request.ref(), id);
    }
  }

  private boolean journaled(TrackedOrder t, int id, boolean resend) {
    IbBroker.SendJournal j = journal;
    if (j == null) {
      return true;
    }
    try {
      return resend ? j.beforeResend(t.request.ref(), id) : j.beforePlace(t.request.ref(), id);
    } catch (RuntimeException e) {
      log.error("send journal failed for {}", t.request.ref(), e);
      return false;
    }
  }
}
