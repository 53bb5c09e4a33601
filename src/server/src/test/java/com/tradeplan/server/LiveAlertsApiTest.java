package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.converter.MappingJackson2MessageConverter;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/**
 * A kill switch engaged on a trader and released by an operator reaches that trader's live feed as
 * {@code alert} messages, and no other trader's (docs/api.md, "Live updates").
 */
class LiveAlertsApiTest extends ServerTestBase {

  @Test
  void aKillSwitchOnATraderReachesThatTradersFeedOnly() throws Exception {
    String name = "alerted-" + System.nanoTime();
    String token = newTrader(name);
    String other = newTrader("bystander-" + System.nanoTime());
    BlockingQueue<JsonNode> mine = new LinkedBlockingQueue<>();
    BlockingQueue<JsonNode> theirs = new LinkedBlockingQueue<>();
    StompSession s1 = subscribe(token, mine);
    StompSession s2 = subscribe(other, theirs);
    try {
      assertThat(next(mine, "snapshot").get("type").asText()).isEqualTo("snapshot");
      assertThat(next(theirs, "snapshot").get("type").asText()).isEqualTo("snapshot");

      Answer engaged =
          call(
              "POST",
              "/api/kill-switch/engage",
              token,
              "{\"scope\":\"user:" + name + "\",\"reason\":\"stepping away\"}",
              Map.of());
      assertThat(engaged.status()).as("%s", engaged.body()).isEqualTo(200);
      JsonNode alert = next(mine, "alert").get("alert");
      assertThat(alert.get("kind").asText()).isEqualTo("KILL_SWITCH_ENGAGED");
      assertThat(alert.get("scope").asText()).isEqualTo("user:" + name);
      assertThat(alert.get("words").asText()).isEqualTo("stepping away");
      assertThat(alert.get("actor").asText()).isEqualTo(name);

      Answer released =
          post(
              "/api/kill-switch/release",
              "oscar",
              "{\"scope\":\"user:" + name + "\",\"why\":\"back at the desk\"}");
      assertThat(released.status()).as("%s", released.body()).isEqualTo(200);
      JsonNode back = next(mine, "alert").get("alert");
      assertThat(back.get("kind").asText()).isEqualTo("KILL_SWITCH_RELEASED");
      assertThat(back.get("scope").asText()).isEqualTo("user:" + name);

      assertThat(theirs.poll(1500, TimeUnit.MILLISECONDS))
          .as("another trader's feed gets nothing of it")
          .isNull();
    } finally {
      s1.disconnect();
      s2.disconnect();
    }
  }

  /** The next message of {@code type}, skipping others, within 10 s. */
  private static JsonNode next(BlockingQueue<JsonNode> q, String type) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      JsonNode m = q.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (m != null && type.equals(m.path("type").asText())) {
        return m;
      }
    }
    throw new AssertionError("no " + type + " message within 10 s");
  }

  private StompSession subscribe(String token, BlockingQueue<JsonNode> into) throws Exception {
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
    StompHeaders sub = new StompHeaders();
    sub.setDestination("/user/queue/updates");
    session.subscribe(
        sub,
        new StompFrameHandler() {
          @Override
          public Type getPayloadType(StompHeaders headers) {
            return JsonNode.class;
          }

          @Override
          public void handleFrame(StompHeaders headers, Object payload) {
            into.add((JsonNode) payload);
          }
        });
    return session;
  }

  private String newTrader(String name) {
    Answer created =
        post(
            "/api/ops/users",
            "oscar",
            "{\"username\":\""
                + name
                + "\",\"password\":\"a-long-password-1\",\"roles\":[\"TRADER\"]}");
    assertThat(created.status()).isEqualTo(201);
    Answer login =
        call(
            "POST",
            "/api/auth/login",
            null,
            "{\"username\":\"" + name + "\",\"password\":\"a-long-password-1\"}",
            Map.of());
    return login.body().get("token").asText();
  }
}
