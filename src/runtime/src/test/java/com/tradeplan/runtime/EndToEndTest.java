package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.formats.PlanResult;
import com.tradeplan.gateway.GatewayConfig;
import com.tradeplan.simulator.SimulationRun;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 4 item 4: the production rules drive real orders over a loopback socket (IbBroker, TWS
 * protocol) into the paper gateway, its fills come back into the rules, and every plan's lifecycle
 * is the simulator's for the same ticks: same events in the same order (without tick indices and
 * times), same final statuses, positions, average entry and realized P&L.
 */
class EndToEndTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "max fill per tick {0} (0: whole orders)")
  @ValueSource(longs = {0, 30})
  void lifecycleOverTheGatewayIsTheSimulators(long maxFillPerTick) throws Exception {
    GatewayConfig g = Harness.gatewayConfig();
    g.maxFillPerTick = BigDecimal.valueOf(maxFillPerTick);
    SimulationRun expected = Script.simulate(maxFillPerTick == 0 ? null : maxFillPerTick);

    try (Harness h = new Harness(dir, g)) {
      h.gateway.publishTick(Script.SYMBOL, Script.PRICES[0]);
      h.start();
      for (var draft : Script.plans()) {
        h.activate(Script.OWNER, draft);
      }
      assertTrue(h.platform.awaitMarketData(Harness.WAIT), "market data flows");
      h.settle();
      for (int i = 1; i < Script.PRICES.length; i++) {
        h.tick(Script.SYMBOL, Script.PRICES[i]);
      }
      assertTrue(h.platform.flush(Duration.ofSeconds(10)), "store writes drained");

      Map<String, PlanResult> sim = Script.byId(expected);
      long filledInStore = 0;
      for (var draft : Script.plans()) {
        String id = draft.id();
        PlanSnapshot live = h.service().get(Script.OWNER, id).orElseThrow().snapshot();
        assertEquals(
            Script.Outcome.of(expected.finalStates().get(id)),
            Script.Outcome.of(live),
            "final state of " + id);
        assertEquals(
            Script.normalize(sim.get(id).events()),
            Script.normalize(h.lifecycle(Script.OWNER, id)),
            "events of " + id);
        filledInStore += live.orders().stream().mapToLong(o -> o.filledQuantity()).sum();
      }
      // Market data follows the plans: once every plan on the symbol is done, it is dropped.
      boolean allDone =
          Script.plans().stream()
              .allMatch(
                  d ->
                      h.service()
                          .get(Script.OWNER, d.id())
                          .orElseThrow()
                          .snapshot()
                          .status()
                          .isTerminal());
      assertTrue(allDone, "every plan of the script finishes");
      assertTrue(!h.subscribed(Script.SYMBOL), "no market data for a symbol no plan needs");
      assertTrue(h.gateway.getAudit().refsSentMoreThanOnce().isEmpty(), "no order sent twice");
      assertEquals(executedShares(h), filledInStore, "every execution is in the store");
      assertEquals(0, h.platform.health().ticksPending(), "every tick evaluated");
    }
  }

  static long executedShares(Harness h) {
    return h.gateway.executionSummaries().stream().mapToLong(EndToEndTest::sharesOf).sum();
  }

  static long sharesOf(String summary) {
    // "execId ref side qty@price" or similar: the quantity is the number before '@'.
    String before = summary.substring(0, summary.indexOf('@')).trim();
    String[] parts = before.split("\\s+");
    return new BigDecimal(parts[parts.length - 1]).longValueExact();
  }
}
