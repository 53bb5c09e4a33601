package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The plan's history shows the price an order actually left at (docs/ib.md, "Off-grid prices at the
 * send"): COARSE is on the paper gateway's market rule 32 (0.01 below $10, 0.05 from $10, 0.10 from
 * $100); an entry protected by 3 ticks of slippage is planned at 101.03 on the finest increment,
 * sent at 101.00 on the grid at that price, and its history, read through the API, has the ORDER
 * followed by the SENT_AS saying so; the entry fills at the price sent.
 */
class SentPriceApiTest extends LimitsApiSupport {

  @Test
  void anEntrySnappedOntoItsTickGridAtTheSendSaysSoInItsHistory() {
    Trader t = linkedTrader("grid");
    String id = activate(t, longPlan("COARSE", 10, "101.00", "99.00", ",\"maxSlippageTicks\":3"));
    JsonNode entered = awaitEntered(t, id, "COARSE", "101.00", 10);
    assertThat(entered.get("avgEntryPrice").asText()).isEqualTo("101.00");
    List<JsonNode> history =
        await(
            "the SENT_AS in the history",
            () -> history(t, id),
            h -> h.stream().anyMatch(e -> e.get("type").asText().equals("SENT_AS")));
    List<String> types = history.stream().map(e -> e.get("type").asText()).toList();
    assertThat(types.indexOf("SENT_AS")).as("%s", types).isGreaterThan(types.indexOf("ORDER"));
    JsonNode sentAs =
        history.stream().filter(e -> e.get("type").asText().equals("SENT_AS")).findFirst().get();
    assertThat(sentAs.get("role").asText()).isEqualTo("ENTRY");
    assertThat(sentAs.get("quantity").asLong()).isEqualTo(10);
    assertThat(sentAs.get("reason").asText())
        .isEqualTo(
            "limit 101.03 sent as 101.00 (rounded down): tick 0.1 at this price"
                + " (tick grid 0.01 from 0, 0.05 from 10, 0.1 from 100)");
  }
}
