package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, point 2, over HTTP: an operator or a strategy admin changes a layer's limits (a new
 * version with who and why; a stale version is 409, a wrong value 422); a trader reads the limits
 * that hold for them and cannot change any.
 */
class RiskLimitsApiTest extends ServerTestBase {
  private Answer put(String path, String user, String body) {
    return call("PUT", path, token(user), body, Map.of());
  }

  @Test
  void anOperatorSetsAUsersLimitsAndTheTraderSeesThem() {
    Answer first =
        put(
            "/api/risk/limits/user/bob",
            "oscar",
            "{\"limits\":{\"maxPositionPerSymbol\":500,\"maxDailyLoss\":\"250.00\"},"
                + "\"expectedVersion\":0,\"why\":\"new trader\"}");
    assertThat(first.status()).as("%s", first.body()).isEqualTo(200);
    assertThat(first.body().get("version").asLong()).isEqualTo(1);
    assertThat(first.body().get("changedBy").asText()).isEqualTo("oscar");
    assertThat(first.body().get("limits").get("maxDailyLoss").asText()).isEqualTo("250.00");
    assertThat(first.body().get("membersPending"))
        .as("acknowledged by every member (this one-member cluster's only member)")
        .isNotNull()
        .isEmpty();
    assertThat(get("/api/risk/limits/user/bob", "oscar").body().has("membersPending"))
        .as("a read has no acknowledgements to report")
        .isFalse();

    Answer stale =
        put(
            "/api/risk/limits/user/bob",
            "sam",
            "{\"limits\":{\"maxPositionPerSymbol\":900},\"expectedVersion\":0,\"why\":\"race\"}");
    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.body().get("type").asText()).endsWith("version-conflict");

    Answer second =
        put(
            "/api/risk/limits/user/bob",
            "sam",
            "{\"limits\":{\"maxPositionPerSymbol\":400,\"maxDailyLoss\":\"250.00\"},"
                + "\"expectedVersion\":1,\"why\":\"tighter\"}");
    assertThat(second.status()).isEqualTo(200);
    assertThat(get("/api/risk/limits/user/bob/history", "oscar").body()).hasSize(2);

    Answer mine = get("/api/risk/mine", "bob");
    assertThat(mine.status()).isEqualTo(200);
    assertThat(mine.body().get("perUser").get("maxPositionPerSymbol").asLong()).isEqualTo(400);
    assertThat(mine.body().get("perUser").get("maxDailyLoss").asText()).isEqualTo("250.00");
    assertThat(mine.body().get("perOrder").get("maxOrderQuantity").asLong())
        .as("the platform default")
        .isPositive();
  }

  @Test
  void aValueThatIsNotAboveZeroOrALimitTheScopeCannotHoldIs422() {
    Answer zero =
        put(
            "/api/risk/limits/account/DU42",
            "oscar",
            "{\"limits\":{\"maxPositionTotal\":0,\"maxOpenPlans\":3},"
                + "\"expectedVersion\":0,\"why\":\"x\"}");
    assertThat(zero.status()).isEqualTo(422);
    assertThat(zero.body().toString())
        .contains("limits.maxPositionTotal")
        .contains("limits.maxOpenPlans");
    Answer money =
        put(
            "/api/risk/limits/user/alice",
            "oscar",
            "{\"limits\":{\"maxDailyLoss\":\"1e3\"},\"expectedVersion\":0,\"why\":\"x\"}");
    assertThat(money.status()).isEqualTo(422);
  }

  @Test
  void theLossHoldingTimeAndFlattenLimitsAreStoredAndShownToTheTrader() {
    Answer saved =
        put(
            "/api/risk/limits/user/carol",
            "oscar",
            "{\"limits\":{\"maxLossPerTrade\":\"150.00\",\"maxCumulativeLoss\":\"5000\","
                + "\"maxHoldingSeconds\":3600,\"flattenOnLossLimit\":true},"
                + "\"expectedVersion\":0,\"why\":\"new trader\"}");
    assertThat(saved.status()).isEqualTo(200);
    Answer read = get("/api/risk/limits/user/carol", "oscar");
    assertThat(read.body().get("limits").get("maxLossPerTrade").asText()).isEqualTo("150.00");
    assertThat(read.body().get("limits").get("maxCumulativeLoss").asText()).isEqualTo("5000");
    assertThat(read.body().get("limits").get("maxHoldingSeconds").asLong()).isEqualTo(3600);
    assertThat(read.body().get("limits").get("flattenOnLossLimit").asBoolean()).isTrue();
    Answer account =
        put(
            "/api/risk/limits/account/DU43",
            "oscar",
            "{\"limits\":{\"maxCumulativeLoss\":\"5000\",\"maxLossPerTrade\":\"0\"},"
                + "\"expectedVersion\":0,\"why\":\"x\"}");
    assertThat(account.status()).isEqualTo(422);
    assertThat(account.body().toString())
        .contains("limits.maxCumulativeLoss")
        .contains("limits.maxLossPerTrade");
  }

  @Test
  void aTraderCannotChangeLimits() {
    Answer a =
        put(
            "/api/risk/limits/user/alice",
            "alice",
            "{\"limits\":{\"maxOrderQuantity\":1000000},\"expectedVersion\":0,\"why\":\"me\"}");
    assertThat(a.status()).isEqualTo(403);
    assertThat(get("/api/risk/limits/platform", "ana").status()).isEqualTo(403);
    Answer platform = get("/api/risk/limits/platform", "oscar");
    assertThat(platform.status()).isEqualTo(200);
    assertThat(platform.body().get("version").asLong()).as("the configured defaults").isZero();
  }
}
