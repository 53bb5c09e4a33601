package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, point 2, end to end through the server's API over the paper gateway: for each limit on
 * an entry's size, value or price, an operator sets the trader's limit through the limits API, the
 * entry that just fits goes out and fills, and the next is refused at the gate with the limit, its
 * value and the figure in the plan's end reason and in its history read through the API. A seeded
 * random test checks pass or refuse against the arithmetic of the position limit.
 */
class EntryLimitsApiTest extends LimitsApiSupport {

  @Test
  void thePositionPerSymbolLetsTheEntryThatReachesItAndRefusesOneShareMore() {
    Trader t = linkedTrader("pos");
    assertThat(oneShareOver150(t, "maxPositionPerSymbol", "LMPA", "LMPA", "LMPA"))
        .isEqualTo(
            "maximum position per symbol 150 on LMPA for user "
                + t.name()
                + " exceeded (position 150, working entries +0, this entry +1: 151 shares)");
  }

  @Test
  void theTotalPositionCountsEverySymbol() {
    Trader t = linkedTrader("total");
    assertThat(oneShareOver150(t, "maxPositionTotal", "LMTA", "LMTB", "LMTC"))
        .isEqualTo(
            "maximum total position 150 for user "
                + t.name()
                + " exceeded (positions 150 + working entries 0 + this entry 1 = 151 shares)");
  }

  /**
   * The shape of a position limit's test: the trader's {@code field} set to 150 shares, an entry of
   * 100 on {@code first} and one of 50 on {@code second} just fit it, and one share more on {@code
   * over} is refused. Answers the refusal.
   */
  private String oneShareOver150(Trader t, String field, String first, String second, String over) {
    setUserLimits(t, "{\"" + field + "\":150}");
    return fitThenRefuse(
        List.of(Entry.of(t, first, 100), Entry.of(t, second, 50)), Entry.of(t, over, 1));
  }

  /** A market entry is valued at the last price: 100 x 101 just fits 10100, 101 shares not. */
  @Test
  void theOrderNotionalValuesAMarketEntryAtTheLastPrice() {
    Trader t = linkedTrader("notional");
    setUserLimits(t, "{\"maxOrderNotional\":\"10100\"}");
    assertThat(fitThenRefuse(List.of(Entry.of(t, "LMNA", 100)), Entry.of(t, "LMNA", 101)))
        .isEqualTo("maximum order notional 10100 exceeded: this entry on LMNA is worth 10201");
  }

  /** Positions at their average entry price plus the entry: 2 x 10100 fits 20200, one share not. */
  @Test
  void theOpenNotionalCountsPositionsAtTheirEntryPriceAndTheEntry() {
    Trader t = linkedTrader("open");
    setUserLimits(t, "{\"maxOpenNotional\":\"20200\"}");
    assertThat(
            fitThenRefuse(
                List.of(Entry.of(t, "LMOA", 100), Entry.of(t, "LMOB", 100)),
                Entry.of(t, "LMOC", 1)))
        .isEqualTo(
            "maximum open notional 20200 for user "
                + t.name()
                + " exceeded (positions 20200 + working entries 0 + this entry 101 = 20301)");
  }

  /**
   * A slippage-protected entry is a limit order at its trigger plus N ticks: triggered at 101.00, a
   * limit 102.01 is exactly 1% away and goes; 102.02 is 1.0099% away and is refused.
   */
  @Test
  void thePriceCollarRefusesALimitEntryFurtherThanItsPercentFromTheLastPrice() {
    Trader t = linkedTrader("collar");
    setUserLimits(t, "{\"priceCollarPercent\":\"1\"}");
    assertThat(
            fitThenRefuse(
                List.of(new Entry(t, "LMCA", 10, ",\"maxSlippageTicks\":101")),
                new Entry(t, "LMCA", 10, ",\"maxSlippageTicks\":102")))
        .isEqualTo(
            "price collar 1% exceeded: entry price 102.02 is 1.0099% from the last price 101 of"
                + " LMCA");
  }

  /** Three entries triggered by one tick under 1/s with a burst of 2: two go, one is refused. */
  @Test
  void theOrderRateOfAUserRefusesTheEntryPastItsBurst() {
    Trader t = linkedTrader("rate");
    setUserLimits(t, "{\"ordersPerSecond\":1,\"orderBurst\":2}");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(activate(t, longPlan("LMRA", 10, "101.00", "99.00")));
    }
    List<JsonNode> ended = new ArrayList<>();
    for (String id : ids) {
      ended.add(
          tickUntil(
              t,
              id,
              "LMRA",
              "101.00",
              id + " entered or refused",
              p -> p.get("position").asLong() == 10 || isEnded(p)));
    }
    assertThat(ended).filteredOn(p -> p.get("position").asLong() == 10).hasSize(2);
    JsonNode refused =
        ended.stream().filter(p -> isEnded(p)).findFirst().orElseThrow(AssertionError::new);
    String reason =
        "order rate limit 1/s (burst 2) for owner "
            + t.name()
            + " reached (3 entries in the last second with this one)";
    assertThat(refused.get("endReason").asText()).isEqualTo("denied: " + reason);
    assertThat(awaitDenials(t, refused.get("id").asText())).containsExactly(reason);
  }

  /**
   * Seeded: a random position limit per symbol and random quantities, entered one after the other:
   * each entry passes exactly when the shares already held plus its own stay within the limit, and
   * a refused one names the figures of that sum.
   */
  @Test
  void randomLimitsAndQuantitiesPassOrAreRefusedAsTheArithmeticSays() {
    long seed = 1405L;
    Random random = new Random(seed);
    Trader t = linkedTrader("random");
    long limit = 20 + random.nextInt(60);
    setUserLimits(t, "{\"maxPositionPerSymbol\":" + limit + "}");
    long held = 0;
    int refused = 0;
    for (int i = 0; i < 6; i++) {
      long quantity = 1 + random.nextInt(30);
      String id = activate(t, longPlan("LMXA", quantity, "101.00", "99.00"));
      if (held + quantity <= limit) {
        awaitEntered(t, id, "LMXA", "101.00", quantity);
        held += quantity;
      } else {
        refused++;
        assertThat(awaitDenied(t, id, "LMXA", "101.00"))
            .as("seed %d entry %d: limit %d, held %d, quantity %d", seed, i, limit, held, quantity)
            .isEqualTo(
                "maximum position per symbol %d on LMXA for user %s exceeded (position %d,"
                        .formatted(limit, t.name(), held)
                    + " working entries +0, this entry +%d: %d shares)"
                        .formatted(quantity, held + quantity));
      }
    }
    assertThat(refused).as("seed %d refuses at least one entry", seed).isPositive();
  }
}
