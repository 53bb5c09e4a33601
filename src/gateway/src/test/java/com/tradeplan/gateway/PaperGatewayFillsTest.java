package com.tradeplan.gateway;

import static com.tradeplan.gateway.RawClient.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeplan.broker.tws.CommissionReport;
import com.tradeplan.broker.tws.Execution;
import com.tradeplan.broker.tws.TwsOrder;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Limit, stop and stop-limit fills when the last price allows, partial fills with their executions
 * and commission reports, fill latency and the delay-executions fault, as an IB client sees them.
 */
class PaperGatewayFillsTest extends PaperGatewayTestSupport {

  @Test
  void buyLimitFillsOnlyOnceTheLastPriceIsAtOrBelowTheLimit() throws Exception {
    start(new GatewayConfig());
    RawClient c = connect(1);
    gateway.publishTick("AAPL", "100.00");
    TwsOrder o = order("BUY", "100", "LMT");
    o.lmtPrice = dec("99.50");
    o.orderRef = "lmt-1";
    c.place(1, "AAPL", o);
    awaitStatus(c, 1, "Submitted");

    gateway.publishTick("AAPL", "99.51");
    assertThat(gateway.executionCount()).as("99.51 is above the limit").isZero();
    gateway.publishTick("AAPL", "99.50");
    await().atMost(WAIT).until(() -> c.commissions.size() == 1);

    assertThat(c.statusesOf(1)).containsExactly("Submitted", "Filled");
    RawClient.Status filled = c.statusReportsOf(1).get(1);
    assertThat(filled.filled()).isEqualByComparingTo("100");
    assertThat(filled.remaining()).isEqualByComparingTo("0");
    assertThat(filled.avgFillPrice()).isEqualByComparingTo("99.50");
    assertThat(filled.lastFillPrice()).isEqualByComparingTo("99.50");
    Execution e = c.executions.get(0);
    assertThat(e.orderId()).isEqualTo(1);
    assertThat(e.side()).isEqualTo("BOT");
    assertThat(e.shares()).isEqualByComparingTo("100");
    assertThat(e.price()).isEqualByComparingTo("99.50");
    assertThat(e.cumQty()).isEqualByComparingTo("100");
    assertThat(e.avgPrice()).isEqualByComparingTo("99.50");
    assertThat(e.orderRef()).isEqualTo("lmt-1");
    assertThat(e.acctNumber()).isEqualTo(gateway.account());
    assertThat(e.clientId()).isEqualTo(1);
    CommissionReport cr = c.commissions.get(0);
    assertThat(cr.execId()).isEqualTo(e.execId());
    assertThat(cr.commission())
        .as("100 x $0.005 is under the $1 minimum")
        .isEqualByComparingTo("1");
    assertThat(cr.currency()).isEqualTo("USD");
    assertThat(c.orderLog)
        .as("IB order: status Filled, then the execution, then its commission")
        .containsExactly(
            "status 1 Submitted", "status 1 Filled", "exec 1", "commission " + e.execId());
  }

  @Test
  void sellStopTriggersWhenTheLastPriceTouchesTheStopAndFillsAtThatPrice() throws Exception {
    start(new GatewayConfig());
    RawClient c = connect(1);
    gateway.publishTick("AAPL", "100.00");
    TwsOrder o = order("SELL", "50", "STP");
    o.auxPrice = dec("95.00");
    c.place(1, "AAPL", o);
    awaitStatus(c, 1, "Submitted");

    gateway.publishTick("AAPL", "96.00");
    gateway.publishTick("AAPL", "95.01");
    assertThat(gateway.executionCount()).as("the stop is not touched yet").isZero();
    gateway.publishTick("AAPL", "94.90");
    await().atMost(WAIT).until(() -> c.commissions.size() == 1);

    assertThat(c.statusesOf(1)).containsExactly("Submitted", "Filled");
    Execution e = c.executions.get(0);
    assertThat(e.side()).isEqualTo("SLD");
    assertThat(e.shares()).isEqualByComparingTo("50");
    assertThat(e.price()).isEqualByComparingTo("94.90");
    assertThat(gateway.positions(gateway.account()).get("AAPL").quantity())
        .isEqualByComparingTo("-50");
  }

