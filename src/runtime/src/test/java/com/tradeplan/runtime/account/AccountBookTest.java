package com.tradeplan.runtime.account;

import static com.tradeplan.runtime.account.Book.DAY_START;
import static com.tradeplan.runtime.account.Book.TODAY;
import static com.tradeplan.runtime.account.Book.YESTERDAY;
import static com.tradeplan.runtime.account.Book.inputs;
import static com.tradeplan.runtime.account.Book.longPlan;
import static com.tradeplan.runtime.account.Book.shortPlan;
import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.risk.RiskLimits;
import com.tradeplan.runtime.account.AccountInputs.KillSwitchOn;
import com.tradeplan.runtime.account.AccountSummary.Alert;
import com.tradeplan.runtime.account.AccountSummary.LimitRoom;
import com.tradeplan.runtime.account.AccountSummary.PlanRisk;
import com.tradeplan.runtime.account.AccountSummary.SymbolPosition;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The account's figures, one rule at a time, with amounts worked out by hand. */
class AccountBookTest {
  private static BigDecimal d(String s) {
    return new BigDecimal(s);
  }

  @Test
  void aLongPositionRisksTheDistanceFromTheLastPriceDownToItsActiveStop() {
    var plan =
        longPlan("P1", "AAPL")
            .stop("98.00")
            .activeStop("98.00")
            .last("105.00")
            .entryFill(100, "100.00", TODAY, "1.00");
    PlanRisk r = AccountBook.summarize(inputs(List.of(plan), List.of())).plansAtRisk().get(0);
    assertThat(r.referenceKind()).isEqualTo("LAST");
    assertThat(r.positionRisk()).as("100 x (105.00 - 98.00)").isEqualByComparingTo("700.00");
    assertThat(r.moneyAtRisk()).isEqualByComparingTo("700.00");
    assertThat(r.protectedFully()).isTrue();
  }

  @Test
  void aShortPositionRisksTheDistanceFromTheLastPriceUpToItsActiveStop() {
    var plan =
        shortPlan("P2", "MSFT")
            .entry("100.00")
            .stop("102.00")
            .activeStop("102.00")
            .last("97.00")
            .entryFill(50, "100.00", TODAY, "0.50");
    AccountSummary a = AccountBook.summarize(inputs(List.of(plan), List.of()));
    assertThat(a.plansAtRisk().get(0).positionRisk())
        .as("50 x (102 - 97)")
        .isEqualByComparingTo("250.00");
    assertThat(a.moneyAtRisk()).isEqualByComparingTo("250.00");
    SymbolPosition p = a.positions().get(0);
    assertThat(p.netPosition()).isEqualTo(-50);
    assertThat(p.unrealizedPnl())
        .as("a short gains as the price falls")
        .isEqualByComparingTo("150");
  }

  @Test
  void aStopAtOrThroughThePriceRisksNothingMore() {
    var plan =
        longPlan("P3", "AAPL")
            .stop("98.00")
            .activeStop("98.00")
            .last("97.50")
            .entryFill(100, "100.00", TODAY, "0");
    assertThat(AccountBook.summarize(inputs(List.of(plan), List.of())).moneyAtRisk())
        .isEqualByComparingTo("0");
  }

  @Test
  void withoutALastPriceTheAverageEntryPriceStandsIn() {
    var plan =
        longPlan("P4", "AAPL")
            .stop("98.00")
            .activeStop("98.00")
            .last(null)
            .entryFill(60, "100.00", TODAY, "0")
            .entryFill(40, "101.00", TODAY, "0");
    AccountSummary a = AccountBook.summarize(inputs(List.of(plan), List.of()));
    PlanRisk r = a.plansAtRisk().get(0);
    assertThat(r.referenceKind()).isEqualTo("AVERAGE_ENTRY");
    assertThat(r.referencePrice()).isEqualByComparingTo("100.40");
    assertThat(r.positionRisk()).as("100 x (100.40 - 98.00)").isEqualByComparingTo("240.00");
    assertThat(a.alerts()).extracting(Alert::kind).contains("NO_PRICE");
  }

