package com.tradeplan.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeplan.broker.tws.ErrorCodes;
import com.tradeplan.broker.tws.TwsOrder;
import com.tradeplan.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Over the raw protocol, the gateway does what IB does: a limit or stop price off the symbol's tick
 * grid at that price is refused with error 110 in IB's words and never placed (a modification to
 * one leaves the order as it was); and with its trading hours on, a stock order outside the regular
 * session is accepted with warning 399, waits PreSubmitted through the ticks before the open and
 * fills at the first tick in the session, while one with outsideRth fills in the extended hours but
 * not before them.
 */
class PaperGatewayPriceGridAndHoursTest extends PaperGatewayTestSupport {
  private static final String OFF_GRID =
      "The price does not conform to the minimum price variation for this contract.";

  private static TwsOrder priced(String type, String action, String limit, String stop) {
    TwsOrder o = RawClient.order(action, "100", type);
    o.lmtPrice = limit == null ? null : dec(limit);
    o.auxPrice = stop == null ? null : dec(stop);
    return o;
  }

  @Test
  void aPriceOffTheGridAtItsPriceIsRefusedWithError110AndNeverPlaced() throws Exception {
    start(new GatewayConfig());
    RawClient c = connect(1);
    c.place(1, "PENNY", priced("LMT", "BUY", "1.2345", null)); // 0.01 from $1
    c.place(2, "PENNY", priced("LMT", "BUY", "0.9876", null)); // 0.0001 below $1: on it
    c.place(3, "COARSE", priced("STP", "SELL", null, "10.03")); // 0.05 from $10
    c.place(4, "NICKEL", priced("STP LMT", "BUY", "20.05", "20.02")); // the stop is off 0.05
    c.place(5, "AAPL", priced("LMT", "SELL", "101.005", null)); // 0.01
    c.place(6, "AAPL", RawClient.order("BUY", "100", "MKT")); // no price to check
    roundTrip(c);
    await().atMost(WAIT).until(() -> c.errors.stream().filter(e -> e.code() == 110).count() == 4);

    for (int refused : new int[] {1, 3, 4, 5}) {
      assertThat(c.errors)
          .filteredOn(e -> e.id() == refused)
          .extracting(RawClient.Err::code, RawClient.Err::message)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(110, OFF_GRID));
      assertThat(c.lastStatusOf(refused)).isEqualTo("Cancelled");
      assertThat(c.openOrdersOf(refused)).as("never placed").isEmpty();
    }
    assertThat(c.errorCodesOf(2)).isEmpty();
    assertThat(c.errorCodesOf(6)).isEmpty();
    assertThat(c.lastStatusOf(2)).isEqualTo("Submitted");
    assertThat(gateway.exchange().openOrderCount()).as("orders 2 and 6 work").isEqualTo(2);

    c.place(2, "PENNY", priced("LMT", "BUY", "1.0001", null)); // modify onto an off-grid price
    roundTrip(c);
    await().atMost(WAIT).until(() -> c.errorCodesOf(2).contains(ErrorCodes.PRICE_OFF_TICK_GRID));
    assertThat(c.lastStatusOf(2)).as("left as it was").isEqualTo("Submitted");
    gateway.publishTick("PENNY", "0.98");
    gateway.publishTick("PENNY", "0.97");
    awaitStatus(c, 2, "Filled");
  }

  @Test
  void anOrderOutsideTheSessionIsAcceptedWithWarning399AndFillsOnlyOnceItOpens() throws Exception {
    // Monday 7 December 2026, 08:00 US/Eastern (13:00 UTC): extended hours, before the open
    MutableClock clock = new MutableClock(Instant.parse("2026-12-07T13:00:00Z"));
    GatewayConfig config = new GatewayConfig();
    config.clock = clock;
    config.tradingHours = true;
    start(config);
    RawClient c = connect(1);
    c.place(1, "AAPL", RawClient.order("BUY", "100", "MKT"));
    TwsOrder extended = RawClient.order("BUY", "50", "MKT");
    extended.outsideRth = true;
    c.place(2, "AAPL", extended);
    roundTrip(c);
    await().atMost(WAIT).until(() -> c.errorCodesOf(1).contains(ErrorCodes.ORDER_MESSAGE));
    assertThat(c.errors)
        .filteredOn(e -> e.id() == 1)
        .extracting(RawClient.Err::message)
        .containsExactly(
            "Order Message:\nBUY 100 AAPL SMART\nWarning: Your order will not be placed at the"
                + " exchange until 2026-12-07 09:30:00 US/Eastern");
    assertThat(c.lastStatusOf(1)).isEqualTo("PreSubmitted");
    assertThat(c.errorCodesOf(2)).as("outsideRth: in its session now").isEmpty();
    assertThat(c.openOrdersOf(2).get(0).order().outsideRth).isTrue();

    gateway.publishTick("AAPL", "100.00");
    awaitStatus(c, 2, "Filled");
    gateway.publishTick("AAPL", "100.10");
    roundTrip(c);
    assertThat(c.executionsOf(1)).as("waits for the regular session").isEmpty();
    assertThat(c.lastStatusOf(1)).isEqualTo("PreSubmitted");

    clock.set(Instant.parse("2026-12-07T14:30:00Z")); // 09:30 US/Eastern: the open
    gateway.publishTick("AAPL", "100.20");
    awaitStatus(c, 1, "Filled");
    awaitExecutions(c, 1, 1);
    assertThat(c.executionsOf(1).get(0).price()).isEqualByComparingTo("100.20");
  }

  @Test
  void outsideRthWaitsBeforeTheExtendedHoursAndOverTheWeekend() throws Exception {
    // Saturday 5 December 2026, 12:00 US/Eastern
    MutableClock clock = new MutableClock(Instant.parse("2026-12-05T17:00:00Z"));
    GatewayConfig config = new GatewayConfig();
    config.clock = clock;
    config.tradingHours = true;
    start(config);
    RawClient c = connect(1);
    TwsOrder extended = RawClient.order("SELL", "10", "LMT");
    extended.lmtPrice = dec("99.00");
    extended.outsideRth = true;
    c.place(1, "MSFT", extended);
    roundTrip(c);
    await().atMost(WAIT).until(() -> c.errorCodesOf(1).contains(ErrorCodes.ORDER_MESSAGE));
    assertThat(c.errors.stream().filter(e -> e.id() == 1).findFirst().orElseThrow().message())
        .endsWith("until 2026-12-07 04:00:00 US/Eastern");
    gateway.publishTick("MSFT", "100.00");
    roundTrip(c);
    assertThat(c.executionsOf(1)).isEmpty();

    clock.set(Instant.parse("2026-12-07T08:59:00Z")); // Monday 03:59 US/Eastern
    gateway.publishTick("MSFT", "100.00");
    roundTrip(c);
    assertThat(c.executionsOf(1)).isEmpty();
    clock.advance(Duration.ofMinutes(1)); // 04:00: the extended hours open
    gateway.publishTick("MSFT", "100.00");
    awaitStatus(c, 1, "Filled");
  }
}