  @Test
  void buyStopLimitTriggersAtTheStopThenFillsOnlyWithinTheLimit() throws Exception {
    start(new GatewayConfig());
    RawClient c = connect(1);
    gateway.publishTick("AAPL", "100.00");
    TwsOrder o = order("BUY", "10", "STP LMT");
    o.auxPrice = dec("101.00");
    o.lmtPrice = dec("101.50");
    c.place(1, "AAPL", o);
    awaitStatus(c, 1, "Submitted");

    gateway.publishTick("AAPL", "100.90");
    assertThat(gateway.executionCount()).as("within the limit but the stop is not hit").isZero();
    gateway.publishTick("AAPL", "101.80");
    assertThat(gateway.executionCount()).as("stop hit, but above the limit").isZero();
    gateway.publishTick("AAPL", "101.40");
    await().atMost(WAIT).until(() -> c.commissions.size() == 1);

    assertThat(c.statusesOf(1)).containsExactly("Submitted", "Filled");
    assertThat(c.executions.get(0).price()).isEqualByComparingTo("101.40");
    assertThat(c.executions.get(0).shares()).isEqualByComparingTo("10");
  }

  @Test
  void partialFillsReportEachExecutionWithCumulativeQuantityAveragePriceAndOrderCommission()
      throws Exception {
    GatewayConfig config = new GatewayConfig();
    config.maxFillPerTick = dec("40");
    start(config);
    RawClient c = connect(1);
    gateway.publishTick("AAPL", "10.00");
    TwsOrder o = order("BUY", "100", "MKT");
    o.orderRef = "partial";
    c.place(1, "AAPL", o);
    awaitStatus(c, 1, "Submitted");

    gateway.publishTick("AAPL", "10.10");
    gateway.publishTick("AAPL", "10.20");
    gateway.publishTick("AAPL", "10.30");
    await().atMost(WAIT).until(() -> c.commissions.size() == 3);

    assertThat(c.statusReportsOf(1))
        .extracting(
            s ->
                s.status() + " " + s.filled().toPlainString() + "/" + s.remaining().toPlainString())
        .containsExactly("Submitted 0/100", "Submitted 40/60", "Submitted 80/20", "Filled 100/0");
    assertThat(c.statusReportsOf(1).get(3).avgFillPrice()).isEqualByComparingTo("10.18");
    assertThat(c.executions)
        .extracting(
            e ->
                e.shares().toPlainString()
                    + " @ "
                    + e.price().stripTrailingZeros().toPlainString()
                    + " cum "
                    + e.cumQty().toPlainString()
                    + " avg "
                    + e.avgPrice().stripTrailingZeros().toPlainString())
        .containsExactly(
            "40 @ 10.1 cum 40 avg 10.1",
            "40 @ 10.2 cum 80 avg 10.15",
            "20 @ 10.3 cum 100 avg 10.18");
    assertThat(c.executions.stream().map(Execution::execId).distinct()).hasSize(3);
    assertThat(c.commissions.stream().map(CommissionReport::execId))
        .containsExactlyElementsOf(c.executions.stream().map(Execution::execId).toList());
    BigDecimal total =
        c.commissions.stream()
            .map(CommissionReport::commission)
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(total)
        .as("$0.005/share with a $1.00 minimum per order: 100 shares cost $1.00 however split")
        .isEqualByComparingTo("1.00");
  }

  @Test
  void aLargeOrderFilledInPartsPaysPerShareInTotal() throws Exception {
    GatewayConfig config = new GatewayConfig();
    config.maxFillPerTick = dec("400");
    start(config);
    RawClient c = connect(1);
    gateway.publishTick("AAPL", "10.00");
    c.place(1, "AAPL", order("SELL", "1000", "MKT"));
    awaitStatus(c, 1, "Submitted");
    for (String p : List.of("10.01", "10.02", "10.03")) {
      gateway.publishTick("AAPL", p);
    }
    await().atMost(WAIT).until(() -> c.commissions.size() == 3);
    assertThat(c.commissions)
        .extracting(r -> r.commission().stripTrailingZeros().toPlainString())
        .containsExactly("2", "2", "1");
  }

