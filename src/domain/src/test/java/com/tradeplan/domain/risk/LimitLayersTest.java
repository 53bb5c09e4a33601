package com.tradeplan.domain.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The layers combine one way: the tightest value any applicable layer sets holds. */
class LimitLayersTest {
  private static RiskLimits limits(Long maxQty, Long perSymbol, Long cooldownSeconds) {
    return RiskLimits.builder()
        .maxOrderQuantity(maxQty)
        .maxPositionPerSymbol(perSymbol)
        .stopLossCooldownSeconds(cooldownSeconds)
        .build();
  }

  @Test
  void theTightestLayerHoldsForAnOrderAndTheLongestCooldown() {
    LimitLayers layers =
        LimitLayers.of(limits(1_000L, 5_000L, 60L))
            .with(LimitScope.ACCOUNT, "DU1", limits(800L, null, null))
            .with(LimitScope.USER, "alice", limits(2_000L, 300L, 600L))
            .with(LimitScope.PLAN, "p1", limits(50L, null, null));
    RiskLimits order = layers.forOrder("DU1", "alice", "p1");
    assertThat(order.maxOrderQuantity()).isEqualTo(50L);
    assertThat(order.maxPositionPerSymbol()).isEqualTo(300L);
    assertThat(order.stopLossCooldownSeconds()).as("the longest cooldown").isEqualTo(600L);
    assertThat(layers.forOrder("DU1", "alice", "p2").maxOrderQuantity()).isEqualTo(800L);
    assertThat(layers.forUser("alice").maxOrderQuantity())
        .as("a user cannot loosen the platform")
        .isEqualTo(1_000L);
  }

  @Test
  void anAccountIsBoundOnlyByItsOwnLayerAndAnOrderWithoutAccountByTheDefaultOne() {
    LimitLayers layers =
        LimitLayers.of(limits(1_000L, 5_000L, null))
            .with(LimitScope.ACCOUNT, null, limits(null, 9_000L, null));
    assertThat(layers.forAccount("DU9")).isEqualTo(RiskLimits.NONE);
    assertThat(layers.forAccount(null).maxPositionPerSymbol()).isEqualTo(9_000L);
    assertThat(layers.forAccount(LimitLayers.DEFAULT_ACCOUNT).maxPositionPerSymbol())
        .isEqualTo(9_000L);
  }

  @Test
  void aLayerSetToNothingIsGoneAndStoredVersionsBuildTheSameLayers() {
    LimitLayers layers =
        LimitLayers.of(RiskLimits.NONE)
            .with(LimitScope.USER, "bob", limits(10L, null, null))
            .with(LimitScope.USER, "bob", RiskLimits.NONE);
    assertThat(layers.layer(LimitScope.USER, "bob")).isEqualTo(RiskLimits.NONE);
    LimitLayers stored =
        LimitLayers.of(
            RiskLimits.NONE,
            List.of(
                new LimitSetVersion(
                    LimitScope.PLAN, "p7", 3, limits(5L, null, null), "ops", Instant.EPOCH, "x")));
    assertThat(stored.forOrder(null, "bob", "p7").maxOrderQuantity()).isEqualTo(5L);
    assertThat(stored.planLayers()).isEqualTo(1);
  }

  @Test
  void theRebalancersThresholdsAreAnAccountsOrThePlatformsAndTheTighterHolds() {
    RiskLimits risk =
        RiskLimits.builder()
            .maxOpenRisk(new BigDecimal("500"))
            .maxGrossExposure(new BigDecimal("90000"))
            .build();
    assertThat(risk.errorsFor(LimitScope.ACCOUNT)).isEmpty();
    assertThat(risk.errorsFor(LimitScope.PLATFORM)).isEmpty();
    assertThat(risk.errorsFor(LimitScope.USER))
        .containsExactly(
            "maxOpenRisk: the rebalancer's thresholds are an account's (ACCOUNT, or PLATFORM as"
                + " the default of every account)");
    assertThat(risk.errorsFor(LimitScope.PLAN)).isNotEmpty();
    assertThat(
            RiskLimits.builder().maxOpenRisk(BigDecimal.ZERO).build().errorsFor(LimitScope.ACCOUNT))
        .containsExactly("maxOpenRisk: must be > 0 (leave it unset for no limit at this layer)");
    RiskLimits tighter =
        risk.tightenedBy(RiskLimits.builder().maxOpenRisk(new BigDecimal("400")).build());
    assertThat(tighter.maxOpenRisk()).isEqualByComparingTo("400");
    assertThat(tighter.maxGrossExposure()).isEqualByComparingTo("90000");
    assertThat(risk.setFields()).containsExactly("maxOpenRisk", "maxGrossExposure");
  }

