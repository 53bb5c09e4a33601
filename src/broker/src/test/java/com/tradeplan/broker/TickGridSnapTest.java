package com.tradeplan.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderType;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.TickBands;
import com.tradeplan.domain.plan.TickSizes;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * An order's stop and limit price moved onto the tick grid at its price before it leaves for IB:
 * each side and kind across PENNY's $1 edge and COARSE's edges (the paper gateway's market rules),
 * prices on the grid and unknown grids left alone, and a seeded random run (random band tables,
 * sides, roles and prices: the price sent is on the grid, on the safe side, within one increment).
 */
class TickGridSnapTest {
  private static final TickBands PENNY = grid("0", "0.0001", "1", "0.01");
  private static final TickBands COARSE = grid("0", "0.01", "10", "0.05", "100", "0.1");

  private static TickBands grid(String... edgeThenIncrement) {
    List<TickBands.Band> bands = new ArrayList<>();
    for (int i = 0; i < edgeThenIncrement.length; i += 2) {
      bands.add(
          new TickBands.Band(
              new BigDecimal(edgeThenIncrement[i]), new BigDecimal(edgeThenIncrement[i + 1])));
    }
    return new TickBands(bands);
  }

  private static OrderRequest order(
      OrderRole role, OrderAction action, OrderType type, String limit, String stop) {
    return new OrderRequest(
        new OrderRef("p1", role, 0, 1),
        "alice",
        Instrument.stock("PENNY"),
        action,
        type,
        100,
        limit == null ? null : new BigDecimal(limit),
        stop == null ? null : new BigDecimal(stop),
        "rule",
        null);
  }

  private static OrderRequest stop(OrderRole role, OrderAction action, String price) {
    return order(role, action, OrderType.STOP, null, price);
  }

  private static OrderRequest limit(OrderRole role, OrderAction action, String price) {
    return order(role, action, OrderType.LIMIT, price, null);
  }

  private static TickGridSnap.Snapped on(TickBands grid, OrderRequest r) {
    return TickGridSnap.onto(r, grid);
  }

  @Test
  void aLongsSellStopAboveOneDollarRoundsUpAndAShortsBuyStopDown() {
    TickGridSnap.Snapped sell = on(PENNY, stop(OrderRole.STOP, OrderAction.SELL, "1.2345"));
    assertThat(sell.request().stopPrice()).isEqualByComparingTo("1.24");
    assertThat(sell.note())
        .isEqualTo(
            "stop 1.2345 sent as 1.24 (rounded up): tick 0.01 at this price"
                + " (tick grid 0.0001 from 0, 0.01 from 1)");
    assertThat(on(PENNY, stop(OrderRole.STOP, OrderAction.BUY, "1.2345")).request().stopPrice())
        .isEqualByComparingTo("1.23");
    // just under the edge: the sell stop's next price is the edge itself
    assertThat(on(PENNY, stop(OrderRole.STOP, OrderAction.SELL, "0.99995")).request().stopPrice())
        .isEqualByComparingTo("1.00");
    assertThat(on(PENNY, stop(OrderRole.STOP, OrderAction.BUY, "1.0001")).request().stopPrice())
        .isEqualByComparingTo("1.00");
    // a flatten's or a close's stop is an exit's too
    assertThat(on(PENNY, stop(OrderRole.FLATTEN, OrderAction.BUY, "2.005")).request().stopPrice())
        .isEqualByComparingTo("2.00");
  }

  @Test
  void aLongsTargetRoundsUpAShortsDownAndAnEntrysLimitNeverPaysMore() {
    assertThat(
            on(PENNY, limit(OrderRole.TARGET, OrderAction.SELL, "1.5003")).request().limitPrice())
        .isEqualByComparingTo("1.51");
    assertThat(on(PENNY, limit(OrderRole.TARGET, OrderAction.BUY, "1.5003")).request().limitPrice())
        .isEqualByComparingTo("1.50");
    assertThat(on(PENNY, limit(OrderRole.ENTRY, OrderAction.BUY, "1.5003")).request().limitPrice())
        .as("a buy entry 3 ticks of 0.0001 above the trigger 1.50")
        .isEqualByComparingTo("1.50");
    assertThat(on(PENNY, limit(OrderRole.ENTRY, OrderAction.SELL, "1.4997")).request().limitPrice())
        .isEqualByComparingTo("1.50");
  }

  @Test
  void anEntrysStopNeverTriggersBeforeThePlansLevel() {
    assertThat(on(PENNY, stop(OrderRole.ENTRY, OrderAction.BUY, "1.0001")).request().stopPrice())
        .isEqualByComparingTo("1.01");
    assertThat(on(PENNY, stop(OrderRole.ENTRY, OrderAction.SELL, "1.0099")).request().stopPrice())
        .isEqualByComparingTo("1.00");
  }

  @Test
  void coarsesEdgesEachWay() {
    assertThat(on(COARSE, stop(OrderRole.STOP, OrderAction.SELL, "10.01")).request().stopPrice())
        .isEqualByComparingTo("10.05");
    assertThat(on(COARSE, stop(OrderRole.STOP, OrderAction.BUY, "10.04")).request().stopPrice())
        .isEqualByComparingTo("10.00");
    assertThat(on(COARSE, stop(OrderRole.STOP, OrderAction.SELL, "100.01")).request().stopPrice())
        .isEqualByComparingTo("100.1");
    assertThat(on(COARSE, stop(OrderRole.STOP, OrderAction.BUY, "100.09")).request().stopPrice())
        .isEqualByComparingTo("100.0");
    assertThat(
            on(COARSE, limit(OrderRole.TARGET, OrderAction.SELL, "99.995")).request().limitPrice())
        .isEqualByComparingTo("100.0");
    assertThat(on(COARSE, limit(OrderRole.TARGET, OrderAction.BUY, "10.07")).request().limitPrice())
        .isEqualByComparingTo("10.05");
    assertThat(on(COARSE, limit(OrderRole.ENTRY, OrderAction.BUY, "150.07")).request().limitPrice())
        .isEqualByComparingTo("150.0");
  }

  @Test
  void aStopLimitHasBothPricesMovedEachByItsOwnRule() {
    TickGridSnap.Snapped s =
        on(
            PENNY,
            order(OrderRole.STOP, OrderAction.SELL, OrderType.STOP_LIMIT, "1.2201", "1.2301"));
    assertThat(s.request().stopPrice()).isEqualByComparingTo("1.24");
    assertThat(s.request().limitPrice()).isEqualByComparingTo("1.23");
    assertThat(s.request())
        .usingRecursiveComparison()
        .ignoringFields("limitPrice", "stopPrice")
        .isEqualTo(
            order(OrderRole.STOP, OrderAction.SELL, OrderType.STOP_LIMIT, "1.2201", "1.2301"));
    assertThat(s.note()).contains("limit 1.2201").contains("; stop 1.2301");
  }

  @Test
  void pricesOnTheGridMarketOrdersAndUnknownGridsGoAsTheyAre() {
    OrderRequest onGrid = stop(OrderRole.STOP, OrderAction.SELL, "0.5123");
    assertThat(on(PENNY, onGrid).request()).isSameAs(onGrid);
    assertThat(on(PENNY, onGrid).note()).isNull();
    OrderRequest market =
        OrderRequest.market(
            new OrderRef("p1", OrderRole.STOP, 0, 1),
            "alice",
            Instrument.stock("PENNY"),
            OrderAction.SELL,
            100,
            "rule");
    assertThat(TickGridSnap.forIb(market, (i, w) -> fail("no lookup for a market order")))
        .isEqualTo(new TickGridSnap.Snapped(market, null));
    OrderRequest off = stop(OrderRole.STOP, OrderAction.SELL, "1.2345");
    TickGridSnap.Snapped unknown =
        TickGridSnap.forIb(off, (i, w) -> TickSizes.Lookup.unknown("not asked yet"));
    assertThat(unknown.request()).isSameAs(off);
    assertThat(unknown.note()).as("nothing moved, nothing to record").isNull();
    TickGridSnap.Snapped known = TickGridSnap.forIb(off, (i, w) -> TickSizes.Lookup.known(PENNY));
    assertThat(known.request().stopPrice()).isEqualByComparingTo("1.24");
    assertThat(known.note()).startsWith("stop 1.2345 sent as 1.24 (rounded up)");
  }

  /**
   * Random band tables with edges on every band's grid (as IB's rules are), random roles, sides,
   * kinds and prices: what is sent is on the grid, on the safe side of the planned price, and less
   * than one increment (at the planned price) from it.
   */
  @Test
  void randomOrdersOnRandomGridsAreSentOnTheGridOnTheSafeSide() {
    long[] increments = {100, 1_000, 5_000, 10_000, 50_000, 100_000};
    OrderRole[] roles = OrderRole.values();
    for (long seed = 1; seed <= 5; seed++) {
      Random r = new Random(seed);
      for (int table = 0; table < 50; table++) {
        List<TickBands.Band> bands = new ArrayList<>();
        long edge = 0;
        for (int i = 0, n = 1 + r.nextInt(5); i < n; i++) {
          edge += i == 0 ? 0 : (1 + r.nextInt(300)) * 100_000L;
          bands.add(new TickBands.Band(micros(edge), micros(increments[r.nextInt(6)])));
        }
        TickBands grid = new TickBands(bands);
        for (int k = 0; k < 100; k++) {
          long p = 1 + (long) (r.nextDouble() * (edge + 10_000_000L));
          BigDecimal planned = micros(p);
          OrderRole role = roles[r.nextInt(roles.length)];
          OrderAction action = r.nextBoolean() ? OrderAction.BUY : OrderAction.SELL;
          boolean isStop = r.nextBoolean();
          String text = planned.toPlainString();
          OrderRequest req = isStop ? stop(role, action, text) : limit(role, action, text);
          BigDecimal sent = on(grid, req).request().limitPrice();
          sent = isStop ? on(grid, req).request().stopPrice() : sent;
          boolean buy = action == OrderAction.BUY;
          boolean exit = role != OrderRole.ENTRY;
          boolean up = isStop ? exit != buy : !buy;
          BigDecimal moved = up ? sent.subtract(planned) : planned.subtract(sent);
          if (!grid.isOnGrid(sent)
              || moved.signum() < 0
              || moved.compareTo(grid.incrementAt(planned)) >= 0) {
            fail(
                "seed %d: %s %s %s %s on %s sent %s",
                seed,
                role,
                action,
                isStop ? "stop" : "limit",
                text,
                grid.describe(),
                sent.toPlainString());
          }
        }
      }
    }
  }

  private static BigDecimal micros(long v) {
    return new BigDecimal(BigInteger.valueOf(v), 6);
  }
}
