package com.tradeplan.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.tradeplan.broker.tws.CommissionReport;
import com.tradeplan.broker.tws.Execution;
import com.tradeplan.broker.tws.TwsOrder;
import com.tradeplan.domain.commission.CommissionModel;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Over a real socket, the gateway charges each account by its own plan: the same fill for two
 * accounts, one on IB fixed and one on IB tiered with fees, is reported with each plan's exact
 * commission, and an account without a plan of its own pays the gateway's model. The whatIf answer
 * prices with the account's plan too.
 */
class PaperGatewayAccountCommissionTest extends PaperGatewayTestSupport {

  @Test
  void eachAccountIsChargedByItsOwnPlan() throws Exception {
    GatewayConfig config = new GatewayConfig();
    config.accounts = List.of("DU111", "DU222", "DU333");
    config.commission = CommissionModel.parse("per-share:0.01");
    config.accountCommissions.put("DU111", CommissionModel.IB_FIXED);
    config.accountCommissions.put("DU222", CommissionModel.parse("ib-tiered:fees=0.0002"));
    start(config);
    RawClient c = connect(1);
    c.place(1, "AAPL", forAccount("DU111", "300"));
    c.place(2, "AAPL", forAccount("DU222", "300"));
    c.place(3, "AAPL", forAccount("DU333", "300"));
    c.place(4, "AAPL", forAccount("DU111", "100"));
    roundTrip(c);
    gateway.publishTick("AAPL", "101.25");
    await().atMost(WAIT).until(() -> c.commissions.size() == 4);

    // fixed: 300 x 0.005 = 1.50; 100 x 0.005 = 0.50, raised to the $1.00 minimum
    assertThat(commissionOf(c, 1, "DU111")).isEqualTo(new BigDecimal("1.5"));
    assertThat(commissionOf(c, 4, "DU111")).isEqualTo(new BigDecimal("1"));
    // tiered: 300 x 0.0035 = 1.05, plus fees 300 x 0.0002 = 0.06
    assertThat(commissionOf(c, 2, "DU222")).isEqualTo(new BigDecimal("1.11"));
    // no plan of its own: the gateway's model, 300 x 0.01
    assertThat(commissionOf(c, 3, "DU333")).isEqualTo(new BigDecimal("3"));

    TwsOrder whatIf = forAccount("DU222", "100");
    whatIf.orderType = "LMT";
    whatIf.lmtPrice = new BigDecimal("50.00");
    whatIf.whatIf = true;
    c.place(5, "AAPL", whatIf);
    await().atMost(WAIT).until(() -> !c.openOrdersOf(5).isEmpty());
    // tiered on 100 shares: 0.35 minimum, plus 100 x 0.0002 fees
    assertThat(c.openOrdersOf(5).get(0).state().commission()).isEqualByComparingTo("0.37");
  }

  private static TwsOrder forAccount(String account, String shares) {
    TwsOrder o = RawClient.order("BUY", shares, "MKT");
    o.account = account;
    return o;
  }

  /**
   * The commission reported for the one execution of {@code orderId}, checked to be the account's.
   */
  private static BigDecimal commissionOf(RawClient c, int orderId, String account) {
    List<Execution> execs = c.executionsOf(orderId);
    assertThat(execs).hasSize(1);
    assertThat(execs.get(0).acctNumber()).isEqualTo(account);
    String execId = execs.get(0).execId();
    return c.commissions.stream()
        .filter(r -> r.execId().equals(execId))
        .map(CommissionReport::commission)
        .findFirst()
        .orElseThrow();
  }
}