  @Test
  void anActivePlanRisksItsWholeQuantityFromTheEntryToTheStopInForceAtTheFill() {
    var plain =
        longPlan("P5", "AAPL")
            .entry("101.00")
            .stop("99.00")
            .stop("99.50", "102.00")
            .status(PlanStatus.ACTIVE)
            .last("100.00");
    PlanRisk r = AccountBook.summarize(inputs(List.of(plain), List.of())).plansAtRisk().get(0);
    assertThat(r.openEntryQuantity()).isEqualTo(100);
    assertThat(r.entryStop())
        .as("a stop that waits for 102.00 does not protect the fill")
        .isEqualByComparingTo("99.00");
    assertThat(r.entryRisk()).isEqualByComparingTo("200.00");

    var trailing =
        shortPlan("P6", "AAPL")
            .entry("100.00")
            .stop("103.00")
            .trailing("1.50")
            .status(PlanStatus.ACTIVE);
    PlanRisk t = AccountBook.summarize(inputs(List.of(trailing), List.of())).plansAtRisk().get(0);
    assertThat(t.entryStop())
        .as("the trailing stop is tighter: 100.00 + 1.50")
        .isEqualByComparingTo("101.50");
    assertThat(t.entryRisk()).isEqualByComparingTo("150.00");
  }

  @Test
  void aPartlyFilledEntryRisksItsPositionAndWhatIsLeftOfTheEntry() {
    var plan =
        longPlan("P7", "QQQ")
            .entry("101.00")
            .stop("99.00")
            .activeStop("99.00")
            .last("101.50")
            .entryFill(40, "101.00", TODAY, "0")
            .order(OrderRole.ENTRY, 100, 40, OrderStatus.SUBMITTED);
    AccountSummary a = AccountBook.summarize(inputs(List.of(plan), List.of()));
    PlanRisk r = a.plansAtRisk().get(0);
    assertThat(r.positionRisk()).as("40 x 2.50").isEqualByComparingTo("100.00");
    assertThat(r.openEntryQuantity()).isEqualTo(60);
    assertThat(r.entryRisk()).as("60 x 2.00").isEqualByComparingTo("120.00");
    assertThat(r.moneyAtRisk()).isEqualByComparingTo("220.00");
    assertThat(a.workingOrders())
        .singleElement()
        .satisfies(o -> assertThat(o.status()).isEqualTo("Submitted"));
    LimitRoom total = limit(a, "maxPositionTotal");
    assertThat(total.used()).as("40 held + 60 working").isEqualByComparingTo("100");
  }

  @Test
  void sharesWithoutAnActiveStopAreNamedAndLeftOutOfTheTotal() {
    var naked =
        longPlan("P8", "AAPL")
            .stop("98.00", "103.00")
            .activeStop(null)
            .last("101.00")
            .entryFill(100, "100.00", TODAY, "0");
    var covered =
        longPlan("P9", "AAPL")
            .stop("98.00")
            .activeStop("98.00")
            .last("101.00")
            .entryFill(10, "100.00", TODAY, "0");
    AccountSummary a = AccountBook.summarize(inputs(List.of(naked, covered), List.of()));
    assertThat(a.plansAtRisk().get(0).protectedFully()).isFalse();
    assertThat(a.plansAtRisk().get(0).positionRisk()).isNull();
    assertThat(a.moneyAtRisk()).isEqualByComparingTo("30.00");
    assertThat(a.alerts())
        .extracting(Alert::kind, Alert::subject)
        .contains(org.assertj.core.groups.Tuple.tuple("NO_ACTIVE_STOP", "P8"));
  }

