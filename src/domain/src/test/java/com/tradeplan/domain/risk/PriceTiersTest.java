package com.tradeplan.domain.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A tier table by price band: its bands' edges, its validation, and how two layers' combine. */
class PriceTiersTest {
  private static BigDecimal d(String s) {
    return new BigDecimal(s);
  }

  private static PriceBandTier band(String from, String below, Long shares, String notional) {
    return new PriceBandTier(
        d(from), below == null ? null : d(below), shares, notional == null ? null : d(notional));
  }

  private static final PriceTiers DESK =
      new PriceTiers(
          List.of(
              band("0", "5", 2_000L, null),
              band("5", "20", 1_000L, "15000"),
              band("20", null, null, "25000")));

  @Test
  void aPriceFallsInTheBandFromItsLowerEdgeUpToButNotIncludingItsUpperEdge() {
    assertThat(DESK.at(d("4.99")).maxShares()).isEqualTo(2_000L);
    assertThat(DESK.at(d("5.00")).maxShares()).as("5.00 opens the second band").isEqualTo(1_000L);
    assertThat(DESK.at(d("19.9999")).maxShares()).isEqualTo(1_000L);
    assertThat(DESK.at(d("20")).maxNotional()).isEqualByComparingTo("25000");
    assertThat(DESK.at(d("5000")).maxShares()).isNull();
    assertThat(new PriceTiers(List.of(band("1", "5", 10L, null))).at(d("0.99")))
        .as("a price in no band has no tier")
        .isNull();
    assertThat(DESK.errors("priceTiers")).isEmpty();
    assertThat(DESK.at(d("4.99")).label()).isEqualTo("price band below 5");
    assertThat(DESK.at(d("7")).label()).isEqualTo("price band 5 to 20");
    assertThat(DESK.at(d("21")).label()).isEqualTo("price band from 20");
  }

  @Test
  void overlappingUnorderedEmptyOrCaplessBandsAreRefusedNamingTheField() {
    assertThat(
            new PriceTiers(List.of(band("0", "10", 5L, null), band("5", null, 5L, null)))
                .errors("priceTiers"))
        .singleElement()
        .asString()
        .startsWith("priceTiers[1].fromPrice: bands must be in rising order");
    assertThat(new PriceTiers(List.of(band("10", "5", 5L, null))).errors("priceTiers"))
        .singleElement()
        .asString()
        .startsWith("priceTiers[0].belowPrice: must be above fromPrice 10");
    assertThat(
            new PriceTiers(List.of(band("0", null, 5L, null), band("5", null, 5L, null)))
                .errors("priceTiers"))
        .anyMatch(e -> e.startsWith("priceTiers[0].belowPrice: only the last band"));
    assertThat(new PriceTiers(List.of(band("0", null, null, null))).errors("priceTiers"))
        .containsExactly("priceTiers[0].maxShares: a band sets maxShares, maxNotional or both");
    assertThat(new PriceTiers(List.of(band("0", null, 0L, "-1"))).errors("priceTiers"))
        .containsExactly(
            "priceTiers[0].maxShares: must be > 0", "priceTiers[0].maxNotional: must be > 0");
    assertThat(new PriceTiers(List.of(band("-1", null, 1L, null))).errors("priceTiers"))
        .containsExactly("priceTiers[0].fromPrice: a price of 0 or more");
    assertThat(new PriceTiers(List.of()).errors("priceTiers")).hasSize(1);
    PriceBandTier[] eleven = new PriceBandTier[PriceTiers.BANDS_MAX + 1];
    for (int i = 0; i < eleven.length; i++) {
      eleven[i] = band(String.valueOf(i), String.valueOf(i + 1), 1L, null);
    }
    assertThat(new PriceTiers(List.of(eleven)).errors("priceTiers"))
        .containsExactly("priceTiers: 1 to 10 price bands (leave it unset for no tiers)");
    assertThat(
            RiskLimits.builder()
                .priceTiers(new PriceTiers(List.of(band("0", null, 0L, null))))
                .build()
                .errorsFor(LimitScope.PLAN))
        .as("a PLAN layer may set tiers; the band's own faults are named")
        .containsExactly("priceTiers[0].maxShares: must be > 0");
  }

  @Test
  void twoLayersTablesCombineBandByBandTheTighterCapHolding() {
    PriceTiers user =
        new PriceTiers(List.of(band("3", "10", 500L, null), band("10", "30", null, "9000")));
    PriceTiers combined =
        RiskLimits.builder()
            .priceTiers(DESK)
            .build()
            .tightenedBy(RiskLimits.builder().priceTiers(user).build())
            .priceTiers();
    assertThat(combined.at(d("2")).maxShares()).isEqualTo(2_000L);
    assertThat(combined.at(d("3")).maxShares()).isEqualTo(500L);
    assertThat(combined.at(d("7")).maxShares()).isEqualTo(500L);
    assertThat(combined.at(d("7")).maxNotional()).isEqualByComparingTo("15000");
    assertThat(combined.at(d("12")).maxShares()).isEqualTo(1_000L);
    assertThat(combined.at(d("12")).maxNotional()).isEqualByComparingTo("9000");
    assertThat(combined.at(d("25")).maxNotional()).isEqualByComparingTo("9000");
    assertThat(combined.at(d("30")).maxNotional()).isEqualByComparingTo("25000");
    assertThat(combined.at(d("30")).belowPrice()).isNull();
    assertThat(
            RiskLimits.NONE.tightenedBy(RiskLimits.builder().priceTiers(user).build()).priceTiers())
        .isEqualTo(user);
    for (int cents = 0; cents < 4_000; cents += 7) {
      BigDecimal p = BigDecimal.valueOf(cents, 2);
      PriceBandTier a = DESK.at(p);
      PriceBandTier b = user.at(p);
      PriceBandTier c = combined.at(p);
      assertThat(c == null).as("covered at %s", p).isEqualTo(a == null && b == null);
      if (c != null) {
        assertThat(c.maxShares()).as("shares at %s", p).isEqualTo(min(shares(a), shares(b)));
      }
    }
  }

  private static Long shares(PriceBandTier b) {
    return b == null ? null : b.maxShares();
  }

  private static Long min(Long a, Long b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    return Math.min(a, b);
  }
}
