package com.tradeplan.domain.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradeplan.domain.commission.CommissionModel;
import com.tradeplan.domain.plan.Side;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sizing from an amount at risk, by hand: the quantity that exactly fits, one share more that would
 * not, the commission's minimum and its cap, the band edges of the price tiers, and which cap
 * bound.
 */
class EntrySizingTest {
  private static BigDecimal d(String s) {
    return new BigDecimal(s);
  }

  private static EntrySizing.Question ask(Side side, String entry, String stop, String amount) {
    return new EntrySizing.Question("AAPL", side, d(entry), d(stop), d(amount));
  }

  private static final PriceTiers DESK =
      new PriceTiers(
          List.of(
              new PriceBandTier(d("0"), d("5"), 2_000L, null),
              new PriceBandTier(d("5"), d("20"), 1_000L, d("15000")),
              new PriceBandTier(d("20"), null, null, d("25000"))));

  private static final RiskLimits TIERS = RiskLimits.builder().priceTiers(DESK).build();

  @Test
  void withoutCommissionTheAmountIsDividedByTheRiskPerShareRoundedDown() {
    EntrySizing.Answer a =
        EntrySizing.size(
            ask(Side.LONG, "50", "48.50", "200"), CommissionModel.NONE, RiskLimits.NONE, List.of());
    assertThat(a.quantity()).isEqualTo(133);
    assertThat(a.risk()).isEqualByComparingTo("199.50");
    assertThat(a.totalRisk()).isEqualByComparingTo("199.50");
    assertThat(a.binding().limit()).isEqualTo(EntrySizing.AMOUNT_AT_RISK);
    assertThat(a.problem()).isNull();
  }

  @Test
  void aQuantityThatExactlyFitsWithBothCommissionsIsTakenAndOneShareMoreIsNot() {
    EntrySizing.Question q = ask(Side.LONG, "50", "49", "102");
    EntrySizing.Answer a =
        EntrySizing.size(q, CommissionModel.IB_FIXED, RiskLimits.NONE, List.of());
    assertThat(a.quantity()).as("100 x 1.00 + 1.00 + 1.00 = 102").isEqualTo(100);
    assertThat(a.entryCommission()).isEqualByComparingTo("1.00");
    assertThat(a.exitCommission()).isEqualByComparingTo("1.00");
    assertThat(a.totalRisk()).isEqualByComparingTo("102");
    assertThat(EntrySizing.totalRisk(q, CommissionModel.IB_FIXED, 101)).isEqualByComparingTo("103");
  }

  @Test
  void theCommissionMinimumPerOrderTakesSharesAwayFromASmallAmount() {
    EntrySizing.Answer a =
        EntrySizing.size(
            ask(Side.LONG, "50", "49", "10"), CommissionModel.IB_FIXED, RiskLimits.NONE, List.of());
    assertThat(a.quantity())
        .as("8 x 1.00 + two minimums of 1.00 = 10; 10 shares would be 12")
        .isEqualTo(8);
    EntrySizing.Answer none =
        EntrySizing.size(
            ask(Side.LONG, "50", "49", "1.98"),
            CommissionModel.IB_FIXED,
            RiskLimits.NONE,
            List.of());
    assertThat(none.quantity())
        .as("one share: 1.00 + 1% of 50.00 + 1% of 49.00 = 1.99, the cap under the minimum")
        .isZero();
    assertThat(none.problem())
        .isEqualTo(
            "1.98 does not cover one share's risk of 1 plus the commissions of the entry and of"
                + " the exit");
    assertThat(none.totalRisk()).isEqualByComparingTo("0");
  }

  @Test
  void theCommissionCapOfCheapSharesIsCountedToTheCent() {
    // 100 at 0.50: 1% of 50.00 = 0.50 (under the 1.00 minimum); the exit at 0.40: 0.40
    EntrySizing.Question q = ask(Side.LONG, "0.50", "0.40", "10.90");
    EntrySizing.Answer a =
        EntrySizing.size(q, CommissionModel.IB_FIXED, RiskLimits.NONE, List.of());
    assertThat(a.quantity()).isEqualTo(100);
    assertThat(a.entryCommission()).isEqualByComparingTo("0.50");
    assertThat(a.exitCommission()).isEqualByComparingTo("0.40");
    assertThat(EntrySizing.totalRisk(q, CommissionModel.IB_FIXED, 101))
        .isEqualByComparingTo("11.009");
  }

