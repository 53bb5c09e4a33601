package com.tradeplan.server.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradeplan.runtime.LiveUpdate;
import com.tradeplan.runtime.TradingService;
import com.tradeplan.server.plans.PlanJson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.commons.logging.LogFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.broker.OrderedMessageChannelDecorator;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeTypeUtils;

/**
 * Connects each STOMP subscription to {@link TradingService#subscribe} for its user, and forwards
 * what the platform reports to that one WebSocket session and subscription, in order. Messages go
 * straight to the session's outbound channel (not through the broker), so they never depend on when
 * the broker registered the subscription, and never reach another session.
 *
 * <p>The platform's listener only enqueues (it must return at once); a small shared pool sends.
 * Each subscription's queue is bounded ({@link #QUEUE_MAX}): a client that cannot keep up loses its
 * queued updates and gets a snapshot instead, never a silent gap. A gap in the sequence (the
 * platform's replay window did not reach back far enough) is answered the same way.
 */
public final class LiveSubscriptions implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveSubscriptions.class);
  static final String DESTINATION = "/queue/updates";
  static final int QUEUE_MAX = 2_000;

  private final TradingService trading;
  private final java.util.function.Supplier<MessageChannel> clientOutbound;
  private final ObjectMapper json;
  private final ExecutorService senders;
  private final Map<String, Subscription> bySession = new ConcurrentHashMap<>();
  private final Counter sent;
  private final Counter resyncs;

  public LiveSubscriptions(
      TradingService trading,
      java.util.function.Supplier<MessageChannel> clientOutbound,
      ObjectMapper json,
      MeterRegistry meters) {
    this.trading = trading;
    this.clientOutbound = clientOutbound;
    this.json = json;
    this.senders =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "live-send");
              t.setDaemon(true);
              return t;
            });
    this.sent = Counter.builder("tradeplan.live.updates.sent").register(meters);
    this.resyncs = Counter.builder("tradeplan.live.snapshots.sent").register(meters);
    Gauge.builder("tradeplan.live.subscriptions", bySession, Map::size).register(meters);
  }

  /**
   * Starts forwarding the owner's updates after {@code lastSequence} (null: a fresh client, which
   * gets a snapshot first) to one session. A second subscription of the same session replaces the
   * first.
   */
  public void open(String sessionId, String subscriptionId, String owner, Long lastSequence) {
    // A client that gets a snapshot is sent the updates after the owner's sequence as it is now:
    // the snapshot (read later, when sent) already holds every state before it. Replaying the
    // window from 0 as well would send a fresh page the owner's old updates after its snapshot:
    // fill notices of trades long closed, and old plans in passing states (ended since, then shown
    // as ended "just now").
    long now = trading.lastSequence(owner);
    long from = lastSequence == null || lastSequence > now ? now : lastSequence;
    Subscription s = new Subscription(sessionId, subscriptionId, owner, from);
    Subscription previous = bySession.put(sessionId, s);
    if (previous != null) {
      previous.close();
    }
    if (lastSequence == null) {
      s.requestSnapshot("first subscription");
    } else if (lastSequence > now) {
      // The client saw more updates than this process ever sent: the server restarted (sequences
      // start again at 1) or the client moved to another cluster member. Nothing can be replayed
      // from its sequence, so it reloads everything rather than silently missing changes.
      s.requestSnapshot(
          "sequence "
              + lastSequence
              + " is ahead of this server's "
              + now
              + " (restarted, or another member)");
    }
    try {
      s.handle = trading.subscribe(owner, from, s::onUpdate);
    } catch (RuntimeException e) {
      bySession.remove(sessionId, s);
      throw e;
    }
    if (s.closed) {
      s.close(); // closed while subscribing
    }
  }

  public void close(String sessionId) {
    Subscription s = bySession.remove(sessionId);
    if (s != null) {
      s.close();
    }
  }

  /** Ends the session's live subscription if it is {@code subscriptionId}. */
  public void close(String sessionId, String subscriptionId) {
    Subscription s = bySession.get(sessionId);
    if (s != null && s.subscriptionId.equals(subscriptionId) && bySession.remove(sessionId, s)) {
      s.close();
    }
  }

  public int size() {
    return bySession.size();
  }

  /** Sends a platform alert to every subscription whose owner {@code to} accepts. */
  void alert(java.util.function.Predicate<String> to, PlatformAlertWatch.Alert alert) {
    LiveMessage message = LiveMessage.alert(alert);
    for (Subscription s : bySession.values()) {
      if (!s.closed && to.test(s.owner)) {
        senders.execute(
            () -> {
              try {
                s.send(message);
              } catch (RuntimeException e) {
                LOG.warn("a live alert to a session failed: {}", e.toString());
              }
            });
      }
    }
  }

  @Override
  public void close() {
    for (String id : Set.copyOf(bySession.keySet())) {
      close(id);
    }
    senders.shutdown();
    try {
      senders.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private final class Subscription {
    final String sessionId;
    final String subscriptionId;
    final String owner;
    final MessageChannel out;
    final ArrayDeque<LiveUpdate> queue = new ArrayDeque<>();
    volatile AutoCloseable handle;
    volatile boolean closed;
    long lastSequence; // guarded by queue
    boolean snapshotPending; // guarded by queue
    String snapshotReason; // guarded by queue
    boolean draining; // guarded by queue

    Subscription(String sessionId, String subscriptionId, String owner, Long lastSequence) {
      this.sessionId = sessionId;
      this.subscriptionId = subscriptionId;
      // the outbound channel is a thread pool: without the decorator two messages of one
      // session could overtake each other (the channel supports it: preservePublishOrder)
      MessageChannel channel = clientOutbound.get();
      if (!OrderedMessageChannelDecorator.supportsOrderedMessages(channel)) {
        throw new IllegalStateException("the client outbound channel cannot preserve order");
      }
      this.out =
          new OrderedMessageChannelDecorator(channel, LogFactory.getLog(LiveSubscriptions.class));
      this.owner = owner;
      this.lastSequence = lastSequence == null ? -1 : lastSequence;
    }

    void requestSnapshot(String reason) {
      synchronized (queue) {
        queue.clear();
        snapshotPending = true;
        snapshotReason = reason;
        scheduleLocked();
      }
    }

    /** The platform's callback: enqueue and return. */
    void onUpdate(LiveUpdate u) {
      if (closed) {
        throw new IllegalStateException("subscription closed"); // unsubscribes the listener
      }
      synchronized (queue) {
        if (lastSequence >= 0 && u.sequence() > lastSequence + 1 && !snapshotPending) {
          queue.clear();
          snapshotPending = true;
          snapshotReason = "updates " + (lastSequence + 1) + ".." + (u.sequence() - 1) + " missed";
        }
        if (u.sequence() > lastSequence) {
          lastSequence = u.sequence();
        }
        if (queue.size() >= QUEUE_MAX) {
          queue.clear();
          snapshotPending = true;
          snapshotReason = "client too slow: updates dropped";
        }
        queue.add(u);
        scheduleLocked();
      }
    }

    private void scheduleLocked() {
      if (!draining && !closed) {
        draining = true;
        senders.execute(this::drain);
      }
    }

    private void drain() {
      while (!closed) {
        boolean snapshot;
        String reason;
        LiveUpdate next;
        synchronized (queue) {
          snapshot = snapshotPending;
          reason = snapshotReason;
          snapshotPending = false;
          next = snapshot ? null : queue.poll();
          if (!snapshot && next == null) {
            draining = false;
            return;
          }
        }
        try {
          if (snapshot) {
            resyncs.increment();
            send(
                LiveMessage.snapshot(
                    reason, trading.openPlans(owner).stream().map(PlanJson::plan).toList()));
          } else {
            send(
                LiveMessage.update(
                    next.sequence(),
                    next.planId(),
                    next.event() == null ? null : PlanJson.event(null, next.event()),
                    next.view() == null ? null : PlanJson.plan(next.view())));
            sent.increment();
          }
        } catch (RuntimeException e) {
          LOG.warn("live update to a session failed: {}", e.toString());
        }
      }
      synchronized (queue) {
        draining = false;
      }
    }

    private void send(LiveMessage message) {
      SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
      headers.setSessionId(sessionId);
      headers.setSubscriptionId(subscriptionId);
      headers.setDestination("/user" + DESTINATION);
      headers.setContentType(MimeTypeUtils.APPLICATION_JSON);
      headers.setLeaveMutable(true);
      byte[] body;
      try {
        body = json.writeValueAsBytes(message);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a live message always serialises", e);
      }
      out.send(MessageBuilder.createMessage(body, headers.getMessageHeaders()));
    }

    void close() {
      closed = true;
      AutoCloseable h = handle;
      if (h != null) {
        try {
          h.close();
        } catch (Exception e) {
          LOG.debug("closing a live subscription failed", e);
        }
      }
    }
  }
}