  @Test
  void todayCountsTheExitFillsAndCommissionsOfTheDayAtTheAverageEntryBeforeThem() {
    var plan =
        longPlan("P10", "AAPL")
            .entryFill(100, "100.00", YESTERDAY, "1.00")
            .exitFill(50, "104.00", YESTERDAY, "0.50")
            .entryFill(50, "106.00", TODAY, "0.50")
            .exitFill(100, "107.00", TODAY, "1.00");
    AccountSummary a = AccountBook.summarize(inputs(List.of(), List.of(plan)));
    // yesterday: 50 x (104 - 100) = 200; today: avg (100x100 + 50x106) / 150 = 102, 100 x 5 = 500
    assertThat(a.today().realizedPnl()).isEqualByComparingTo("498.50");
    assertThat(a.today().commission()).isEqualByComparingTo("1.50");
    assertThat(a.total().realizedPnl()).isEqualByComparingTo("697.00");
    assertThat(a.total().commission()).isEqualByComparingTo("3.00");
    assertThat(a.positions())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.netPosition()).isZero();
              assertThat(p.averagePrice()).isNull();
              assertThat(p.realizedTodayPnl()).isEqualByComparingTo("498.50");
            });
  }

  @Test
  void aSymbolHeldLongAndShortNetsItsSharesAndAveragesTheSideItIsOn() {
    var buy =
        longPlan("P11", "SPY")
            .stop("90.00")
            .activeStop("90.00")
            .last("105.00")
            .entryFill(100, "100.00", TODAY, "0");
    var sell =
        shortPlan("P12", "SPY")
            .entry("110.00")
            .stop("120.00")
            .activeStop("120.00")
            .last("105.00")
            .entryFill(30, "110.00", TODAY, "0");
    SymbolPosition p =
        AccountBook.summarize(inputs(List.of(buy, sell), List.of())).positions().get(0);
    assertThat(p.netPosition()).isEqualTo(70);
    assertThat(p.longShares()).isEqualTo(100);
    assertThat(p.shortShares()).isEqualTo(30);
    assertThat(p.averagePrice()).isEqualByComparingTo("100.00");
    assertThat(p.unrealizedPnl()).as("+500 long, +150 short").isEqualByComparingTo("650");
  }

  @Test
  void theLimitsInForceSayWhatTheyLeaveAndADailyLossReachedIsAnAlert() {
    var lost =
        longPlan("P13", "AAPL")
            .entryFill(100, "100.00", TODAY, "0")
            .exitFill(100, "98.50", TODAY, "0");
    var held =
        longPlan("P14", "MSFT")
            .stop("45.00")
            .activeStop("45.00")
            .last("50.00")
            .entryFill(20, "50.00", TODAY, "0");
    RiskLimits limits =
        new RiskLimits(
            null, null, 100L, 300L, d("5000"), null, null, null, null, null, d("150"), null, null,
            10, null, null);
    AccountSummary a =
        AccountBook.summarize(
            inputs(
                List.of(held),
                List.of(lost),
                limits,
                List.of(new KillSwitchOn("user:alice", "stepping away", "alice", TODAY))));
    assertThat(limit(a, "maxPositionPerSymbol").left()).isEqualByComparingTo("80");
    assertThat(limit(a, "maxPositionPerSymbol").where()).isEqualTo("MSFT");
    assertThat(limit(a, "maxPositionTotal").left()).isEqualByComparingTo("280");
    assertThat(limit(a, "maxOpenNotional").used()).isEqualByComparingTo("1000");
    assertThat(limit(a, "maxOpenNotional").left()).isEqualByComparingTo("4000");
    assertThat(limit(a, "maxDailyLoss").used()).isEqualByComparingTo("150");
    assertThat(limit(a, "maxDailyLoss").left()).isEqualByComparingTo("0");
    assertThat(limit(a, "maxOpenPlans").left()).isEqualByComparingTo("9");
    assertThat(limit(a, "maxOrderQuantity").value()).as("no limit").isNull();
    assertThat(a.alerts()).extracting(Alert::kind).contains("DAILY_LOSS_LIMIT", "KILL_SWITCH");
    assertThat(
            a.alerts().stream()
                .filter(x -> x.kind().equals("KILL_SWITCH"))
                .findFirst()
                .orElseThrow()
                .message())
        .contains("user:alice", "stepping away", "New entries are refused");
  }

  @Test
  void aSymbolWithoutFreshTicksIsAnAlert() {
    var plan =
        longPlan("P15", "QQQ")
            .stop("98.00")
            .activeStop("98.00")
            .last("100.00")
            .stale()
            .entryFill(10, "100.00", TODAY, "0");
    assertThat(AccountBook.summarize(inputs(List.of(plan), List.of())).alerts())
        .extracting(Alert::kind, Alert::subject)
        .contains(org.assertj.core.groups.Tuple.tuple("STALE_MARKET_DATA", "QQQ"));
  }

  @Test
  void draftsRiskNothing() {
    var draft = longPlan("P16", "AAPL").status(PlanStatus.DRAFT);
    AccountSummary a = AccountBook.summarize(inputs(List.of(draft), List.of()));
    assertThat(a.plansAtRisk()).isEmpty();
    assertThat(a.moneyAtRisk()).isEqualByComparingTo("0");
    assertThat(limit(a, "maxOpenPlans").used()).isEqualByComparingTo("0");
    assertThat(DAY_START).isBefore(TODAY);
  }

  private static LimitRoom limit(AccountSummary a, String name) {
    return a.limits().stream().filter(l -> l.limit().equals(name)).findFirst().orElseThrow();
  }
}
