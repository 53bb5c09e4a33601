package com.tradeplan.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeplan.broker.tws.Contract;
import com.tradeplan.broker.tws.ContractDetails;
import com.tradeplan.broker.tws.ErrorCodes;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * reqContractDetails: each symbol's tick grid (0.01, the configured 0.05 and 0.0001 ones), the
 * regular session as its hours, the end message, error 200 for a contract the gateway does not
 * know, and a grid changed while it runs.
 */
class PaperGatewayContractDetailsTest extends PaperGatewayTestSupport {

  @Test
  void everySymbolIsAnsweredOnItsTickGridWithItsHoursAndTheEnd() throws Exception {
    GatewayConfig config = new GatewayConfig();
    // Monday 7 December 2026, 15:00 UTC
    config.clock = Clock.fixed(Instant.parse("2026-12-07T15:00:00Z"), ZoneOffset.UTC);
    start(config);
    RawClient c = connect(1);
    c.socket.reqContractDetails(11, Contract.stock("AAPL", "SMART", "USD"));
    c.socket.reqContractDetails(12, Contract.stock("NICKEL", "SMART", "USD"));
    c.socket.reqContractDetails(13, Contract.stock("PENNY", "SMART", "USD"));
    await().atMost(WAIT).until(() -> c.contractDetailsEnds.size() == 3);

    assertThat(c.contractDetailsEnds).containsExactly(11, 12, 13);
    assertThat(c.contractDetails)
        .extracting(ContractDetails::symbol)
        .containsExactly("AAPL", "NICKEL", "PENNY");
    assertThat(c.contractDetails)
        .extracting(d -> d.minTick().stripTrailingZeros().toPlainString())
        .containsExactly("0.01", "0.05", "0.0001");
    ContractDetails aapl = c.contractDetails.get(0);
    assertThat(aapl.secType()).isEqualTo("STK");
    assertThat(aapl.exchange()).isEqualTo("SMART");
    assertThat(aapl.currency()).isEqualTo("USD");
    assertThat(aapl.primaryExchange()).isEqualTo("NASDAQ");
    assertThat(aapl.timeZoneId()).isEqualTo("US/Eastern");
    assertThat(aapl.liquidHours())
        .isEqualTo("20261207:0930-20261207:1600;20261208:0930-20261208:1600");
    assertThat(aapl.tradingHours()).startsWith("20261207:0400-20261207:2000;");
    assertThat(aapl.conId())
        .as("the contract id the symbol's orders get")
        .isEqualTo(gateway.exchange().contractIdOf("AAPL"));
    assertThat(c.errors).as("no error for any request").allMatch(e -> e.id() == -1);
  }

  @Test
  void eachContractNamesItsMarketRuleAndReqMarketRuleAnswersItsBands() throws Exception {
    start(new GatewayConfig());
    RawClient c = connect(1);
    for (String symbol : new String[] {"AAPL", "NICKEL", "PENNY", "COARSE"}) {
      // counted before the request: an answer faster than the next statement was counted twice
      int answered = c.contractDetailsEnds.size() + 1;
      c.socket.reqContractDetails(answered, Contract.stock(symbol, "SMART", "USD"));
      await().atMost(WAIT).until(() -> c.contractDetailsEnds.size() == answered);
    }
    assertThat(c.contractDetails)
        .extracting(ContractDetails::marketRuleIds)
        .containsExactly("1000,1000", "1002,1002", "31,31", "32,32");
    assertThat(c.contractDetails)
        .extracting(d -> d.minTick().stripTrailingZeros().toPlainString())
        .containsExactly("0.01", "0.05", "0.0001", "0.01");
    for (ContractDetails d : c.contractDetails) {
      c.socket.reqMarketRule(d.marketRuleId().orElseThrow());
    }
    c.socket.reqMarketRule(77);
    await().atMost(WAIT).until(() -> c.marketRules.size() == 4 && c.errorCodesOf(-1).contains(321));

    assertThat(c.marketRules)
        .containsExactly(
            "1000 0:0.01", "1002 0:0.05", "31 0:0.0001 1:0.01", "32 0:0.01 10:0.05 100:0.1");
    assertThat(c.errors)
        .filteredOn(e -> e.code() == 321)
        .extracting(RawClient.Err::message)
        .containsExactly(
            "Error validating request: market rule 77 is not known to the paper gateway");
  }

  @Test
  void aSymbolMovedToAnotherTickLeavesItsRuleForTheFlatRuleOfThatTick() throws Exception {
    start(new GatewayConfig());
    RawClient c = connect(1);
    gateway.setTickSize("PENNY", new BigDecimal("0.05"));
    c.socket.reqContractDetails(1, Contract.stock("PENNY", "SMART", "USD"));
    await().atMost(WAIT).until(() -> c.contractDetailsEnds.size() == 1);

    assertThat(c.contractDetails.get(0).marketRuleIds()).isEqualTo("1002,1002");
    assertThat(c.contractDetails.get(0).minTick()).isEqualByComparingTo("0.05");
  }

  @Test
  void anUnknownContractIsError200WithoutAnEnd() throws Exception {
    GatewayConfig config = new GatewayConfig();
    config.symbolsWithoutContract.add("NOSUCH");
    start(config);
    RawClient c = connect(1);
    c.socket.reqContractDetails(21, Contract.stock("NOSUCH", "SMART", "USD"));
    Contract option = Contract.stock("AAPL", "SMART", "USD");
    option.secType = "OPT";
    c.socket.reqContractDetails(22, option);
    c.socket.reqContractDetails(23, Contract.stock("MSFT", "SMART", "USD"));
    await().atMost(WAIT).until(() -> c.contractDetailsEnds.contains(23));

    assertThat(c.errorCodesOf(21)).containsExactly(ErrorCodes.NO_SECURITY_DEFINITION);
    assertThat(c.errorCodesOf(22)).containsExactly(ErrorCodes.NO_SECURITY_DEFINITION);
    assertThat(c.contractDetailsEnds).containsExactly(23);
    assertThat(c.contractDetails).extracting(ContractDetails::symbol).containsExactly("MSFT");
  }

  @Test
  void aGridChangedWhileRunningIsAnsweredFromThenOn() throws Exception {
    start(new GatewayConfig());
    RawClient c = connect(1);
    c.socket.reqContractDetails(1, Contract.stock("AAPL", "SMART", "USD"));
    await().atMost(WAIT).until(() -> c.contractDetailsEnds.size() == 1);
    gateway.setTickSize("AAPL", new BigDecimal("0.05"));
    c.socket.reqContractDetails(2, Contract.stock("AAPL", "SMART", "USD"));
    await().atMost(WAIT).until(() -> c.contractDetailsEnds.size() == 2);

    assertThat(c.contractDetails)
        .extracting(ContractDetails::minTick)
        .usingElementComparator(BigDecimal::compareTo)
        .containsExactly(new BigDecimal("0.01"), new BigDecimal("0.05"));
  }
}
