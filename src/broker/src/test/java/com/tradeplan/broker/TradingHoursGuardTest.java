package com.tradeplan.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.broker.tws.ContractDetails;
import com.tradeplan.domain.broker.Broker;
import com.tradeplan.domain.broker.BrokerListener;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.market.TradingHoursRule;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.testkit.MutableClock;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The trading hours rule at the gate, on a controllable clock: an entry one minute before the
 * session is refused naming the rule, the hours and the time, the one at the open passes; liquid
 * against trading hours; unknown hours refuse (fail closed); an exit outside the hours is sent and
 * alerted, never refused; the rule off checks nothing.
 */
class TradingHoursGuardTest {
  private static final String TRADING = "20261207:0400-20261207:2000;20261208:0400-20261208:2000";
  private static final String LIQUID = "20261207:0930-20261207:1600;20261208:CLOSED";

  private final List<String> sent = new ArrayList<>();
  private final List<String> alerts = new ArrayList<>();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T14:29:00Z"));
  private final Map<String, ContractDetails> known =
      Map.of("AAPL", details("AAPL", "US/Eastern"), "MARS", details("MARS", "Mars/Olympus"));
  private final Broker market =
      new Broker() {
        @Override
        public SubmitResult submit(OrderRequest request) {
          sent.add(request.ref().toString());
          return SubmitResult.ACCEPTED;
        }

        @Override
        public SubmitResult cancel(OrderRef ref) {
          return SubmitResult.ACCEPTED;
        }

        @Override
        public void setListener(BrokerListener listener) {}
      };

  private static ContractDetails details(String symbol, String zone) {
    return new ContractDetails(
        1,
        symbol,
        "STK",
        "SMART",
        "NASDAQ",
        "USD",
        symbol,
        new BigDecimal("0.01"),
        zone,
        TRADING,
        LIQUID,
        "SMART,NASDAQ",
        "");
  }

  private RiskGate gate(TradingHoursRule rule) {
    RiskGate gate = new RiskGate(market, 1000, 100, 100);
    gate.setTradingHoursGuard(
        new TradingHoursGuard(
            rule,
            i -> Optional.ofNullable(known.get(i.symbol())),
            clock,
            (kind, message) -> alerts.add(kind + ": " + message)));
    return gate;
  }

  private static OrderRequest order(String symbol, OrderRole role, int index) {
    return OrderRequest.market(
        new OrderRef("p1", role, index, 1),
        "alice",
        Instrument.stock(symbol),
        role == OrderRole.ENTRY ? OrderAction.BUY : OrderAction.SELL,
        10,
        "test");
  }

  @Test
  void anEntryBeforeTheLiquidSessionIsRefusedAndTheOneAtTheOpenPasses() {
    RiskGate gate = gate(TradingHoursRule.LIQUID);

    SubmitResult early = gate.submit(order("AAPL", OrderRole.ENTRY, 0));
    assertThat(early.code()).isEqualTo(SubmitResult.Code.DENIED);
    assertThat(early.reason())
        .isEqualTo(
            "trading hours rule (liquid hours): AAPL trades "
                + LIQUID
                + " (US/Eastern); it is 2026-12-07 09:29 US/Eastern");
    clock.advance(java.time.Duration.ofMinutes(1));
    assertThat(gate.submit(order("AAPL", OrderRole.ENTRY, 1)).accepted()).isTrue();
    assertThat(sent).containsExactly("p1:ENTRY:1:1");
  }

  @Test
  void theTradingHoursRuleTakesTheExtendedSession() {
    RiskGate gate = gate(TradingHoursRule.TRADING);
    assertThat(gate.submit(order("AAPL", OrderRole.ENTRY, 0)).accepted()).as("09:29").isTrue();
    clock.set(Instant.parse("2026-12-08T01:00:00Z")); // 20:00 New York
    assertThat(gate.submit(order("AAPL", OrderRole.ENTRY, 1)).reason())
        .endsWith("it is 2026-12-07 20:00 US/Eastern");
    clock.set(Instant.parse("2026-12-10T15:00:00Z"));
    assertThat(gate.submit(order("AAPL", OrderRole.ENTRY, 2)).reason())
        .isEqualTo(
            "trading hours rule (trading hours): AAPL's hours "
                + TRADING
                + " do not cover 2026-12-10 10:00 US/Eastern");
  }

  @Test
  void unknownHoursRefuseEntries() {
    RiskGate gate = gate(TradingHoursRule.LIQUID);
    clock.set(Instant.parse("2026-12-07T15:00:00Z"));
    assertThat(gate.submit(order("NOSUCH", OrderRole.ENTRY, 0)).reason())
        .isEqualTo(
            "trading hours rule (liquid hours): the hours of NOSUCH are not known (no contract"
                + " details from IB)");
    assertThat(gate.submit(order("MARS", OrderRole.ENTRY, 1)).reason())
        .isEqualTo(
            "trading hours rule (liquid hours): the time zone 'Mars/Olympus' of MARS is not known");
    assertThat(sent).isEmpty();
  }

  @Test
  void anExitOutsideTheHoursIsSentAndAlertedNeverRefused() {
    RiskGate gate = gate(TradingHoursRule.LIQUID);
    clock.set(Instant.parse("2026-12-08T15:00:00Z")); // CLOSED day
    for (OrderRole role : List.of(OrderRole.STOP, OrderRole.TARGET, OrderRole.FLATTEN)) {
      assertThat(gate.submit(order("AAPL", role, 0)).accepted()).as("%s", role).isTrue();
    }
    assertThat(gate.submit(order("NOSUCH", OrderRole.STOP, 1)).accepted()).isTrue();
    assertThat(sent).hasSize(4);
    assertThat(alerts).hasSize(4);
    assertThat(alerts.get(0))
        .isEqualTo(
            "EXIT_OUTSIDE_TRADING_HOURS: exit p1:STOP:0:1 sent, never refused by hours: trading"
                + " hours rule (liquid hours): AAPL trades "
                + LIQUID
                + " (US/Eastern); it is 2026-12-08 10:00 US/Eastern");
  }

  @Test
  void theRuleOffChecksNothing() {
    RiskGate gate = gate(TradingHoursRule.OFF);
    clock.set(Instant.parse("2026-12-08T15:00:00Z"));
    assertThat(gate.submit(order("NOSUCH", OrderRole.ENTRY, 0)).accepted()).isTrue();
    assertThat(gate.submit(order("AAPL", OrderRole.STOP, 1)).accepted()).isTrue();
    assertThat(alerts).isEmpty();
  }
}
