package com.tradeplan.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeplan.broker.IbBroker;
import com.tradeplan.broker.TradingHoursGuard;
import com.tradeplan.broker.tws.Contract;
import com.tradeplan.broker.tws.ContractDetails;
import com.tradeplan.broker.tws.ErrorCodes;
import com.tradeplan.domain.market.TradingHoursRule;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Holidays and sessions of their own at the paper gateway, over real sockets: contract details
 * write an early close and a closed day as IB does ({@code 20261225:CLOSED}); with its hours on, an
 * order after the early close is accepted with warning 399 naming the next session past the
 * holiday, fills nothing on the holiday and fills at that session's open; a symbol with sessions of
 * its own, in another time zone, is described in them; and the broker's trading hours rule, reading
 * the gateway's contract details, refuses an entry on the holiday and after the early close.
 */
class PaperGatewayHolidaysTest extends PaperGatewayTestSupport {
  private static final String HOLIDAYS = "2026-12-24=09:30-13:00/04:00-17:00,2026-12-25=closed";

  @RegisterExtension final BrokerOnPaperGateway paper = new BrokerOnPaperGateway();

  private static GatewayConfig withHolidays(MutableClock clock) {
    GatewayConfig config = new GatewayConfig();
    config.clock = clock;
    config.tradingHours = true;
    config.calendar =
        new ExchangeCalendar(
            "US/Eastern",
            ExchangeCalendar.US_EQUITIES.defaults(),
            Map.of(),
            CalendarNotation.holidays(HOLIDAYS).value());
    return config;
  }

  @Test
  void anOrderAfterTheEarlyCloseWaitsPastTheHolidayForTheNextOpen() throws Exception {
    // Thursday 24 December 2026, 13:30 New York: after the early close
    MutableClock clock = new MutableClock(Instant.parse("2026-12-24T18:30:00Z"));
    start(withHolidays(clock));
    RawClient c = connect(1);
    c.socket.reqContractDetails(7, Contract.stock("AAPL", "SMART", "USD"));
    await().atMost(WAIT).until(() -> c.contractDetailsEnds.contains(7));
    ContractDetails aapl = c.contractDetails.get(0);
    assertThat(aapl.liquidHours()).isEqualTo("20261224:0930-20261224:1300;20261225:CLOSED");
    assertThat(aapl.tradingHours()).isEqualTo("20261224:0400-20261224:1700;20261225:CLOSED");

    c.place(1, "AAPL", RawClient.order("BUY", "100", "MKT"));
    roundTrip(c);
    await().atMost(WAIT).until(() -> c.errorCodesOf(1).contains(ErrorCodes.ORDER_MESSAGE));
    assertThat(c.errors.stream().filter(e -> e.id() == 1).findFirst().orElseThrow().message())
        .endsWith("will not be placed at the exchange until 2026-12-28 09:30:00 US/Eastern");
    assertThat(c.lastStatusOf(1)).isEqualTo("PreSubmitted");

    clock.set(Instant.parse("2026-12-25T15:00:00Z")); // Christmas, 10:00 New York
    gateway.publishTick("AAPL", "100.00");
    roundTrip(c);
    assertThat(c.executionsOf(1)).as("the holiday fills nothing").isEmpty();

    clock.set(Instant.parse("2026-12-28T14:30:00Z")); // Monday 09:30 New York
    gateway.publishTick("AAPL", "100.40");
    awaitStatus(c, 1, "Filled");
    awaitExecutions(c, 1, 1);
    assertThat(c.executionsOf(1).get(0).price()).isEqualByComparingTo("100.40");
  }

  @Test
  void aSymbolWithSessionsOfItsOwnIsDescribedInThemInTheExchangesZone() throws Exception {
    GatewayConfig config = new GatewayConfig();
    config.clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z")); // Monday
    config.calendar =
        new ExchangeCalendar(
            "Europe/London",
            CalendarNotation.sessions("08:00-16:30/07:00-17:15").value(),
            CalendarNotation.symbolSessions("VOD=08:00-12:00").value(),
            Map.of());
    start(config);
    RawClient c = connect(1);
    c.socket.reqContractDetails(1, Contract.stock("VOD", "SMART", "USD"));
    c.socket.reqContractDetails(2, Contract.stock("BP", "SMART", "USD"));
    await().atMost(WAIT).until(() -> c.contractDetailsEnds.size() == 2);
    assertThat(c.contractDetails.get(0).timeZoneId()).isEqualTo("Europe/London");
    assertThat(c.contractDetails.get(0).liquidHours())
        .isEqualTo("20261207:0800-20261207:1200;20261208:0800-20261208:1200");
    assertThat(c.contractDetails.get(1).tradingHours())
        .isEqualTo("20261207:0700-20261207:1715;20261208:0700-20261208:1715");
  }

  @Test
  void theBrokersHoursRuleRefusesAnEntryOnTheHolidayAndAfterTheEarlyClose() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-24T17:00:00Z")); // 12:00 NY
    paper.startGateway(withHolidays(clock));
    IbBroker broker =
        paper.connect(
            paper.brokerConfig(16).withBackoff(Duration.ofMillis(20), Duration.ofMillis(200), 7));
    Instrument aapl = Instrument.stock("AAPL");
    await().atMost(WAIT).until(() -> broker.contractDetails(aapl).isPresent());
    TradingHoursGuard guard =
        new TradingHoursGuard(
            TradingHoursRule.LIQUID, broker::contractDetails, clock, (kind, msg) -> {});

    assertThat(guard.refusal(aapl, Instant.parse("2026-12-24T17:59:00Z"))).as("12:59").isNull();
    assertThat(guard.refusal(aapl, Instant.parse("2026-12-24T18:00:00Z")))
        .isEqualTo(
            "trading hours rule (liquid hours): AAPL trades"
                + " 20261224:0930-20261224:1300;20261225:CLOSED (US/Eastern);"
                + " it is 2026-12-24 13:00 US/Eastern");
    assertThat(guard.refusal(aapl, Instant.parse("2026-12-25T15:00:00Z")))
        .isEqualTo(
            "trading hours rule (liquid hours): AAPL trades"
                + " 20261224:0930-20261224:1300;20261225:CLOSED (US/Eastern);"
                + " it is 2026-12-25 10:00 US/Eastern");
  }
}
