package com.tradeplan.server.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.server.security.Role;
import com.tradeplan.server.security.SessionStore;
import com.tradeplan.store.EmbeddedMongo;
import com.tradeplan.store.MongoConfig;
import com.tradeplan.store.SessionRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;

/**
 * A live connection ends when its token expires (a controllable clock), though nobody logged out:
 * the token was checked only at CONNECT before (issue 20, security).
 */
class LiveSessionsExpiryTest {
  private final EmbeddedMongo mongo = EmbeddedMongo.startInMemory();
  private final MongoConfig.MongoConnection connection =
      MongoConfig.fromEnvironment(Map.of("MONGODB_URI", mongo.connectionString())).connect();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T14:30:00Z"));
  private final SessionStore sessions =
      new SessionStore(new SessionRepository(connection), Duration.ofHours(8), clock);
  private final List<Message<?>> sent = new CopyOnWriteArrayList<>();
  private final MessageChannel out =
      (message, timeout) -> {
        sent.add(message);
        return true;
      };
  private final LiveSessions live =
      new LiveSessions(sessions, () -> out, 5, 5, Duration.ofHours(1));

  @AfterEach
  void stop() {
    live.close();
    connection.close();
    mongo.close();
  }

  @Test
  void aConnectionEndsWhenItsTokenExpires() {
    String token = sessions.open("alice", Set.of(Role.TRADER)).token();
    live.connect("ws-1", sessions.find(token).orElseThrow());
    live.connect("ws-2", sessions.find(sessions.open("alice", Set.of(Role.TRADER)).token()).get());
    clock.now = clock.now.plus(Duration.ofHours(7));
    live.sweep();
    assertThat(sent).isEmpty();

    clock.now = clock.now.plus(Duration.ofHours(1));
    live.sweep();

    assertThat(sent).hasSize(2);
    StompHeaderAccessor error = StompHeaderAccessor.wrap(sent.get(0));
    assertThat(error.getCommand()).isEqualTo(StompCommand.ERROR);
    assertThat(error.getMessage()).isEqualTo("unauthorized: your session expired");
    assertThat(List.of(error.getSessionId(), StompHeaderAccessor.wrap(sent.get(1)).getSessionId()))
        .containsExactlyInAnyOrder("ws-1", "ws-2");
    assertThat(live.size()).isZero();
  }

  /** A clock the test moves. */
  private static final class MutableClock extends Clock {
    volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