  @Test
  void aCheapStockPaysAtMostOnePercentOfTradeValue() throws Exception {
    start(new GatewayConfig()); // IB fixed, the default
    RawClient c = connect(1);
    gateway.publishTick("PENNY", "0.25");
    c.place(1, "PENNY", order("BUY", "1000", "MKT"));
    awaitStatus(c, 1, "Submitted");
    gateway.publishTick("PENNY", "0.25");
    await().atMost(WAIT).until(() -> c.commissions.size() == 1);
    // 1,000 x $0.005 = $5.00, capped at 1% of 1,000 x $0.25 = $2.50
    assertThat(c.commissions.get(0).commission()).isEqualByComparingTo("2.50");
  }

  @Test
  void theCommissionModelIsASetting() throws Exception {
    GatewayConfig config = new GatewayConfig();
    config.commission = com.tradeplan.domain.commission.CommissionModel.parse("ib-tiered");
    start(config);
    RawClient c = connect(1);
    gateway.publishTick("AAPL", "25.00");
    c.place(1, "AAPL", order("BUY", "1000", "MKT"));
    awaitStatus(c, 1, "Submitted");
    gateway.publishTick("AAPL", "25.00");
    await().atMost(WAIT).until(() -> c.commissions.size() == 1);
    // IB tiered, first tier: 1,000 x $0.0035
    assertThat(c.commissions.get(0).commission()).isEqualByComparingTo("3.50");
  }

  @Test
  void fillLatencyDelaysTheExecutionReportButNotTheOrderStatus() throws Exception {
    GatewayConfig config = new GatewayConfig();
    config.fillLatencyMillis = 300;
    start(config);
    RawClient c = connect(1);
    gateway.publishTick("AAPL", "20.00");
    c.place(1, "AAPL", order("BUY", "5", "MKT"));
    awaitStatus(c, 1, "Submitted");

    long t0 = System.nanoTime();
    gateway.publishTick("AAPL", "20.05");
    await().atMost(WAIT).until(() -> c.commissions.size() == 1);
    long elapsedMillis = (System.nanoTime() - t0) / 1_000_000;

    assertThat(elapsedMillis)
        .as("execution after the configured latency")
        .isGreaterThanOrEqualTo(300);
    assertThat(c.orderLog)
        .containsExactly(
            "status 1 Submitted",
            "status 1 Filled",
            "exec 1",
            "commission " + c.executions.get(0).execId());
    assertThat(c.executions.get(0).price()).isEqualByComparingTo("20.05");
  }

  @Test
  void theDelayExecutionsFaultHoldsExecutionsBackAfterTheFilledStatus() throws Exception {
    start(new GatewayConfig());
    RawClient c = connect(1);
    gateway.publishTick("AAPL", "20.00");
    c.place(1, "AAPL", order("BUY", "5", "MKT"));
    awaitStatus(c, 1, "Submitted");
    gateway.setExecutionDelayMillis(400);

    long t0 = System.nanoTime();
    gateway.publishTick("AAPL", "20.10");
    awaitStatus(c, 1, "Filled");
    await().atMost(WAIT).until(() -> c.commissions.size() == 1);
    long elapsedMillis = (System.nanoTime() - t0) / 1_000_000;

    assertThat(elapsedMillis).isGreaterThanOrEqualTo(400);
    assertThat(c.orderLog.indexOf("status 1 Filled")).isLessThan(c.orderLog.indexOf("exec 1"));
    assertThat(c.executions).hasSize(1);
    assertThat(gateway.positions(gateway.account()).get("AAPL").quantity())
        .as("the position changes at the fill, not at the report")
        .isEqualByComparingTo("5");
  }
}