  @Test
  void aShortIsSizedFromAStopAboveTheEntryAndAStopOnTheWrongSideIsABrokenQuestion() {
    EntrySizing.Answer a =
        EntrySizing.size(
            ask(Side.SHORT, "50", "50.25", "100"),
            CommissionModel.NONE,
            RiskLimits.NONE,
            List.of());
    assertThat(a.quantity()).isEqualTo(400);
    assertThatThrownBy(() -> ask(Side.SHORT, "50", "49", "100"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ask(Side.LONG, "50", "50", "100"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theTierOfTheEntrysPriceBandCapsTheQuantityAtItsEdges() {
    EntrySizing.Answer below =
        EntrySizing.size(
            ask(Side.LONG, "4.99", "4.49", "10000"), CommissionModel.NONE, TIERS, List.of());
    assertThat(below.quantity()).isEqualTo(2_000);
    assertThat(below.binding().limit()).isEqualTo("priceTiers.maxShares");
    assertThat(below.binding().why())
        .isEqualTo("price band below 5 (entry at 4.99): at most 2000 shares per entry");
    EntrySizing.Answer at =
        EntrySizing.size(
            ask(Side.LONG, "5.00", "4.50", "10000"), CommissionModel.NONE, TIERS, List.of());
    assertThat(at.quantity()).as("5.00 is in the next band").isEqualTo(1_000);
    assertThat(at.binding().value()).isEqualTo("1000");
    EntrySizing.Answer dear =
        EntrySizing.size(
            ask(Side.LONG, "30.01", "29", "100000"), CommissionModel.NONE, TIERS, List.of());
    assertThat(dear.quantity()).as("25000 / 30.01 rounded down").isEqualTo(833);
    assertThat(dear.binding().limit()).isEqualTo("priceTiers.maxNotional");
    EntrySizing.Answer small =
        EntrySizing.size(
            ask(Side.LONG, "4.99", "4.49", "100"), CommissionModel.NONE, TIERS, List.of());
    assertThat(small.quantity()).isEqualTo(200);
    assertThat(small.binding().limit())
        .as("under the tier the amount binds")
        .isEqualTo(EntrySizing.AMOUNT_AT_RISK);
  }

  @Test
  void theTightestOfTheOrderLimitsAndTheRoomLeftBindsAndIsNamed() {
    RiskLimits limits =
        RiskLimits.builder()
            .priceTiers(DESK)
            .maxOrderQuantity(900L)
            .maxOrderNotional(d("8000"))
            .build();
    EntrySizing.Answer a =
        EntrySizing.size(
            ask(Side.LONG, "10", "9", "100000"), CommissionModel.NONE, limits, List.of());
    assertThat(a.quantity()).isEqualTo(800);
    assertThat(a.binding().limit()).isEqualTo("maxOrderNotional");
    assertThat(a.caps())
        .extracting(EntrySizing.Cap::limit)
        .containsExactly(
            "amountAtRisk",
            "priceTiers.maxShares",
            "priceTiers.maxNotional",
            "maxOrderQuantity",
            "maxOrderNotional");
    EntrySizing.Cap room =
        new EntrySizing.Cap("maxPositionPerSymbol", "500", 120, "room left on AAPL");
    EntrySizing.Answer roomBound =
        EntrySizing.size(
            ask(Side.LONG, "10", "9", "100000"), CommissionModel.NONE, limits, List.of(room));
    assertThat(roomBound.quantity()).isEqualTo(120);
    assertThat(roomBound.binding()).isEqualTo(room);
    EntrySizing.Answer full =
        EntrySizing.size(
            ask(Side.LONG, "10", "9", "100000"),
            CommissionModel.NONE,
            limits,
            List.of(new EntrySizing.Cap("maxPositionTotal", "300", 0, "no room left in total")));
    assertThat(full.quantity()).isZero();
    assertThat(full.problem()).isEqualTo("no room left in total: no share fits");
  }

  @Test
  void thePlansIntendedLimitsCapLikeALayerAndAreNamedAsThePlans() {
    EntrySizing.Question q = ask(Side.LONG, "12.50", "12", "100000");
    RiskLimits plan =
        RiskLimits.builder()
            .maxOrderQuantity(800L)
            .priceTiers(new PriceTiers(List.of(new PriceBandTier(d("10"), null, null, d("9000")))))
            .build();
    EntrySizing.Answer a = EntrySizing.size(q, CommissionModel.NONE, TIERS, plan, List.of());
    assertThat(a.quantity())
        .as("9000 / 12.50 = 720, under the desk's 1000 and the plan's 800")
        .isEqualTo(720);
    assertThat(a.binding().limit()).isEqualTo("plan.priceTiers.maxNotional");
    assertThat(a.binding().why())
        .isEqualTo(
            "price band from 10 (entry at 12.50): an entry worth at most 9000 (the plan's limit)");
    assertThat(a.caps())
        .extracting(EntrySizing.Cap::limit)
        .containsExactly(
            EntrySizing.AMOUNT_AT_RISK,
            "priceTiers.maxShares",
            "priceTiers.maxNotional",
            "plan.priceTiers.maxNotional",
            "plan.maxOrderQuantity");

    RiskLimits looser = RiskLimits.builder().maxOrderQuantity(5_000L).build();
    EntrySizing.Answer standing =
        EntrySizing.size(q, CommissionModel.NONE, TIERS, looser, List.of());
    assertThat(standing.quantity()).as("a plan's limit never loosens the desk's").isEqualTo(1_000);
    assertThat(standing.binding().limit()).isEqualTo("priceTiers.maxShares");
    assertThat(EntrySizing.size(q, CommissionModel.NONE, TIERS, RiskLimits.NONE, List.of()))
        .as("no plan limits: as before")
        .isEqualTo(EntrySizing.size(q, CommissionModel.NONE, TIERS, List.of()));
  }
}
