package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, point 2, over HTTP: the tier table by price band is edited through the limits API (422
 * naming the band's field), a trader's ticket is sized by the server with both commissions, the
 * band's tier and the limits that hold for them (the answer names the cap that bound it), and a
 * plan whose entry breaks its tier is refused at the gate over the paper gateway with the limit,
 * its value and the figure in its end reason and history, while the one that just fits enters.
 */
class SizingApiTest extends ServerTestBase {
  private static final String DESK_TIERS =
      "[{\"fromPrice\":\"0\",\"belowPrice\":\"5\",\"maxShares\":2000},"
          + "{\"fromPrice\":\"5\",\"belowPrice\":\"20\",\"maxShares\":1000,\"maxNotional\":\"15000\"},"
          + "{\"fromPrice\":\"20\",\"maxNotional\":\"25000\"}]";

  /** A fresh trader, so that the USER layer set here binds no other test's user. */
  private String newTrader() {
    String name = "sizer-" + System.nanoTime();
    Answer created =
        post(
            "/api/ops/users",
            "oscar",
            "{\"username\":\""
                + name
                + "\",\"password\":\"sizer-password-1\",\"roles\":[\"TRADER\"]}");
    assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
    return name;
  }

  private String login(String name) {
    Answer a =
        call(
            "POST",
            "/api/auth/login",
            null,
            "{\"username\":\"" + name + "\",\"password\":\"sizer-password-1\"}",
            Map.of());
    assertThat(a.status()).isEqualTo(200);
    return a.body().get("token").asText();
  }

  private Answer putLimits(String scope, String id, String limits) {
    return call(
        "PUT",
        "/api/risk/limits/" + scope + "/" + id,
        token("oscar"),
        "{\"limits\":" + limits + ",\"expectedVersion\":0,\"why\":\"desk tiers\"}",
        Map.of());
  }

  private static String question(String side, String entry, String stop, String amount) {
    return "{\"symbol\":\"XLY\",\"side\":\""
        + side
        + "\",\"entryPrice\":\""
        + entry
        + "\",\"stopPrice\":\""
        + stop
        + "\",\"amountAtRisk\":\""
        + amount
        + "\"}";
  }

  private Answer size(String token, String body) {
    return call("POST", "/api/sizing", token, body, Map.of());
  }

  @Test
  void aTraderIsSizedWithBothCommissionsAndTheTierOfTheEntrysPriceBand() {
    String trader = newTrader();
    Answer saved = putLimits("user", trader, "{\"priceTiers\":" + DESK_TIERS + "}");
    assertThat(saved.status()).as("%s", saved.body()).isEqualTo(200);
    assertThat(saved.body().get("limits").get("priceTiers").get(1).get("maxNotional").asText())
        .isEqualTo("15000");
    String token = login(trader);

    Answer fits = size(token, question("LONG", "50", "49", "102"));
    assertThat(fits.status()).as("%s", fits.body()).isEqualTo(200);
    assertThat(fits.body().get("quantity").asLong())
        .as("100 x 1.00 + the 1.00 minimum twice = 102.00 (ib-fixed)")
        .isEqualTo(100);
    assertThat(fits.body().get("entryCommission").asText()).isEqualTo("1.0000");
    assertThat(fits.body().get("exitCommission").asText()).isEqualTo("1.0000");
    assertThat(fits.body().get("totalRisk").asText()).isEqualTo("102.0000");
    assertThat(fits.body().get("commissionModel").asText()).isEqualTo("ib-fixed");
    assertThat(fits.body().get("boundBy").get("limit").asText()).isEqualTo("amountAtRisk");

    JsonNode below = size(token, question("LONG", "4.99", "4.49", "100000")).body();
    assertThat(below.get("quantity").asLong()).isEqualTo(2_000);
    assertThat(below.get("boundBy").get("limit").asText()).isEqualTo("priceTiers.maxShares");
    assertThat(below.get("boundBy").get("why").asText())
        .isEqualTo("price band below 5 (entry at 4.99): at most 2000 shares per entry");
    JsonNode edge = size(token, question("LONG", "5.00", "4.50", "100000")).body();
    assertThat(edge.get("quantity").asLong()).as("5.00 is in the next band").isEqualTo(1_000);
    JsonNode dear = size(token, question("SHORT", "30.01", "31", "100000")).body();
    assertThat(dear.get("quantity").asLong()).isEqualTo(833);
    assertThat(dear.get("boundBy").get("limit").asText()).isEqualTo("priceTiers.maxNotional");
    assertThat(dear.get("boundBy").get("value").asText()).isEqualTo("25000");

    JsonNode tooLittle = size(token, question("LONG", "50", "49", "1.98")).body();
    assertThat(tooLittle.get("quantity").asLong()).isZero();
    assertThat(tooLittle.get("problem").asText())
        .startsWith("1.98 does not cover one share's risk");

    Answer mine = call("GET", "/api/risk/mine", token, null, Map.of());
    assertThat(mine.body().get("perOrder").get("priceTiers")).hasSize(3);
  }

  private static String withPlanLimits(String question, String planLimits) {
    return question.substring(0, question.length() - 1) + ",\"planLimits\":" + planLimits + "}";
  }

  @Test
  void theLimitsTheTraderIntendsForThePlanCapTheQuantityAndAreNamedAsThePlans() {
    String token = login(newTrader());
    String q = question("LONG", "50", "49", "102");

    JsonNode byQuantity = size(token, withPlanLimits(q, "{\"maxOrderQuantity\":60}")).body();
    assertThat(byQuantity.get("quantity").asLong()).isEqualTo(60);
    assertThat(byQuantity.get("boundBy").get("limit").asText()).isEqualTo("plan.maxOrderQuantity");
    assertThat(byQuantity.get("boundBy").get("why").asText())
        .isEqualTo("at most 60 shares per order (maximum order quantity) (the plan's limit)");
    assertThat(byQuantity.get("totalRisk").asText()).as("60 + 1.00 + 1.00").isEqualTo("62.0000");

    JsonNode byBand =
        size(
                token,
                withPlanLimits(
                    q, "{\"priceTiers\":[{\"fromPrice\":\"20\",\"maxNotional\":\"2000\"}]}"))
            .body();
    assertThat(byBand.get("quantity").asLong()).as("2000 / 50").isEqualTo(40);
    assertThat(byBand.get("boundBy").get("limit").asText())
        .isEqualTo("plan.priceTiers.maxNotional");

    JsonNode looser = size(token, withPlanLimits(q, "{\"maxOrderQuantity\":500}")).body();
    assertThat(looser.get("quantity").asLong())
        .as("a plan's limit above the amount's 100 binds nothing")
        .isEqualTo(100);
    assertThat(looser.get("boundBy").get("limit").asText()).isEqualTo("amountAtRisk");

    Answer notAPlanLimit =
        size(
            token,
            withPlanLimits(
                q, "{\"maxPositionTotal\":5,\"maxOrderQuantity\":0,\"maxOrderNotional\":\"1e3\"}"));
    assertThat(notAPlanLimit.status()).isEqualTo(422);
    assertThat(notAPlanLimit.body().get("errors").findValuesAsText("field"))
        .containsExactlyInAnyOrder(
            "planLimits.maxPositionTotal",
            "planLimits.maxOrderQuantity",
            "planLimits.maxOrderNotional");
  }

  @Test
  void aBadQuestionOrABadTierTableIs422NamingTheField() {
    Answer wrongSide = post("/api/sizing", "alice", question("LONG", "50", "51", "100"));
    assertThat(wrongSide.status()).isEqualTo(422);
    assertThat(wrongSide.body().toString()).contains("stopPrice").contains("below the entry");
    Answer bad = post("/api/sizing", "alice", question("UP", "5O", "0", "1e3"));
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.body().get("errors").findValuesAsText("field"))
        .containsExactlyInAnyOrder("side", "entryPrice", "stopPrice", "amountAtRisk");
    assertThat(post("/api/sizing", "oscar", question("LONG", "50", "49", "100")).status())
        .as("sizing is a trader's")
        .isEqualTo(403);

    String trader = newTrader();
    Answer overlap =
        putLimits(
            "user",
            trader,
            "{\"priceTiers\":[{\"fromPrice\":\"0\",\"belowPrice\":\"10\",\"maxShares\":5},"
                + "{\"fromPrice\":\"5\",\"maxShares\":0}]}");
    assertThat(overlap.status()).isEqualTo(422);
    assertThat(overlap.body().get("errors").findValuesAsText("field"))
        .containsExactlyInAnyOrder(
            "limits.priceTiers[1].fromPrice", "limits.priceTiers[1].maxShares");
    Answer notDecimal =
        putLimits(
            "user",
            trader,
            "{\"priceTiers\":[{\"fromPrice\":\"0\",\"belowPrice\":\"5,00\",\"maxShares\":5}]}");
    assertThat(notDecimal.status()).isEqualTo(422);
    assertThat(notDecimal.body().get("errors").findValuesAsText("field"))
        .containsExactly("limits.priceTiers[0].belowPrice");
  }

  /**
   * End to end over the paper gateway: alice's plans on XLI enter above 101.00 with PLAN layers
   * whose bands split at 101.10. A plan whose 100 shares break its entry price's tier is refused at
   * activation (409, nothing stored). Two plans that fit at 101.00 are activated; the tick at
   * 101.20 moves their market entries into the next band: the one whose band allows 100 enters and
   * fills, the one whose band allows 99 is DENIED at the gate and ends with the limit, its value
   * and the figure in its end reason and history.
   */
  @Test
  void aPlanOverItsBandsTierIsRefusedAtActivationAndAnEntryOverItAtTheGate() {
    String tooBig = createPlan("alice", "XLI");
    String fits = createPlan("alice", "XLI");
    String over = createPlan("alice", "XLI");
    String bands =
        "{\"priceTiers\":[{\"fromPrice\":\"100\",\"belowPrice\":\"101.10\",\"maxShares\":%d},"
            + "{\"fromPrice\":\"101.10\",\"belowPrice\":\"200\",\"maxShares\":%d}]}";
    assertThat(putLimits("plan", tooBig, bands.formatted(99, 1000)).status()).isEqualTo(200);
    assertThat(putLimits("plan", fits, bands.formatted(100, 100)).status()).isEqualTo(200);
    assertThat(putLimits("plan", over, bands.formatted(100, 99)).status()).isEqualTo(200);

    Answer refusedAtActivation = post("/api/plans/" + tooBig + "/activate", "alice", null);
    assertThat(refusedAtActivation.status()).as("%s", refusedAtActivation.body()).isEqualTo(409);
    assertThat(refusedAtActivation.body().get("limit").asText()).isEqualTo("priceTiers.maxShares");
    assertThat(refusedAtActivation.body().get("value").asLong()).isEqualTo(99);
    assertThat(refusedAtActivation.body().get("count").asLong()).isEqualTo(100);
    assertThat(refusedAtActivation.body().get("detail").asText())
        .isEqualTo(
            "price tier maxShares 99 of the price band 100 to 101.10 exceeded: 100 shares"
                + " (this entry on XLI at 101.00)");
    assertThat(get("/api/plans/" + tooBig, "alice").body().get("plan").get("status").asText())
        .isEqualTo("DRAFT");

    for (String id : new String[] {fits, over}) {
      Answer active = post("/api/plans/" + id + "/activate", "alice", null);
      assertThat(active.status()).as("activate: %s", active.body()).isEqualTo(200);
    }
    platform.embeddedGateway().publishTick("XLI", "101.20");
    JsonNode refused =
        await(
            "the entry over its tier is refused",
            () -> get("/api/plans/" + over, "alice").body().get("plan"),
            p -> p.get("status").asText().equals("CANCELLED"));
    String reason =
        "price tier maxShares 99 of the price band 101.10 to 200 exceeded: 100 shares"
            + " (this entry on XLI at 101.2)";
    assertThat(refused.get("endReason").asText()).isEqualTo("denied: " + reason);
    // the refusal ends the plan in memory at once; its DENY reaches the stored history after
    await(
        "the DENY in the history",
        () -> get("/api/plans/" + over + "/history", "alice").body().toString(),
        h -> h.contains(reason));
    JsonNode entered =
        await(
            "the entry that just fits its tier fills",
            () -> {
              platform.embeddedGateway().publishTick("XLI", "101.30");
              return get("/api/plans/" + fits, "alice").body().get("plan");
            },
            p -> p.get("status").asText().equals("CONTINGENT_ACTIVE"));
    assertThat(entered.get("position").asLong()).isEqualTo(100);
  }
}
