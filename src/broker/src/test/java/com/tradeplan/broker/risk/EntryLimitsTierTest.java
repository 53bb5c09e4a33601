package com.tradeplan.broker.risk;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.commission.CommissionModel;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderType;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.risk.EntrySizing;
import com.tradeplan.domain.risk.LimitLayers;
import com.tradeplan.domain.risk.LimitScope;
import com.tradeplan.domain.risk.PriceBandTier;
import com.tradeplan.domain.risk.PriceTiers;
import com.tradeplan.domain.risk.RiskLimits;
import com.tradeplan.testkit.MutableClock;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The price band's tier at the gate: the entry that just fits its band passes, one share (or one
 * cent of value) more is refused naming the tier, its value and the figure; the band is the entry's
 * price's (its limit price, else the last price). And the room the figures leave for sizing is the
 * room the gate then grants.
 */
class EntryLimitsTierTest {
  private final Map<String, BigDecimal> lastPrices = new HashMap<>();
  private int plans;

  private static BigDecimal d(String s) {
    return new BigDecimal(s);
  }

  private static final PriceTiers DESK =
      new PriceTiers(
          List.of(
              new PriceBandTier(d("0"), d("5"), 2_000L, null),
              new PriceBandTier(d("5"), d("20"), 1_000L, d("15000")),
              new PriceBandTier(d("20"), null, null, d("25000"))));

  private EntryLimits limits(LimitLayers layers) {
    return new EntryLimits(
        layers,
        lastPrices::get,
        new MutableClock(Instant.parse("2026-03-02T15:00:00Z")),
        ZoneId.of("America/New_York"),
        () -> 1_000_000_000L);
  }

  private OrderRequest buy(long qty, String limitPrice) {
    return new OrderRequest(
        new OrderRef("p" + ++plans, OrderRole.ENTRY, 0, 1),
        "alice",
        Instrument.stock("AAPL"),
        OrderAction.BUY,
        limitPrice == null ? OrderType.MARKET : OrderType.LIMIT,
        qty,
        limitPrice == null ? null : d(limitPrice),
        null,
        "test",
        "DU1");
  }

  private static String verdict(EntryLimits limits, OrderRequest order) {
    EntryLimits.Admission a = limits.admitEntry(order);
    return a.admitted() ? "admitted" : a.refusal();
  }

  @Test
  void theBandOfTheLastPriceCapsAMarketEntryInSharesUpToItsEdge() {
    EntryLimits limits = limits(LimitLayers.of(RiskLimits.builder().priceTiers(DESK).build()));
    lastPrices.put("AAPL", d("4.99"));
    assertThat(verdict(limits, buy(2_000, null))).isEqualTo("admitted");
    assertThat(verdict(limits, buy(2_001, null)))
        .isEqualTo(
            "price tier maxShares 2000 of the price band below 5 exceeded: 2001 shares"
                + " (this entry on AAPL at 4.99)");
    lastPrices.put("AAPL", d("5.00"));
    assertThat(verdict(limits, buy(1_001, null)))
        .as("5.00 is the next band's")
        .isEqualTo(
            "price tier maxShares 1000 of the price band 5 to 20 exceeded: 1001 shares"
                + " (this entry on AAPL at 5.00)");
    assertThat(verdict(limits, buy(1_000, null))).isEqualTo("admitted");
  }

  @Test
  void aLimitEntryIsBandedAtItsLimitPriceAndCappedInValue() {
    EntryLimits limits = limits(LimitLayers.of(RiskLimits.builder().priceTiers(DESK).build()));
    lastPrices.put("AAPL", d("30"));
    assertThat(verdict(limits, buy(1_000, "15.00")))
        .as("worth 15000 exactly")
        .isEqualTo("admitted");
    assertThat(verdict(limits, buy(1_000, "15.01")))
        .isEqualTo(
            "price tier maxNotional 15000 of the price band 5 to 20 exceeded: worth 15010"
                + " (this entry on AAPL at 15.01)");
    assertThat(verdict(limits, buy(833, "30.01"))).isEqualTo("admitted");
    assertThat(verdict(limits, buy(834, "30.01")))
        .isEqualTo(
            "price tier maxNotional 25000 of the price band from 20 exceeded: worth 25028.34"
                + " (this entry on AAPL at 30.01)");
  }

  @Test
  void withTiersAndNoPriceKnownAMarketEntryIsRefusedAndAPlanLayerTightensItsPlanOnly() {
    LimitLayers layers =
        LimitLayers.of(RiskLimits.builder().priceTiers(DESK).build())
            .with(
                LimitScope.PLAN,
                "p2",
                RiskLimits.builder()
                    .priceTiers(new PriceTiers(List.of(new PriceBandTier(d("0"), null, 10L, null))))
                    .build());
    EntryLimits limits = limits(layers);
    assertThat(verdict(limits, buy(1, null)))
        .isEqualTo("no price known for AAPL to find its price band's tier: entry refused");
    assertThat(verdict(limits, buy(11, "4.00")))
        .isEqualTo(
            "price tier maxShares 10 of the price band below 5 exceeded: 11 shares"
                + " (this entry on AAPL at 4.00)");
    assertThat(verdict(limits, buy(11, "4.00"))).as("p3 has no plan layer").isEqualTo("admitted");
  }

  @Test
  void theRoomLeftForSizingIsWhatTheGateThenGrants() {
    EntryLimits limits =
        limits(
            LimitLayers.of(
                RiskLimits.builder()
                    .maxPositionPerSymbol(500L)
                    .maxOpenNotional(d("20000"))
                    .build()));
    lastPrices.put("AAPL", d("10"));
    assertThat(verdict(limits, buy(300, null))).isEqualTo("admitted");
    List<EntrySizing.Cap> room = limits.sizingRoom("alice", "DU1", "AAPL", true, d("10"));
    assertThat(room).extracting(EntrySizing.Cap::shares).containsExactly(200L, 1_700L);
    assertThat(room.get(0).why())
        .isEqualTo(
            "maximum position per symbol 500 on AAPL for user alice (position 0, working entries"
                + " +300: room for 200 shares)");
    EntrySizing.Answer sized =
        EntrySizing.size(
            new EntrySizing.Question("AAPL", Side.LONG, d("10"), d("9"), d("100000")),
            CommissionModel.IB_FIXED,
            RiskLimits.NONE,
            room);
    assertThat(sized.quantity()).isEqualTo(200);
    assertThat(sized.binding().limit()).isEqualTo("maxPositionPerSymbol");
    assertThat(verdict(limits, buy(201, null))).startsWith("maximum position per symbol 500");
    assertThat(verdict(limits, buy(200, null))).isEqualTo("admitted");
    assertThat(limits.sizingRoom("bob", null, "AAPL", false, d("10")))
        .as("a user with nothing counted has the whole limit")
        .extracting(EntrySizing.Cap::shares)
        .containsExactly(500L, 2_000L);
  }
}
