package com.tradeplan.runtime.account;

import static com.tradeplan.runtime.account.Book.TODAY;
import static com.tradeplan.runtime.account.Book.YESTERDAY;
import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.runtime.account.AccountSummary.PlanRisk;
import com.tradeplan.runtime.account.AccountSummary.SymbolPosition;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded random accounts (long and short plans on a few symbols, partial entries, exits on two
 * days, stops on either side of the price, missing prices and stops): the sums and signs hold,
 * checked against figures computed here independently of {@link AccountBook}.
 */
class AccountBookRandomTest {
  private static final String[] SYMBOLS = {"AAPL", "MSFT", "SPY", "QQQ"};

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 42, 20261204})
  void sumsAndSignsHold(long seed) {
    Random rnd = new Random(seed);
    for (int round = 0; round < 200; round++) {
      List<Book.PlanBuilder> open = new ArrayList<>();
      List<Book.PlanBuilder> filledToday = new ArrayList<>();
      int plans = 1 + rnd.nextInt(12);
      Map<String, String> lastBySymbol = new HashMap<>(); // one last price per symbol, or none
      for (String symbol : SYMBOLS) {
        lastBySymbol.put(symbol, rnd.nextInt(10) == 0 ? null : price(100, rnd));
      }
      for (int i = 0; i < plans; i++) {
        Book.PlanBuilder b = randomPlan(rnd, "P" + round + "-" + i, lastBySymbol);
        if (b.status.isTerminal()) {
          filledToday.add(b);
        } else {
          open.add(b);
          if (b.filled > 0) {
            filledToday.add(b);
          }
        }
      }
      check(seed, round, open, filledToday, AccountBook.summarize(Book.inputs(open, filledToday)));
    }
  }

  private static void check(
      long seed,
      int round,
      List<Book.PlanBuilder> open,
      List<Book.PlanBuilder> filledToday,
      AccountSummary a) {
    String where = "seed " + seed + " round " + round;
    BigDecimal sumOfPlans =
        a.plansAtRisk().stream()
            .map(PlanRisk::moneyAtRisk)
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(a.moneyAtRisk())
        .as(where + ": total at risk = sum of the plans'")
        .isEqualByComparingTo(sumOfPlans);
    Map<String, Book.PlanBuilder> byId = new HashMap<>();
    open.forEach(b -> byId.put(b.id, b));
    for (PlanRisk r : a.plansAtRisk()) {
      Book.PlanBuilder b = byId.get(r.planId());
      assertThat(r.moneyAtRisk().signum()).as(where + ": never negative").isGreaterThanOrEqualTo(0);
      BigDecimal parts =
          (r.positionRisk() == null ? BigDecimal.ZERO : r.positionRisk())
              .add(r.entryRisk() == null ? BigDecimal.ZERO : r.entryRisk());
      assertThat(r.moneyAtRisk()).as(where).isEqualByComparingTo(parts);
      if (b.position > 0 && b.activeStop != null && b.last != null) {
        BigDecimal perShare =
            b.side == Side.LONG ? b.last.subtract(b.activeStop) : b.activeStop.subtract(b.last);
        BigDecimal expected =
            perShare.max(BigDecimal.ZERO).multiply(BigDecimal.valueOf(b.position));
        assertThat(r.positionRisk())
            .as(where + " " + r.planId() + " " + b.side)
            .isEqualByComparingTo(expected);
      }
      assertThat(r.protectedFully())
          .as(where + ": unprotected only without a stop")
          .isEqualTo(!(b.position > 0 && b.activeStop == null));
    }
    long signed = 0;
    long working = 0;
    BigDecimal unrealized = BigDecimal.ZERO;
    for (Book.PlanBuilder b : open) {
      if (b.status != PlanStatus.DRAFT) {
        signed += b.side == Side.LONG ? b.position : -b.position;
        working +=
            b.orders.stream()
                .filter(o -> o.ref().role() == OrderRole.ENTRY && o.status().isWorking())
                .mapToLong(o -> o.quantity() - o.filledQuantity())
                .sum();
        var u = b.view().unrealizedPnl();
        unrealized = u == null ? unrealized : unrealized.add(u);
      }
    }
    assertThat(a.positions().stream().mapToLong(SymbolPosition::netPosition).sum())
        .as(where + ": net positions add up to the plans' signed positions")
        .isEqualTo(signed);
    assertThat(a.unrealizedPnl()).as(where).isEqualByComparingTo(unrealized);
    long heldAndWorking =
        a.positions().stream().mapToLong(p -> Math.abs(p.netPosition())).sum() + working;
    assertThat(
            a.limits().stream()
                .filter(l -> l.limit().equals("maxPositionTotal"))
                .findFirst()
                .orElseThrow()
                .used())
        .as(where)
        .isEqualByComparingTo(BigDecimal.valueOf(heldAndWorking));
    BigDecimal today = BigDecimal.ZERO;
    BigDecimal feesToday = BigDecimal.ZERO;
    for (Book.PlanBuilder b : filledToday) {
      today = today.add(b.grossToday).subtract(b.commissionToday);
      feesToday = feesToday.add(b.commissionToday);
    }
    assertThat(a.today().realizedPnl())
        .as(where + ": today's realized")
        .isEqualByComparingTo(today);
    assertThat(a.today().commission()).as(where).isEqualByComparingTo(feesToday);
    BigDecimal bySymbol =
        a.positions().stream()
            .map(SymbolPosition::realizedTodayPnl)
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(bySymbol).as(where + ": symbols' realized today add up").isEqualByComparingTo(today);
    for (SymbolPosition p : a.positions()) {
      if (p.netPosition() > 0 && nonZero(p.unrealizedPnl()) && p.shortShares() == 0) {
        assertThat(p.unrealizedPnl().signum())
            .as(where + " long " + p.symbol())
            .isEqualTo(p.lastPrice().compareTo(p.averagePrice()));
      }
      if (p.netPosition() < 0 && nonZero(p.unrealizedPnl()) && p.longShares() == 0) {
        assertThat(p.unrealizedPnl().signum())
            .as(where + " short " + p.symbol())
            .isEqualTo(p.averagePrice().compareTo(p.lastPrice()));
      }
    }
  }

  private static Book.PlanBuilder randomPlan(
      Random rnd, String id, Map<String, String> lastBySymbol) {
    String symbol = SYMBOLS[rnd.nextInt(SYMBOLS.length)];
    boolean isLong = rnd.nextBoolean();
    Book.PlanBuilder b = isLong ? Book.longPlan(id, symbol) : Book.shortPlan(id, symbol);
    int base = 95 + rnd.nextInt(10);
    b.entry(base + ".00");
    b.stop((isLong ? base - 1 - rnd.nextInt(5) : base + 1 + rnd.nextInt(5)) + ".00");
    if (rnd.nextInt(4) == 0) {
      b.trailing("1." + (10 + rnd.nextInt(90)));
    }
    b.last(lastBySymbol.get(symbol));
    b.quantity(10 + rnd.nextInt(200));
    int kind = rnd.nextInt(5);
    if (kind == 0) {
      return b.status(rnd.nextBoolean() ? PlanStatus.ACTIVE : PlanStatus.DRAFT);
    }
    long entered = 1 + rnd.nextInt((int) b.quantity);
    b.entryFill(
        entered, price(base, rnd), rnd.nextBoolean() ? YESTERDAY : TODAY, "0." + rnd.nextInt(100));
    if (entered < b.quantity && rnd.nextBoolean()) {
      b.order(OrderRole.ENTRY, b.quantity, entered, OrderStatus.SUBMITTED);
    }
    if (rnd.nextBoolean()) {
      long out = 1 + rnd.nextInt((int) entered);
      b.exitFill(out, price(base, rnd), TODAY, "0." + rnd.nextInt(100));
    }
    b.activeStop(rnd.nextInt(8) == 0 ? null : price(base, rnd));
    b.status(b.position == 0 ? PlanStatus.INACTIVE : PlanStatus.CONTINGENT_ACTIVE);
    return b;
  }

  private static boolean nonZero(BigDecimal d) {
    return d != null && d.signum() != 0;
  }

  private static String price(int base, Random rnd) {
    return (base - 5 + rnd.nextInt(10)) + "." + (10 + rnd.nextInt(90));
  }
}
