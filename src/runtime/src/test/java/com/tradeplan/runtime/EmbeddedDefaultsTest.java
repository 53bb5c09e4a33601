package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tradeplan.domain.plan.DraftBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With no MONGODB_URI and no IB_HOST: embedded store, embedded paper gateway, demo ticks. */
class EmbeddedDefaultsTest {
  @TempDir Path dir;

  @Test
  void startsOnEmbeddedStoreAndPaperGatewayReplayingTheDemoTicks() {
    PlatformConfig config =
        PlatformConfig.fromEnvironment(
            Map.of("TRADEPLAN_DATA_DIR", dir.toString(), "TRADEPLAN_GATEWAY_PORT", "0"));
    assertTrue(config.embeddedGateway());
    try (Platform p = Platform.start(config)) {
      assertNotNull(p.embeddedGateway());
      assertDoesNotThrow(() -> p.storeConnection().ping(), "the embedded store answers");
      PlatformHealth h = p.health();
      assertTrue(h.ready(), h.toString());
      assertEquals(0, h.writeQueueDepth());
      var created =
          p.service()
              .createDraft("demo", DraftBuilder.draft("d1").entry("500.00").stop("100.00").build());
      assertTrue(created instanceof CommandResult.Ok, created.toString());
      TestAccounts.link(p, "demo", p.embeddedGateway().account());
      assertTrue(p.service().activate("demo", "d1") instanceof CommandResult.Ok);
      Harness.await("demo market data", () -> p.service().lastPrices().containsKey("AAPL"));
    }
  }

  /**
   * The embedded gateway serves DU1234567 and DU7654321 unless {@code TRADEPLAN_GATEWAY_ACCOUNTS}
   * names others (the server's tests give each account-limit test an account of its own); a list
   * that is not account codes named once stops the start naming the variable.
   */
  @Test
  void theEmbeddedGatewaysAccountsAreTheDemoPairUnlessConfigured() {
    assertEquals(
        List.of("DU1234567", "DU7654321"),
        PlatformConfig.fromEnvironment(Map.of()).gatewayAccounts());
    assertEquals(
        List.of("DU1", "DU2", "DU3"),
        PlatformConfig.fromEnvironment(Map.of("TRADEPLAN_GATEWAY_ACCOUNTS", "DU1, DU2 ,DU3"))
            .gatewayAccounts());
    for (String bad : List.of("DU1,,DU2", "DU-1", "DU1,DU1")) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> PlatformConfig.fromEnvironment(Map.of("TRADEPLAN_GATEWAY_ACCOUNTS", bad)));
      assertTrue(e.getMessage().startsWith("TRADEPLAN_GATEWAY_ACCOUNTS: "), e.getMessage());
    }
  }
}
