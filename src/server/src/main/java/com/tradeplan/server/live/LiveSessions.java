package com.tradeplan.server.live;

import com.tradeplan.server.security.SessionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;

/**
 * The live WebSocket connections of this server and the login session each was opened with. A token
 * is checked at CONNECT; this class makes the connection end with its login session:
 *
 * <ul>
 *   <li>a logout here, or an operator disabling the user or resetting its password, ends the user's
 *       connections at once ({@link SessionStore.EndListener});
 *   <li>every {@code revalidateEvery} the connections whose session expired, or was ended on
 *       another cluster member (it is no longer in the store), end too.
 * </ul>
 *
 * Ending a connection sends it a STOMP ERROR frame {@code unauthorized: ...}, after which the
 * server closes the WebSocket (STOMP's rule for ERROR; the UI then asks to log in again).
 *
 * <p>Caps: at most {@code connectionsPerUser} connections and {@code subscriptionsPerUser} live
 * subscriptions per user; one more is refused (an ERROR frame naming the cap). Bounds: one entry
 * per open connection, gone when it closes.
 *
 * <p>Threads: {@link #connect}, {@link #subscribe} and the rest run on the WebSocket's inbound
 * threads and request threads; the sweep on its own daemon thread, which logs and goes on when the
 * store does not answer (then nothing is ended on that round). Refusals throw {@link
 * MessageDeliveryException}, which Spring answers with an ERROR frame.
 */
public final class LiveSessions implements SessionStore.EndListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveSessions.class);

  /** One open connection. */
  private record Connection(
      String sessionId,
      String username,
      String tokenHash,
      Instant expiresAt,
      Set<String> subscriptions) {}

  private final SessionStore sessions;
  private final Supplier<MessageChannel> clientOutbound;
  private final int connectionsPerUser;
  private final int subscriptionsPerUser;
  private final Map<String, Connection> bySession = new ConcurrentHashMap<>();
  private final ScheduledExecutorService sweeper;

  public LiveSessions(
      SessionStore sessions,
      Supplier<MessageChannel> clientOutbound,
      int connectionsPerUser,
      int subscriptionsPerUser,
      Duration revalidateEvery) {
    if (connectionsPerUser < 1 || subscriptionsPerUser < 1) {
      throw new IllegalArgumentException("live connection and subscription caps must be >= 1");
    }
    this.sessions = sessions;
    this.clientOutbound = clientOutbound;
    this.connectionsPerUser = connectionsPerUser;
    this.subscriptionsPerUser = subscriptionsPerUser;
    this.sweeper =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "live-sessions-sweep");
              t.setDaemon(true);
              return t;
            });
    long every = Math.max(100, revalidateEvery.toMillis());
    sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    sessions.addEndListener(this);
  }

  /** A CONNECT with a valid token: registered, unless the user has the most connections. */
  public synchronized void connect(String sessionId, SessionStore.Session session) {
    long open =
        bySession.values().stream()
            .filter(c -> c.username().equals(session.username()))
            .filter(c -> !c.sessionId().equals(sessionId))
            .count();
    if (open >= connectionsPerUser) {
      throw new MessageDeliveryException(
          "too many live connections: at most " + connectionsPerUser + " per user");
    }
    bySession.put(
        sessionId,
        new Connection(
            sessionId,
            session.username(),
            session.tokenHash(),
            session.expiresAt(),
            ConcurrentHashMap.newKeySet()));
  }

  /** A SUBSCRIBE: counted, unless the user has the most live subscriptions. */
  public synchronized void subscribe(String sessionId, String subscriptionId) {
    Connection c = bySession.get(sessionId);
    if (c == null) {
      throw new MessageDeliveryException("unauthorized: this connection's session ended");
    }
    long open =
        bySession.values().stream()
            .filter(x -> x.username().equals(c.username()))
            .mapToLong(x -> x.subscriptions().size())
            .sum();
    if (!c.subscriptions().contains(subscriptionId) && open >= subscriptionsPerUser) {
      throw new MessageDeliveryException(
          "too many live subscriptions: at most " + subscriptionsPerUser + " per user");
    }
    c.subscriptions().add(subscriptionId);
  }

  public void unsubscribe(String sessionId, String subscriptionId) {
    Connection c = bySession.get(sessionId);
    if (c != null) {
      c.subscriptions().remove(subscriptionId);
    }
  }

  /** The connection closed (the client left, or this class ended it). */
  public void closed(String sessionId) {
    bySession.remove(sessionId);
  }

  /** Connections open now (a metric, and for tests). */
  public int size() {
    return bySession.size();
  }

  @Override
  public void sessionEnded(String tokenHash) {
    endWhere(c -> c.tokenHash().equals(tokenHash), "you logged out");
  }

  @Override
  public void userSessionsEnded(String username) {
    endWhere(c -> c.username().equals(username), "your sessions were ended by an operator");
  }

  /** Ends the connections whose session expired or no longer exists in the store. */
  void sweep() {
    try {
      endWhere(c -> sessions.expired(c.expiresAt()), "your session expired");
      Set<String> hashes = new HashSet<>();
      bySession.values().forEach(c -> hashes.add(c.tokenHash()));
      if (hashes.isEmpty()) {
        return;
      }
      Set<String> valid = sessions.stillValid(hashes);
      endWhere(c -> !valid.contains(c.tokenHash()), "your session ended");
    } catch (RuntimeException e) {
      // A throw would cancel the sweep for good; the store may be back on the next round.
      LOG.warn("live session sweep failed; retried on the next round: {}", e.toString());
    }
  }

  private void endWhere(java.util.function.Predicate<Connection> which, String why) {
    List<Connection> ending = new ArrayList<>();
    for (Connection c : bySession.values()) {
      if (which.test(c)) {
        ending.add(c);
      }
    }
    for (Connection c : ending) {
      if (bySession.remove(c.sessionId(), c)) {
        end(c.sessionId(), why);
      }
    }
  }

  /** Sends an ERROR frame; Spring's STOMP handler closes the WebSocket right after it. */
  private void end(String sessionId, String why) {
    StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
    error.setSessionId(sessionId);
    error.setMessage("unauthorized: " + why);
    error.setLeaveMutable(true);
    try {
      clientOutbound
          .get()
          .send(MessageBuilder.createMessage(new byte[0], error.getMessageHeaders()));
    } catch (RuntimeException e) {
      LOG.warn("ending a live connection failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
  }
}
