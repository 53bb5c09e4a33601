package com.tradeplan.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.plan.Instrument;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The kill switch's scopes, as written and as the RiskGate applies them to entries and exits. */
class KillScopeTest {
  private final List<String> sent = new ArrayList<>();
  private final RiskGate gate = new RiskGate(new Recording(), 1_000, 1_000, 1_000, "DU1");

  @Test
  void scopesAreWrittenAndReadBack() {
    for (String text : List.of("global", "account:DU1234567", "user:alice", "user:a.b-c_d@x")) {
      assertThat(KillScope.parse(text).map(KillScope::toString)).contains(text);
    }
    for (String bad : List.of("", "Global", "user:", "user:a b", "account", "desk:x", "user:a|b")) {
      assertThat(KillScope.parse(bad)).as(bad).isEqualTo(Optional.empty());
    }
    assertThat(KillScope.parse(null)).isEmpty();
  }

  @Test
  void aUsersSwitchRefusesTheirEntriesOnlyAndNeverAnExit() {
    gate.engageKillSwitch(KillScope.user("alice"), "stepping away");
    SubmitResult refused = gate.submit(entry("alice", null));
    assertThat(refused.code()).isEqualTo(SubmitResult.Code.DENIED);
    assertThat(refused.reason())
        .isEqualTo(
            "kill switch engaged for user:alice (stepping away): entries are refused, exits and"
                + " cancels pass");
    assertThat(gate.submit(entry("bob", null)).accepted()).as("bob trades on").isTrue();
    for (OrderRole exit : List.of(OrderRole.STOP, OrderRole.TARGET, OrderRole.FLATTEN)) {
      assertThat(gate.submit(order("alice", exit, null)).accepted()).as(exit.name()).isTrue();
    }
    assertThat(gate.killSwitchEngaged()).as("the global switch is another one").isFalse();
    gate.releaseKillSwitch(KillScope.user("alice"));
    assertThat(gate.submit(entry("alice", null)).accepted()).isTrue();
  }

  @Test
  void anAccountsSwitchCoversOrdersWithoutAnAccountWhenItIsTheDefaultOne() {
    gate.engageKillSwitch(KillScope.account("DU1"), "margin call");
    assertThat(gate.submit(entry("alice", null)).reason()).contains("account:DU1 (margin call)");
    assertThat(gate.submit(entry("alice", "DU1")).reason()).contains("account:DU1");
    assertThat(gate.submit(entry("alice", "DU2")).accepted()).isTrue();

    gate.engageKillSwitch(KillScope.GLOBAL, "desk closed");
    assertThat(gate.submit(entry("bob", "DU2")).reason())
        .as("the widest scope is named")
        .isEqualTo(
            "kill switch engaged (desk closed): entries are refused, exits and cancels pass");
    assertThat(gate.killSwitches()).containsOnlyKeys(KillScope.GLOBAL, KillScope.account("DU1"));
  }

  @Test
  void anEntrysReSendAfterAReconnectMeetsTheSwitchOfItsScopeNamedWithIt() {
    assertThat(gate.resendRefusal(entry("alice", null))).as("no switch: re-sent").isNull();
    gate.engageKillSwitch(KillScope.user("alice"), "stepping away");
    assertThat(gate.resendRefusal(entry("alice", null)))
        .isEqualTo(
            "not sent again after the reconnect: kill switch engaged for user:alice (stepping"
                + " away); the entry never reached IB");
    assertThat(gate.resendRefusal(entry("bob", "DU2"))).as("bob's is re-sent").isNull();
    gate.engageKillSwitch(KillScope.account("DU1"), "margin call");
    assertThat(gate.resendRefusal(entry("bob", null)))
        .as("the default account's switch")
        .contains("kill switch engaged for account:DU1 (margin call)");
    gate.engageKillSwitch(KillScope.GLOBAL, "desk closed");
    assertThat(gate.resendRefusal(entry("bob", "DU2")))
        .contains("kill switch engaged for global (desk closed)");
  }

  private OrderRequest entry(String owner, String account) {
    return order(owner, OrderRole.ENTRY, account);
  }

  private OrderRequest order(String owner, OrderRole role, String account) {
    return OrderRequest.market(
            new OrderRef("p-" + owner + sent.size(), role, 0, 1),
            owner,
            Instrument.stock("AAPL"),
            role == OrderRole.ENTRY ? OrderAction.BUY : OrderAction.SELL,
            10,
            "test")
        .withAccount(account);
  }

  /** Accepts everything, remembering what reached it. */
  private final class Recording implements com.tradeplan.domain.broker.Broker {
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
    public void setListener(com.tradeplan.domain.broker.BrokerListener listener) {}
  }
}
