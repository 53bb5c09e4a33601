package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.simp.stomp.StompSession;

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
    StompSession s1 = LiveFeed.subscribe(port, token, null, mine);
    StompSession s2 = LiveFeed.subscribe(port, other, null, theirs);
    try {
      assertThat(LiveFeed.next(mine, "snapshot").get("type").asText()).isEqualTo("snapshot");
      assertThat(LiveFeed.next(theirs, "snapshot").get("type").asText()).isEqualTo("snapshot");

      Answer engaged =
          call(
              "POST",
              "/api/kill-switch/engage",
              token,
              "{\"scope\":\"user:" + name + "\",\"reason\":\"stepping away\"}",
              Map.of());
      assertThat(engaged.status()).as("%s", engaged.body()).isEqualTo(200);
      JsonNode alert = LiveFeed.next(mine, "alert").get("alert");
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
      JsonNode back = LiveFeed.next(mine, "alert").get("alert");
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
}
