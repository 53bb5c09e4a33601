package com.tradeplan.broker.tws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * IB's market rules on the wire, field by field: reqMarketRule out (id 91, the rule's id, no
 * version), marketRule in (id 93, the rule's id, the count, then lowEdge and increment per band),
 * and contractData read on to its market rule ids. A count beyond the bound, a missing band or an
 * unreadable number is malformed.
 */
class MarketRuleMessagesTest {
  private final List<String> calls = new ArrayList<>();
  private final EWrapper recorder =
      new EWrapper() {
        @Override
        public void marketRule(int marketRuleId, List<PriceIncrement> increments) {
          StringBuilder sb = new StringBuilder("marketRule " + marketRuleId);
          for (PriceIncrement p : increments) {
            sb.append(' ')
                .append(p.lowEdge().toPlainString())
                .append(':')
                .append(p.increment().toPlainString());
          }
          calls.add(sb.toString());
        }

        @Override
        public void contractDetails(int reqId, ContractDetails d) {
          calls.add(
              "contractDetails "
                  + reqId
                  + " "
                  + d.symbol()
                  + " "
                  + d.validExchanges()
                  + " "
                  + d.marketRuleIds()
                  + " rule "
                  + d.marketRuleId().orElse(-1));
        }
      };

  @Test
  void reqMarketRuleIsTheIdAndTheRule() {
    assertThat(Requests.reqMarketRule(31).fields()).containsExactly("91", "31");
  }

  @Test
  void marketRuleCarriesItsBandsInOrder() {
    MessageDecoder.dispatch(List.of("93", "31", "2", "0", "0.0001", "1", "0.01"), recorder);
    MessageDecoder.dispatch(List.of("93", "26", "0"), recorder);

    assertThat(calls).containsExactly("marketRule 31 0:0.0001 1:0.01", "marketRule 26");
  }

  @Test
  void aMalformedMarketRuleIsAMalformedMessage() {
    assertThatThrownBy(
            () -> MessageDecoder.dispatch(List.of("93", "31", "2", "0", "0.01"), recorder))
        .isInstanceOf(MalformedMessageException.class);
    assertThatThrownBy(() -> MessageDecoder.dispatch(List.of("93", "31", "1001"), recorder))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("market rule bands");
    assertThatThrownBy(
            () -> MessageDecoder.dispatch(List.of("93", "31", "1", "", "0.01"), recorder))
        .isInstanceOf(MalformedMessageException.class);
    assertThatThrownBy(() -> MessageDecoder.dispatch(List.of("93", "x", "0"), recorder))
        .isInstanceOf(MalformedMessageException.class);
    assertThat(calls).isEmpty();
  }

  @Test
  void contractDataIsReadOnToItsMarketRuleIds() {
    List<String> f =
        new ArrayList<>(
            List.of(
                "10",
                "7",
                "PENNY",
                "STK",
                "",
                "",
                "0",
                "",
                "SMART",
                "USD",
                "PENNY",
                "PENNY",
                "PENNY",
                "101",
                "0.0001",
                "1",
                "LMT,MKT",
                "SMART,NASDAQ",
                "1",
                "0",
                "PENNY INC",
                "NASDAQ",
                "",
                "",
                "",
                "",
                "US/Eastern",
                "20261207:0400-20261207:2000",
                "20261207:0930-20261207:1600",
                "",
                "",
                "1",
                "ISIN",
                "US0000000001",
                "1",
                "",
                "",
                "31,31",
                "",
                "COMMON",
                "1",
                "1",
                "1",
                "0"));

    MessageDecoder.dispatch(f, recorder);

    assertThat(calls).containsExactly("contractDetails 7 PENNY SMART,NASDAQ 31,31 rule 31");
  }
}
