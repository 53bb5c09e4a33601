package com.tradeplan.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Type;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.springframework.messaging.converter.MappingJackson2MessageConverter;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/**
 * A test's view of a trader's live feed (docs/api.md, "Live updates"): a STOMP connection to a
 * server on 127.0.0.1 that puts every message of {@code /user/queue/updates} into a queue, and the
 * wait for the next message of a type. Shared by the in-process and the process tests.
 */
final class LiveFeed {
  private LiveFeed() {}

  /**
   * Connects with {@code token} and subscribes; {@code lastSequence} (or null) asks for what came
   * after it. Throws when the connection is not up within 10 s.
   */
  static StompSession subscribe(
      int port, String token, Long lastSequence, BlockingQueue<JsonNode> into) throws Exception {
    WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient());
    client.setMessageConverter(new MappingJackson2MessageConverter());
    StompHeaders connect = new StompHeaders();
    connect.add("Authorization", "Bearer " + token);
    StompSession session =
        client
            .connectAsync(
                "ws://127.0.0.1:" + port + "/ws",
                new WebSocketHttpHeaders(),
                connect,
                new StompSessionHandlerAdapter() {})
            .get(10, TimeUnit.SECONDS);
    subscribeUpdates(session, lastSequence, into::add);
    return session;
  }

  /**
   * Subscribes {@code session} to {@code /user/queue/updates} (after {@code lastSequence}, or from
   * a snapshot when null); each message goes to {@code into}, on the STOMP client's thread.
   */
  static void subscribeUpdates(StompSession session, Long lastSequence, Consumer<JsonNode> into) {
    StompHeaders subscribe = new StompHeaders();
    subscribe.setDestination("/user/queue/updates");
    if (lastSequence != null) {
      subscribe.add("last-sequence", lastSequence.toString());
    }
    session.subscribe(
        subscribe,
        new StompFrameHandler() {
          @Override
          public Type getPayloadType(StompHeaders headers) {
            return JsonNode.class;
          }

          @Override
          public void handleFrame(StompHeaders headers, Object payload) {
            into.accept((JsonNode) payload);
          }
        });
  }

  /** The next message of {@code type}, skipping others, within 10 s; else an assertion error. */
  static JsonNode next(BlockingQueue<JsonNode> q, String type) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      JsonNode m = q.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (m != null && type.equals(m.path("type").asText())) {
        return m;
      }
    }
    throw new AssertionError("no " + type + " message within 10 s");
  }
}
