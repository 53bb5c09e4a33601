package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.store.SessionRepository;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.converter.MappingJackson2MessageConverter;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/**
 * A live WebSocket connection lives no longer than the login session it was opened with (logout
 * here, a session ended elsewhere), and connections per user are capped (issue 20, security).
 */
class LiveSessionsTest extends ServerTestBase {

  @Test
  void logoutEndsTheLiveConnectionOpenedWithThatToken() throws Exception {
    String token = freshLogin("alice");
    Client ws = connect(token);
    assertThat(ws.session.isConnected()).isTrue();

    assertThat(call("POST", "/api/auth/logout", token, null, Map.of()).status()).isEqualTo(204);

    awaitEndedAsUnauthorized(ws);
  }

  @Test
  void aSessionEndedElsewhereEndsTheConnectionAtTheNextCheck() throws Exception {
    String token = freshLogin("alice");
    Client ws = connect(token);

    // Another cluster member logged it out: the store no longer has it.
    new SessionRepository(platform.storeConnection()).delete(sha256(token));

    awaitEndedAsUnauthorized(ws);
  }

  @Test
  void connectionsPerUserAreCapped() throws Exception {
    List<Client> open = new ArrayList<>();
    String token = freshLogin("bob");
    try {
      for (int i = 0; i < 5; i++) {
        open.add(connect(token));
      }
      Client sixth = connectAllowingFailure(token);
      assertThat(sixth.errors.poll(10, TimeUnit.SECONDS)).contains("too many live connections");
      assertThat(open).allMatch(c -> c.session.isConnected());
    } finally {
      open.forEach(c -> c.session.disconnect());
    }
  }

  /**
   * The server closed the connection, and whatever ERROR frame came before the close says
   * "unauthorized". The frame itself is not guaranteed: when the server is sending the new
   * subscription's first messages at that moment, Spring's session buffers the ERROR frame behind
   * them and its close can drop it (the suite's run of 21:58 saw no frame, then the close); the UI
   * then reconnects and is refused as unauthorized at CONNECT. What must hold is the close.
   */
  private static void awaitEndedAsUnauthorized(Client ws) throws InterruptedException {
    awaitClosed(ws);
    assertThat(ws.errors).allSatisfy(e -> assertThat(e).startsWith("unauthorized"));
  }

  private static void awaitClosed(Client ws) throws InterruptedException {
    assertThat(ws.closed.await(10, TimeUnit.SECONDS))
        .as("the server closed the WebSocket")
        .isTrue();
    assertThat(ws.session.isConnected()).isFalse();
  }

  private String freshLogin(String user) {
    Answer a = login(user, user + "-demo-password");
    assertThat(a.status()).isEqualTo(200);
    return a.body().get("token").asText();
  }

  /** A STOMP client subscribed to its updates; ERROR frames' messages go to {@code errors}. */
  private record Client(
      StompSession session, BlockingQueue<String> errors, CountDownLatch closed) {}

  private Client connect(String token) throws Exception {
    Client c = connectAllowingFailure(token);
    assertThat(c.session).as("connected").isNotNull();
    LiveFeed.subscribeUpdates(c.session, null, m -> {});
    return c;
  }

  private Client connectAllowingFailure(String token) throws Exception {
    BlockingQueue<String> errors = new LinkedBlockingQueue<>();
    CountDownLatch closed = new CountDownLatch(1);
    WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient());
    client.setMessageConverter(new MappingJackson2MessageConverter());
    StompHeaders connect = new StompHeaders();
    connect.add("Authorization", "Bearer " + token);
    CompletableFuture<StompSession> f =
        client.connectAsync(
            "ws://127.0.0.1:" + port + "/ws",
            new WebSocketHttpHeaders(),
            connect,
            new StompSessionHandlerAdapter() {
              @Override
              public void handleFrame(StompHeaders headers, Object payload) {
                errors.add(String.valueOf(headers.getFirst("message")));
              }

              @Override
              public void handleException(
                  StompSession s,
                  StompCommand command,
                  StompHeaders headers,
                  byte[] payload,
                  Throwable exception) {
                errors.add("exception: " + exception);
              }

              @Override
              public void handleTransportError(StompSession s, Throwable exception) {
                closed.countDown();
              }
            });
    StompSession session;
    try {
      session = f.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      session = null;
    }
    return new Client(session, errors, closed);
  }

  private static String sha256(String token) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
  }
}