  @Test
  void eachScopeHoldsOnlyItsLimitsAndEveryValueIsAboveZero() {
    RiskLimits wrong =
        RiskLimits.builder()
            .maxOrderQuantity(0L)
            .maxOrderNotional(BigDecimal.ZERO)
            .maxPositionPerSymbol(10L)
            .platformOrdersPerSecond(5)
            .stopLossCooldownSeconds(90_000L)
            .maxOpenPlans(4)
            .build();
    assertThat(wrong.errorsFor(LimitScope.ACCOUNT))
        .anyMatch(e -> e.startsWith("maxOrderQuantity: must be > 0"))
        .anyMatch(e -> e.startsWith("maxOrderNotional: must be > 0"))
        .anyMatch(e -> e.startsWith("platformOrdersPerSecond: only the PLATFORM"))
        .anyMatch(e -> e.startsWith("maxOpenPlans: open plans are counted per user"))
        .anyMatch(e -> e.startsWith("stopLossCooldownSeconds: at most 86400"));
    assertThat(limits(10L, 10L, null).errorsFor(LimitScope.PLAN))
        .containsExactly(
            "maxPositionPerSymbol: a PLAN layer sets only the limits of one order "
                + RiskLimits.PLAN_FIELDS);
    assertThat(limits(10L, 10L, 60L).errorsFor(LimitScope.USER)).isEmpty();
  }

  @Test
  void lossHoldingAndFlattenLimitsTightenAndAreValidatedByScope() {
    RiskLimits platform =
        RiskLimits.builder()
            .maxLossPerTrade(new BigDecimal("200"))
            .maxCumulativeLoss(new BigDecimal("5000"))
            .maxHoldingSeconds(3600L)
            .build();
    RiskLimits user =
        RiskLimits.builder()
            .maxLossPerTrade(new BigDecimal("150"))
            .maxHoldingSeconds(7200L)
            .flattenOnLossLimit(true)
            .build();
    RiskLimits plan = RiskLimits.builder().maxHoldingSeconds(600L).build();
    LimitLayers layers =
        LimitLayers.of(platform)
            .with(LimitScope.USER, "bob", user)
            .with(LimitScope.PLAN, "p1", plan);
    RiskLimits order = layers.forOrder(null, "bob", "p1");
    assertThat(order.maxLossPerTrade()).isEqualByComparingTo("150");
    assertThat(order.maxHoldingSeconds()).isEqualTo(600L);
    assertThat(layers.forUser("bob").maxCumulativeLoss()).isEqualByComparingTo("5000");
    assertThat(layers.forUser("bob").flattenOnLossLimit()).isTrue();
    assertThat(layers.forUser("ann").flattenOnLossLimit()).isNull();
    assertThat(plan.errorsFor(LimitScope.PLAN)).isEmpty();
    assertThat(user.errorsFor(LimitScope.PLAN))
        .anyMatch(e -> e.startsWith("flattenOnLossLimit: a PLAN layer sets only"));
    assertThat(platform.errorsFor(LimitScope.ACCOUNT))
        .containsExactly(
            "maxCumulativeLoss: the cumulative loss is counted per user, not per account");
    assertThat(
            RiskLimits.builder()
                .maxLossPerTrade(BigDecimal.ZERO)
                .maxHoldingSeconds(RiskLimits.HOLDING_SECONDS_MAX + 1)
                .build()
                .errorsFor(LimitScope.USER))
        .containsExactly(
            "maxLossPerTrade: must be > 0 (leave it unset for no limit at this layer)",
            "maxHoldingSeconds: at most 31622400 (a year)");
  }
}
