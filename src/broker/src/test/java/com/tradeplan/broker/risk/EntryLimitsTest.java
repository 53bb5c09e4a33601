package com.tradeplan.broker.risk;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.order.OrderType;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.risk.LimitLayers;
import com.tradeplan.domain.risk.LimitScope;
import com.tradeplan.domain.risk.RiskLimits;
import com.tradeplan.testkit.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Each limit: the entry (or fill) that just fits passes, the next is refused with a reason naming
 * the limit, its value and the figure that broke it. Exits pass every limit.
 */
class EntryLimitsTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T15:00:00Z"));
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final Map<String, BigDecimal> lastPrices = new HashMap<>();
  private int plans;
  private int executions;

  private EntryLimits limits(RiskLimits.Builder platform) {
    return limits(LimitLayers.of(platform.build()));
  }

  private EntryLimits limits(LimitLayers layers) {
    return new EntryLimits(
        layers, lastPrices::get, clock, ZoneId.of("America/New_York"), nanos::get);
  }

  private OrderRequest entry(String owner, String symbol, OrderAction action, long qty) {
    return OrderRequest.market(
            new OrderRef("p" + ++plans, OrderRole.ENTRY, 0, 1),
            owner,
            Instrument.stock(symbol),
            action,
            qty,
            "test")
        .withAccount("DU1");
  }

  private OrderRequest buy(String owner, long qty) {
    return entry(owner, "AAPL", OrderAction.BUY, qty);
  }

  private OrderRequest limitBuy(String owner, long qty, String price) {
    OrderRequest m = buy(owner, qty);
    return new OrderRequest(
        m.ref(),
        owner,
        m.instrument(),
        OrderAction.BUY,
        OrderType.LIMIT,
        qty,
        new BigDecimal(price),
        null,
        "test",
        "DU1");
  }

  private OrderRequest exit(OrderRequest entry, OrderRole role, long qty) {
    return OrderRequest.market(
            new OrderRef(entry.ref().planId(), role, 0, 1),
            entry.owner(),
            entry.instrument(),
            entry.action() == OrderAction.BUY ? OrderAction.SELL : OrderAction.BUY,
            qty,
            "test")
        .withAccount(entry.account());
  }

  private Fill fill(OrderRequest order, long qty, String price) {
    return new Fill(
        "E" + ++executions,
        order.ref(),
        order.action(),
        qty,
        new BigDecimal(price),
        null,
        clock.instant());
  }

  private static void admitted(EntryLimits limits, OrderRequest order) {
    EntryLimits.Admission a = limits.admitEntry(order);
    assertThat(a.admitted()).as("admitted, but refused: %s", a.refusal()).isTrue();
  }

  private static String refused(EntryLimits limits, OrderRequest order) {
    EntryLimits.Admission a = limits.admitEntry(order);
    assertThat(a.admitted()).as("refused").isFalse();
    return a.refusal();
  }

  @Test
  void maximumOrderQuantityLetsTheLargestEntryThroughAndRefusesOneMore() {
    EntryLimits limits = limits(RiskLimits.builder().maxOrderQuantity(100L));
    admitted(limits, buy("alice", 100));
    assertThat(refused(limits, buy("alice", 101)))
        .isEqualTo(
            "entry quantity 101 exceeds the maximum of 100 per order (maximum order quantity)");
  }

  @Test
  void maximumPositionPerSymbolCountsTheOpenPositionAndTheWorkingEntries() {
    EntryLimits limits = limits(RiskLimits.builder().maxPositionPerSymbol(500L));
    OrderRequest first = buy("alice", 300);
    admitted(limits, first);
    limits.onFill(fill(first, 300, "10"));
    OrderRequest working = buy("alice", 100);
    admitted(limits, working);
    admitted(limits, buy("alice", 100)); // 300 + 100 + 100 = 500: just fits
    assertThat(refused(limits, buy("alice", 1)))
        .isEqualTo(
            "maximum position per symbol 500 on AAPL for user alice exceeded (position 300,"
                + " working entries +200, this entry +1: 501 shares)");
    assertThat(limits.admitEntry(entry("alice", "MSFT", OrderAction.BUY, 500)).admitted())
        .as("another symbol has its own room")
        .isTrue();
  }

  @Test
  void aCancelledEntryGivesItsRoomBack() {
    EntryLimits limits = limits(RiskLimits.builder().maxPositionPerSymbol(100L));
    OrderRequest first = buy("alice", 100);
    admitted(limits, first);
    refused(limits, buy("alice", 1));
    limits.onOrderUpdate(OrderUpdate.status(first.ref(), OrderStatus.CANCELLED));
    admitted(limits, buy("alice", 100));
  }

  @Test
  void maximumPositionPerSymbolOfAnAccountCountsEveryUserOfIt() {
    LimitLayers layers =
        LimitLayers.of(RiskLimits.NONE)
            .with(
                LimitScope.ACCOUNT, "DU1", RiskLimits.builder().maxPositionPerSymbol(150L).build());
    EntryLimits limits = limits(layers);
    admitted(limits, buy("alice", 100));
    admitted(limits, buy("bob", 50));
    assertThat(refused(limits, buy("bob", 1)))
        .isEqualTo(
            "maximum position per symbol 150 on AAPL for account DU1 exceeded (position 0,"
                + " working entries +150, this entry +1: 151 shares)");
  }

  @Test
  void maximumTotalPositionAddsEverySymbol() {
    EntryLimits limits = limits(RiskLimits.builder().maxPositionTotal(300L));
    OrderRequest aapl = buy("alice", 200);
    admitted(limits, aapl);
    limits.onFill(fill(aapl, 200, "10"));
    admitted(limits, entry("alice", "MSFT", OrderAction.SELL, 100));
    assertThat(refused(limits, entry("alice", "IBM", OrderAction.BUY, 1)))
        .isEqualTo(
            "maximum total position 300 for user alice exceeded (positions 200 + working"
                + " entries 100 + this entry 1 = 301 shares)");
  }

  @Test
  void maximumOrderNotionalValuesAMarketEntryAtTheLastPrice() {
    lastPrices.put("AAPL", new BigDecimal("100.00"));
    EntryLimits limits = limits(RiskLimits.builder().maxOrderNotional(new BigDecimal("10000")));
    admitted(limits, buy("alice", 100));
    assertThat(refused(limits, buy("alice", 101)))
        .isEqualTo("maximum order notional 10000 exceeded: this entry on AAPL is worth 10100.00");
  }

  @Test
  void anEntryWithNoPriceKnownIsRefusedWhileANotionalLimitHolds() {
    EntryLimits limits = limits(RiskLimits.builder().maxOrderNotional(new BigDecimal("10000")));
    assertThat(refused(limits, buy("alice", 1)))
        .isEqualTo(
            "no price known for AAPL to value the entry against its notional limits: entry"
                + " refused");
  }

  @Test
  void maximumOpenNotionalCountsPositionsAtTheirEntryPriceAndWorkingEntries() {
    lastPrices.put("AAPL", new BigDecimal("50"));
    EntryLimits limits = limits(RiskLimits.builder().maxOpenNotional(new BigDecimal("10000")));
    OrderRequest first = buy("alice", 100);
    admitted(limits, first);
    limits.onFill(fill(first, 100, "40")); // position worth 4000 at its entry price
    admitted(limits, buy("alice", 120)); // working 6000: 10000 just fits
    assertThat(refused(limits, buy("alice", 1)))
        .isEqualTo(
            "maximum open notional 10000 for user alice exceeded (positions 4000 + working"
                + " entries 6000 + this entry 50 = 10050)");
  }

  @Test
  void priceCollarInPercentAndInTicks() {
    lastPrices.put("AAPL", new BigDecimal("100.00"));
    EntryLimits percent = limits(RiskLimits.builder().priceCollarPercent(new BigDecimal("1")));
    admitted(percent, limitBuy("alice", 1, "101.00"));
    assertThat(refused(percent, limitBuy("alice", 1, "101.01")))
        .isEqualTo(
            "price collar 1% exceeded: entry price 101.01 is 1.01% from the last price 100.00"
                + " of AAPL");
    EntryLimits ticks = limits(RiskLimits.builder().priceCollarTicks(5));
    admitted(ticks, limitBuy("bob", 1, "99.95"));
    assertThat(refused(ticks, limitBuy("bob", 1, "99.94")))
        .isEqualTo(
            "price collar 5 ticks exceeded: entry price 99.94 is 6 ticks from the last price"
                + " 100.00 of AAPL");
    lastPrices.clear();
    assertThat(refused(ticks, limitBuy("bob", 1, "99.95")))
        .startsWith("price collar on AAPL: no last price known");
    admitted(ticks, buy("bob", 1)); // a market entry has no price of its own to collar
  }

  @Test
  void maximumDailyLossBlocksEntriesOnceTheRealizedLossReachesItAndANewDayClearsIt() {
    EntryLimits limits = limits(RiskLimits.builder().maxDailyLoss(new BigDecimal("100")));
    List<String> told = new ArrayList<>();
    limits.setLossLimitListener(
        r -> told.add(r.holderKind() + " " + r.holder() + " " + r.realized()));
    OrderRequest first = buy("alice", 10);
    admitted(limits, first);
    limits.onFill(fill(first, 10, "50.00"));
    OrderRequest stop = exit(first, OrderRole.STOP, 10);
    limits.exitSent(stop);
    limits.onFill(fill(stop, 10, "40.01")); // loses 99.90
    admitted(limits, buy("alice", 1));
    limits.onCommission("E2", stop.ref(), new BigDecimal("0.10")); // now exactly 100.00
    assertThat(refused(limits, buy("alice", 1)))
        .isEqualTo(
            "maximum daily loss 100 for user alice reached (realized P&L today -100): no new"
                + " entries until the next trading day");
    assertThat(told).containsExactly("user alice -100.00");
    admitted(limits, buy("bob", 1));
    clock.advance(Duration.ofHours(12)); // 22:00 New York the same day: still today
    refused(limits, buy("alice", 1));
    clock.advance(Duration.ofHours(6)); // the next day in New York
    admitted(limits, buy("alice", 1));
  }

  @Test
  void maximumCumulativeLossCountsEveryDayAndTheEarlierRecordedLossAndANewDayDoesNotClearIt() {
    EntryLimits limits =
        limits(
            RiskLimits.builder().maxCumulativeLoss(new BigDecimal("100")).flattenOnLossLimit(true));
    List<LossLimitListener.Reached> told = new ArrayList<>();
    limits.setLossLimitListener(told::add);
    limits.setRealizedEarlier("alice", new BigDecimal("-60")); // recorded before a restart
    OrderRequest first = buy("alice", 10);
    admitted(limits, first);
    limits.onFill(fill(first, 10, "50.00"));
    OrderRequest stop = exit(first, OrderRole.STOP, 10);
    limits.exitSent(stop);
    limits.onFill(fill(stop, 10, "46.01")); // loses 39.90: -99.90 in all
    admitted(limits, buy("alice", 1)); // just fits
    assertThat(told).isEmpty();
    limits.onCommission("E2", stop.ref(), new BigDecimal("0.10")); // now exactly -100.00
    assertThat(refused(limits, buy("alice", 1)))
        .isEqualTo(
            "maximum cumulative loss 100 for user alice reached (realized P&L over every recorded"
                + " trade -100): no new entries until an operator raises or removes the limit");
    assertThat(told).hasSize(1);
    assertThat(told.get(0).limit()).isEqualTo(LossLimitListener.CUMULATIVE);
    assertThat(told.get(0).holder()).isEqualTo("alice");
    assertThat(told.get(0).flatten()).as("the limits ask to flatten").isTrue();
    assertThat(limits.realizedCumulative("alice")).isEqualByComparingTo("-100");
    admitted(limits, buy("bob", 1));
    clock.advance(Duration.ofDays(1)); // a new day clears the daily loss, not this one
    refused(limits, buy("alice", 1));
    assertThat(told).as("told once").hasSize(1);
  }

  @Test
  void aLossLimitLoweredUnderTheLossAlreadyMadeIsToldAtTheChangeWithoutAFill() {
    EntryLimits limits = limits(RiskLimits.builder().maxDailyLoss(new BigDecimal("100")));
    List<LossLimitListener.Reached> told = new ArrayList<>();
    limits.setLossLimitListener(told::add);
    OrderRequest first = buy("alice", 10);
    admitted(limits, first);
    limits.onFill(fill(first, 10, "50.00"));
    OrderRequest stop = exit(first, OrderRole.STOP, 10);
    limits.exitSent(stop);
    limits.onFill(fill(stop, 10, "44.00")); // loses 60: alice and account DU1 at -60
    admitted(limits, buy("bob", 1)); // bob of DU1 too, nothing lost
    LimitLayers platformOnly =
        LimitLayers.of(RiskLimits.builder().maxDailyLoss(new BigDecimal("100")).build());
    limits.setLayers(
        platformOnly.with(
            LimitScope.USER,
            "alice",
            RiskLimits.builder().maxDailyLoss(new BigDecimal("61")).build()));
    assertThat(told).as("61 is still above the loss of 60").isEmpty();

    limits.setLayers(
        platformOnly
            .with(
                LimitScope.USER,
                "alice",
                RiskLimits.builder()
                    .maxDailyLoss(new BigDecimal("60"))
                    .maxCumulativeLoss(new BigDecimal("50"))
                    .flattenOnLossLimit(true)
                    .build())
            .with(
                LimitScope.ACCOUNT,
                "DU1",
                RiskLimits.builder().maxDailyLoss(new BigDecimal("40")).build()));
    assertThat(told)
        .as("told at the change, no fill since; bob lost nothing")
        .containsExactlyInAnyOrder(
            new LossLimitListener.Reached(
                LossLimitListener.DAILY,
                "user",
                "alice",
                new BigDecimal("60"),
                new BigDecimal("-60.00"),
                true,
                true),
            new LossLimitListener.Reached(
                LossLimitListener.CUMULATIVE,
                "user",
                "alice",
                new BigDecimal("50"),
                new BigDecimal("-60.00"),
                true,
                true),
            new LossLimitListener.Reached(
                LossLimitListener.DAILY,
                "account",
                "DU1",
                new BigDecimal("40"),
                new BigDecimal("-60.00"),
                false,
                true));
    assertThat(refused(limits, buy("alice", 1))).contains("maximum daily loss 60 for user alice");

    limits.setLayers(
        limits
            .layers()
            .with(LimitScope.USER, "bob", RiskLimits.builder().maxOrderQuantity(5L).build()));
    assertThat(told).as("each told once, whatever changes next").hasSize(3);
  }

  @Test
  void stopLossCooldownRefusesEntriesOnTheSymbolUntilItPasses() {
    EntryLimits limits = limits(RiskLimits.builder().stopLossCooldownSeconds(300L));
    OrderRequest first = buy("alice", 10);
    admitted(limits, first);
    limits.onFill(fill(first, 10, "50"));
    OrderRequest stop = exit(first, OrderRole.STOP, 10);
    limits.exitSent(stop);
    limits.onFill(fill(stop, 10, "49"));
    clock.advance(Duration.ofSeconds(299));
    assertThat(refused(limits, buy("alice", 1)))
        .isEqualTo("stop-loss cooldown 300 s on AAPL for user alice (stopped out 299 s ago)");
    admitted(limits, entry("alice", "MSFT", OrderAction.BUY, 1));
    admitted(limits, buy("bob", 1));
    clock.advance(Duration.ofSeconds(1));
    admitted(limits, buy("alice", 1));
  }

  @Test
  void aTargetFillStartsNoCooldown() {
    EntryLimits limits = limits(RiskLimits.builder().stopLossCooldownSeconds(300L));
    OrderRequest first = buy("alice", 10);
    admitted(limits, first);
    limits.onFill(fill(first, 10, "50"));
    OrderRequest target = exit(first, OrderRole.TARGET, 10);
    limits.exitSent(target);
    limits.onFill(fill(target, 10, "55"));
    admitted(limits, buy("alice", 1));
  }

  @Test
  void entryStaggerSpacesEntriesOnOneSymbol() {
    EntryLimits limits = limits(RiskLimits.builder().entryStaggerMillis(2_000L));
    admitted(limits, buy("alice", 1));
    clock.advance(Duration.ofMillis(1_999));
    assertThat(refused(limits, buy("alice", 1)))
        .isEqualTo("entry stagger 2000 ms on AAPL for user alice (previous entry 1999 ms ago)");
    admitted(limits, entry("alice", "MSFT", OrderAction.BUY, 1));
    clock.advance(Duration.ofMillis(1));
    admitted(limits, buy("alice", 1));
  }

  @Test
  void ordersPerSecondPerUserPerAccountAndForThePlatform() {
    LimitLayers layers =
        LimitLayers.of(
                RiskLimits.builder()
                    .ordersPerSecond(2)
                    .orderBurst(2)
                    .platformOrdersPerSecond(5)
                    .build())
            .with(
                LimitScope.ACCOUNT,
                "DU1",
                RiskLimits.builder().ordersPerSecond(3).orderBurst(3).build());
    EntryLimits limits = limits(layers);
    admitted(limits, buy("alice", 1));
    admitted(limits, buy("alice", 1));
    assertThat(refused(limits, buy("alice", 1)))
        .isEqualTo(
            "order rate limit 2/s (burst 2) for owner alice reached (3 entries in the last"
                + " second with this one)");
    admitted(limits, buy("bob", 1));
    assertThat(refused(limits, buy("bob", 1)))
        .isEqualTo(
            "order rate limit 3/s (burst 3) for account DU1 reached (4 entries in the last"
                + " second with this one)");
    admitted(limits, buy("carol", 1).withAccount("DU2"));
    admitted(limits, buy("dave", 1).withAccount("DU3"));
    assertThat(refused(limits, buy("erin", 1).withAccount("DU4")))
        .isEqualTo(
            "platform order rate limit 5/s reached (6 entries in the last second with this one)");
    nanos.addAndGet(1_000_000_000L);
    admitted(limits, buy("alice", 1));
  }

  @Test
  void theTightestLayerHoldsAndAPlanLayerBindsOnlyItsPlan() {
    LimitLayers layers =
        LimitLayers.of(RiskLimits.builder().maxOrderQuantity(1_000L).build())
            .with(LimitScope.USER, "alice", RiskLimits.builder().maxOrderQuantity(200L).build())
            .with(LimitScope.PLAN, "p9", RiskLimits.builder().maxOrderQuantity(50L).build());
    EntryLimits limits = limits(layers);
    admitted(limits, buy("bob", 1_000));
    admitted(limits, buy("alice", 200));
    refused(limits, buy("alice", 201));
    plans = 8; // the next entry is plan p9
    assertThat(refused(limits, buy("alice", 51))).contains("maximum of 50");
  }

  @Test
  void exitsPassEveryLimitAndUseNoRate() {
    EntryLimits limits =
        limits(
            RiskLimits.builder()
                .maxOrderQuantity(1L)
                .maxPositionPerSymbol(1L)
                .maxPositionTotal(1L)
                .ordersPerSecond(1)
                .orderBurst(1)
                .maxDailyLoss(new BigDecimal("1"))
                .entryStaggerMillis(60_000L));
    OrderRequest first = buy("alice", 1);
    admitted(limits, first);
    limits.onFill(fill(first, 1, "10"));
    for (OrderRole role : new OrderRole[] {OrderRole.STOP, OrderRole.TARGET, OrderRole.FLATTEN}) {
      limits.exitSent(exit(first, role, 500)); // an exit is recorded, never checked
    }
    assertThat(limits.trackedOrders()).isEqualTo(3);
  }

  @Test
  void aFillThatReachesTheMaximumCancelsTheAccountsWorkingEntriesOnTheSymbol() {
    LimitLayers wide =
        LimitLayers.of(RiskLimits.NONE)
            .with(
                LimitScope.ACCOUNT,
                "DU1",
                RiskLimits.builder().maxPositionPerSymbol(1_000L).build());
    EntryLimits limits = limits(wide);
    OrderRequest alice = buy("alice", 400);
    OrderRequest bob = buy("bob", 300);
    OrderRequest other = entry("bob", "MSFT", OrderAction.BUY, 300);
    admitted(limits, alice);
    admitted(limits, bob);
    admitted(limits, other);
    limits.setLayers(
        LimitLayers.of(RiskLimits.NONE)
            .with(
                LimitScope.ACCOUNT,
                "DU1",
                RiskLimits.builder().maxPositionPerSymbol(400L).build()));
    assertThat(limits.onFill(fill(alice, 399, "10"))).as("399 < 400: nothing cancelled").isEmpty();
    List<EntryLimits.Cancel> cancels = limits.onFill(fill(alice, 1, "10"));
    assertThat(cancels).extracting(EntryLimits.Cancel::ref).containsExactly(bob.ref());
    assertThat(cancels.get(0).reason())
        .isEqualTo(
            "maximum position per symbol 400 on AAPL for account DU1 reached by execution E2"
                + " (position 400): working entry cancelled");
  }

  @Test
  void aReplayedExecutionCountsOnce() {
    EntryLimits limits = limits(RiskLimits.builder().maxPositionPerSymbol(100L));
    OrderRequest first = buy("alice", 60);
    admitted(limits, first);
    Fill f = fill(first, 30, "10");
    limits.onFill(f);
    limits.onFill(f);
    assertThat(limits.position("alice", "AAPL")).isEqualTo(30);
    admitted(limits, buy("alice", 40)); // 30 + 30 working + 40 = 100
  }

  @Test
  void theSameOrderRefSentAgainIsNotCountedTwice() {
    EntryLimits limits = limits(RiskLimits.builder().maxPositionPerSymbol(100L));
    OrderRequest first = buy("alice", 100);
    admitted(limits, first);
    admitted(limits, first); // the broker behind answers DUPLICATE
    limits.notSent(first.ref());
    admitted(limits, buy("alice", 100));
  }
}
