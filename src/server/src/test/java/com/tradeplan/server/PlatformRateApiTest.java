package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue 14, point 2, the platform's order rate end to end through the server's API over the paper
 * gateway: an operator stores a PLATFORM layer with {@code platformOrdersPerSecond}; on one tick
 * the entry of one trader that just fits it goes and fills, another trader's is refused naming the
 * limit and the count, and a stop triggered on the same tick goes out and closes its trade (exits
 * never take a share of the rate, docs/risk.md).
 *
 * <p>Its own server, closed after the class. A stored PLATFORM version can never be taken back (a
 * restore is a new version): on the shared server it would end "version 0, the configured defaults"
 * that {@code RiskLimitsApiTest} checks, and while it holds it would bind the entry of any plan
 * another class left live on the demo's replayed symbols. The property below only gives this class
 * a Spring context of its own (a server start of about 3 s).
 */
@TestPropertySource(properties = "tradeplan.test.own-server=platform-rate")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class PlatformRateApiTest extends LimitsApiSupport {

  /**
   * A long of 10 (stop 99.00) is held; two SHORT entries below 99.50, one of each trader, wait. One
   * tick at 98.90 triggers both entries and the stop: under 1 entry a second (the platform's burst
   * is its rate), one entry fills, the other is refused with the platform's reason, and the stop
   * fills (had it taken the token, no entry would have gone). 1/s rather than more: the entries of
   * the two traders' sessions may reach the gate a loaded machine's moment apart, and a token comes
   * back only after a whole second.
   */
  @Test
  void thePlatformsRateRefusesTheEntryPastItAndNeverAnExit() {
    Trader first = linkedTrader("prate-a");
    Trader second = linkedTrader("prate-b");
    String held = activate(first, longPlan("LPRA", 10, "101.00", "99.00"));
    awaitEntered(first, held, "LPRA", "101.00", 10);

    Answer platform = call("GET", "/api/risk/limits/platform", token("oscar"), null, Map.of());
    assertThat(platform.status()).isEqualTo(200);
    long version = platform.body().get("version").asLong();
    ObjectNode configured = (ObjectNode) platform.body().get("limits");
    ObjectNode withRate = configured.deepCopy().put("platformOrdersPerSecond", 1);
    version = putPlatform(withRate, version);
    try {
      String reason =
          "platform order rate limit 1/s reached (2 entries in the last second with this one)";
      assertOneTickSendsTheStopAndOneEntryOnly(first, second, held, "LPRA", reason);
    } finally {
      putPlatform(configured, version);
    }
  }

  /** Stores {@code limits} as the PLATFORM layer over {@code expected}; answers the new version. */
  private long putPlatform(ObjectNode limits, long expected) {
    ObjectNode body = JSON.createObjectNode();
    body.set("limits", limits);
    body.put("expectedVersion", expected).put("why", "e2e: the platform's rate");
    Answer saved =
        call(
            "PUT", "/api/risk/limits/platform/platform", token("oscar"), body.toString(), Map.of());
    assertThat(saved.status()).as("the platform layer: %s", saved.body()).isEqualTo(200);
    return saved.body().get("version").asLong();
  }
}
