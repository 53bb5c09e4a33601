package com.tradeplan.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.broker.tws.ErrorCodes;
import com.tradeplan.broker.tws.TickType;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.plan.Instrument;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * IB's refusal of a market data request is kept with IB's words until a price of that subscription
 * arrives; errors that are not market data refusals, or not about a subscription, are not taken.
 */
class MarketDataRefusalTest {
  private final MarketData marketData = new MarketData();
  private final List<Tick> ticks = new ArrayList<>();

  /** The ticker id the next subscription gets: subscriptions are numbered from 10,000 in order. */
  private int subscribe(String symbol) {
    int before = marketData.subscribedSymbols().size();
    marketData.subscribe(Instrument.stock(symbol), ticks::add);
    return 10_000 + before;
  }

  @Test
  void aRefusalOfASubscriptionIsKeptWithIbsWordsUntilAPriceArrives() {
    int aapl = subscribe("AAPL");
    int msft = subscribe("MSFT");

    assertThat(
            marketData.onError(
                msft, ErrorCodes.MARKET_DATA_NOT_SUBSCRIBED, "Requested market data is not"))
        .isTrue();
    assertThat(marketData.refusals())
        .isEqualTo(Map.of("MSFT", "IB 354: Requested market data is not"));

    marketData.onTickPrice(aapl, TickType.LAST, new BigDecimal("100.00"));
    assertThat(marketData.refusals()).containsOnlyKeys("MSFT");
    marketData.onTickPrice(msft, TickType.LAST, new BigDecimal("-1"));
    assertThat(marketData.refusals()).as("IB's -1 is no price").containsOnlyKeys("MSFT");
    marketData.onTickPrice(msft, TickType.LAST, new BigDecimal("300.00"));
    assertThat(marketData.refusals()).isEmpty();
    assertThat(ticks).extracting(Tick::symbol).containsExactly("AAPL", "MSFT");
  }

  @Test
  void errorsThatAreNotMarketDataRefusalsOrNotAboutASubscriptionAreNotTaken() {
    int aapl = subscribe("AAPL");

    assertThat(marketData.onError(aapl, ErrorCodes.ORDER_REJECTED, "Order rejected")).isFalse();
    assertThat(marketData.onError(aapl + 1, ErrorCodes.MAX_TICKERS, "Max number")).isFalse();
    assertThat(marketData.onError(1, ErrorCodes.NO_SECURITY_DEFINITION, "No security")).isFalse();
    assertThat(marketData.refusals()).isEmpty();
  }

  @Test
  void onlyTheLinesInUseAreARefusalThatMayPass() {
    assertThat(ErrorCodes.isMarketDataRefusalThatMayPass(101)).isTrue();
    for (int code :
        new int[] {200, 300, 354, 10089, 10090, 10091, 10167, 10168, 10186, 10197, 201}) {
      assertThat(ErrorCodes.isMarketDataRefusalThatMayPass(code)).as("code %d", code).isFalse();
    }
  }

  @Test
  void withoutAConnectionNothingIsAskedAgain() {
    int msft = subscribe("MSFT");
    marketData.onError(msft, ErrorCodes.MAX_TICKERS, "Max number of tickers has been reached");

    assertThat(marketData.askRefusedAgain(java.time.Duration.ofSeconds(1))).isEmpty();
    assertThat(marketData.refusals()).containsOnlyKeys("MSFT");
  }

  @Test
  void everyMarketDataRefusalCodeIsTakenAndNoOrderCodeIs() {
    for (int code :
        new int[] {101, 200, 300, 354, 10089, 10090, 10091, 10167, 10168, 10186, 10197}) {
      assertThat(ErrorCodes.isMarketDataRefusal(code)).as("code %d", code).isTrue();
    }
    for (int code : new int[] {100, 103, 110, 201, 202, 399, 504, 1100, 2104, 2106}) {
      assertThat(ErrorCodes.isMarketDataRefusal(code)).as("code %d", code).isFalse();
    }
  }
}
