package com.tradeplan.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.broker.tws.ContractDetails;
import com.tradeplan.broker.tws.PriceIncrement;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.TickSizes.Lookup;
import com.tradeplan.testkit.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The contract details cache without a socket: a lookup asks, the answer makes the tick known, the
 * background run refreshes from half the time to live, an answer older than the time to live is not
 * used, IB's refusal and silence are reasons, and the bound forgets the least recently asked.
 */
class ContractDetailsCacheTest {
  private static final Duration TTL = Duration.ofMinutes(60);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T15:00:00Z"));
  private final ContractDetailsCache cache = new ContractDetailsCache(TTL, clock);
  private final List<Integer> sentIds = new ArrayList<>();
  private final List<String> sentSymbols = new ArrayList<>();
  private final ContractDetailsCache.Requester requester =
      (id, i) -> {
        sentIds.add(id);
        sentSymbols.add(i.symbol());
        return true;
      };

  @Test
  void aLookupAsksAndTheAnswerMakesTheTickKnown() {
    cache.connectionReady(requester);
    Instrument nickel = Instrument.stock("NICKEL");
    Lookup first = cache.tickSize(nickel, Duration.ZERO);
    assertThat(first.isKnown()).isFalse();
    assertThat(first.unknownBecause())
        .isEqualTo("contract details of NICKEL have not arrived from IB yet");
    cache.runOnce();
    assertThat(sentSymbols).containsExactly("NICKEL");
    answer(sentIds.get(0), "NICKEL", "0.050");

    assertThat(cache.tickSize(nickel, Duration.ZERO))
        .isEqualTo(Lookup.known(new BigDecimal("0.05")));
    cache.runOnce();
    assertThat(sentSymbols).as("a fresh answer is not asked again").hasSize(1);
  }

  @Test
  void theBackgroundRefreshesFromHalfTheTtlAndAnOldAnswerExpires() {
    cache.connectionReady(requester);
    Instrument aapl = Instrument.stock("AAPL");
    cache.tickSize(aapl, Duration.ZERO);
    cache.runOnce();
    answer(sentIds.get(0), "AAPL", "0.01");

    clock.advance(TTL.dividedBy(2).minusSeconds(1));
    cache.runOnce();
    assertThat(sentIds).as("not due before half the ttl").hasSize(1);
    clock.advance(Duration.ofSeconds(1));
    cache.runOnce();
    assertThat(sentSymbols).as("refreshed without a lookup").containsExactly("AAPL", "AAPL");
    answer(sentIds.get(1), "AAPL", "0.05");
    assertThat(cache.tickSize(aapl, Duration.ZERO).tickSize()).isEqualByComparingTo("0.05");

    // the next refresh is never answered: the answer is used until the ttl, then not
    clock.advance(TTL.dividedBy(2));
    cache.runOnce();
    assertThat(sentIds).hasSize(3);
    clock.advance(ContractDetailsCache.ANSWER_TIMEOUT.plusSeconds(1));
    cache.runOnce();
    assertThat(cache.tickSize(aapl, Duration.ZERO).isKnown()).as("still within the ttl").isTrue();
    clock.advance(TTL.dividedBy(2));
    Lookup expired = cache.tickSize(aapl, Duration.ZERO);
    assertThat(expired.isKnown()).isFalse();
    assertThat(expired.unknownBecause())
        .isEqualTo("contract details of AAPL are not known: no answer from IB within 10 s");
    cache.runOnce();
    answer(sentIds.get(sentIds.size() - 1), "AAPL", "0.01");
    assertThat(cache.tickSize(aapl, Duration.ZERO).tickSize()).isEqualByComparingTo("0.01");
  }

  @Test
  void aContractNamingAMarketRuleIsKnownOnceTheRuleArrivedWithItsBands() {
    List<Integer> rulesAsked = new ArrayList<>();
    cache.connectionReady(requester, id -> rulesAsked.add(id));
    Instrument penny = Instrument.stock("PENNY");
    cache.tickSize(penny, Duration.ZERO);
    cache.runOnce();
    cache.onDetails(sentIds.get(0), details("PENNY", "0.0001", "SMART,NASDAQ", "31,31"));
    cache.onEnd(sentIds.get(0));
    assertThat(cache.tickSize(penny, Duration.ZERO).unknownBecause())
        .isEqualTo("market rule 31 of PENNY has not arrived from IB yet");

    cache.runOnce();
    assertThat(rulesAsked).containsExactly(31);
    cache.onMarketRule(31, List.of(band("0", "0.0001"), band("1.0", "0.01")));

    Lookup known = cache.tickSize(penny, Duration.ZERO);
    assertThat(known.tickSize()).isEqualByComparingTo("0.0001");
    assertThat(known.grid().incrementAt(new BigDecimal("0.50"))).isEqualByComparingTo("0.0001");
    assertThat(known.grid().incrementAt(new BigDecimal("2.00"))).isEqualByComparingTo("0.01");
    cache.runOnce();
    assertThat(rulesAsked).as("a known rule is not asked again until the next answer").hasSize(1);
    cache.onMarketRule(99, List.of(band("0", "1"))); // not asked for: dropped
    assertThat(cache.tickSize(penny, Duration.ZERO)).isEqualTo(known);
  }

  @Test
  void theRuleOfThePrimaryExchangeSetsTheGrid() {
    ContractDetails d = details("X", "0.01", "SMART,ARCA,NASDAQ", "26,27,31");
    assertThat(d.marketRuleId()).hasValue(31);
    assertThat(details("X", "0.01", "SMART,ARCA", "26,27").marketRuleId()).hasValue(26);
    assertThat(details("X", "0.01", "SMART", "").marketRuleId()).isEmpty();
    assertThat(details("X", "0.01", "NASDAQ", "abc").marketRuleId()).isEmpty();
  }

  @Test
  void aRuleThatIsNoGridOrNeverAnswersLeavesTheTickUnknownWithTheReason() {
    List<Integer> rulesAsked = new ArrayList<>();
    cache.connectionReady(requester, id -> rulesAsked.add(id));
    Instrument coarse = Instrument.stock("COARSE");
    cache.tickSize(coarse, Duration.ZERO);
    cache.runOnce();
    cache.onDetails(sentIds.get(0), details("COARSE", "0.01", "SMART,NASDAQ", "32,32"));
    cache.onEnd(sentIds.get(0));
    cache.runOnce();
    cache.onMarketRule(32, List.of(band("0", "0.01"), band("0", "0.05")));
    assertThat(cache.tickSize(coarse, Duration.ZERO).unknownBecause())
        .isEqualTo(
            "the tick grid of COARSE is not known: IB's market rule 32 is not a tick grid:"
                + " low edge 0 does not rise above 0");

    cache.runOnce();
    assertThat(rulesAsked).as("asked again only after a pause").hasSize(1);
    clock.advance(ContractDetailsCache.RETRY_AFTER);
    cache.runOnce();
    assertThat(rulesAsked).hasSize(2);
    clock.advance(ContractDetailsCache.ANSWER_TIMEOUT.plusSeconds(1));
    cache.runOnce();
    assertThat(cache.tickSize(coarse, Duration.ZERO).unknownBecause())
        .isEqualTo("the tick grid of COARSE is not known: no answer to market rule 32 within 10 s");
    clock.advance(ContractDetailsCache.RETRY_AFTER);
    cache.runOnce();
    cache.onMarketRule(32, List.of(band("0", "0.01"), band("10", "0.05")));
    assertThat(cache.tickSize(coarse, Duration.ZERO).grid().describe())
        .isEqualTo("0.01 from 0, 0.05 from 10");
  }

  @Test
  void ibsRefusalIsTheReasonAndIsAskedAgainOnlyAfterAPause() {
    Instrument nosuch = Instrument.stock("NOSUCH");
    assertThat(cache.tickSize(nosuch, Duration.ZERO).unknownBecause())
        .isEqualTo("contract details of NOSUCH are not known: not connected to IB");
    cache.connectionReady(requester);
    cache.runOnce();
    assertThat(cache.onError(sentIds.get(0), 200, "No security definition has been found"))
        .isTrue();
    assertThat(cache.onError(12, 200, "an order's error")).as("not ours").isFalse();
    assertThat(cache.tickSize(nosuch, Duration.ZERO).unknownBecause())
        .isEqualTo(
            "contract details of NOSUCH are not known: IB error 200: No security definition has"
                + " been found");
    cache.runOnce();
    assertThat(sentIds).as("not hammered").hasSize(1);
    clock.advance(ContractDetailsCache.RETRY_AFTER);
    cache.runOnce();
    assertThat(sentIds).hasSize(2);
  }

  @Test
  void aLostConnectionAsksItsRequestsAgainOnTheNext() {
    cache.connectionReady(requester);
    cache.tickSize(Instrument.stock("AAPL"), Duration.ZERO);
    cache.runOnce();
    cache.connectionEnded(requester);
    answer(sentIds.get(0), "AAPL", "0.01");
    assertThat(cache.tickSize(Instrument.stock("AAPL"), Duration.ZERO).isKnown())
        .as("an answer to a request of the lost connection is not taken")
        .isFalse();
    cache.connectionReady(requester);
    cache.runOnce();
    assertThat(sentSymbols).containsExactly("AAPL", "AAPL");
  }

  /**
   * A refresh not written because its connection is closing (the close's callback has not reached
   * the cache yet) is no answer from IB: it goes out on the next connection at once, not after the
   * pause that follows IB's refusal or silence, which left an instrument in use without a refresh
   * for RETRY_AFTER past a reconnect.
   */
  @Test
  void aRefreshNotWrittenAsItsConnectionClosedGoesOutOnTheNextAtOnce() {
    boolean[] closing = {false};
    ContractDetailsCache.Requester first = (id, i) -> !closing[0] && requester.request(id, i);
    cache.connectionReady(first);
    Instrument aapl = Instrument.stock("AAPL");
    cache.tickSize(aapl, Duration.ZERO);
    cache.runOnce();
    answer(sentIds.get(0), "AAPL", "0.01");

    clock.advance(TTL.dividedBy(2));
    closing[0] = true;
    cache.runOnce();
    assertThat(sentIds).as("the refresh was not written").hasSize(1);
    cache.connectionEnded(first);
    cache.connectionReady(requester);
    cache.runOnce();
    assertThat(sentSymbols)
        .as("asked on the next connection at once")
        .containsExactly("AAPL", "AAPL");
    answer(sentIds.get(1), "AAPL", "0.05");
    assertThat(cache.tickSize(aapl, Duration.ZERO).tickSize()).isEqualByComparingTo("0.05");
  }

  /** The same for a market rule, whose connection's end reached the cache during the write. */
  @Test
  void aRuleNotWrittenAsItsConnectionClosedIsAskedOnTheNextAtOnce() {
    List<Integer> rulesAsked = new ArrayList<>();
    cache.connectionReady(
        requester,
        id -> {
          cache.connectionEnded(requester); // the close's callback ran meanwhile
          return false;
        });
    Instrument penny = Instrument.stock("PENNY");
    cache.tickSize(penny, Duration.ZERO);
    cache.runOnce();
    cache.onDetails(sentIds.get(0), details("PENNY", "0.0001", "SMART,NASDAQ", "31,31"));
    cache.onEnd(sentIds.get(0));
    cache.runOnce();
    assertThat(cache.tickSize(penny, Duration.ZERO).unknownBecause())
        .isEqualTo(
            "the tick grid of PENNY is not known: market rule 31 not asked: not connected to IB");

    cache.connectionReady(requester, rulesAsked::add);
    cache.runOnce();
    assertThat(rulesAsked).as("asked on the next connection at once").containsExactly(31);
    cache.onMarketRule(31, List.of(band("0", "0.0001"), band("1", "0.01")));
    assertThat(cache.tickSize(penny, Duration.ZERO).tickSize()).isEqualByComparingTo("0.0001");
  }

  @Test
  void atTheBoundTheLeastRecentlyAskedIsForgotten() {
    cache.connectionReady(requester);
    for (int i = 0; i < ContractDetailsCache.ENTRIES_MAX; i++) {
      cache.tickSize(Instrument.stock("S" + i), Duration.ZERO);
    }
    cache.tickSize(Instrument.stock("S0"), Duration.ZERO); // S1 is now the least recent
    cache.tickSize(Instrument.stock("NEW"), Duration.ZERO);
    assertThat(cache.size()).isEqualTo(ContractDetailsCache.ENTRIES_MAX);
    cache.runOnce();
    assertThat(sentSymbols).as("the most urgent first, within the run's limit").hasSize(2);
    assertThat(sentSymbols).doesNotContain("S1");
  }

  @Test
  void seededRandomAnswersNeverGiveATickOlderThanTheTtl() {
    for (long seed = 1; seed <= 5; seed++) {
      Random r = new Random(seed);
      MutableClock c = new MutableClock(Instant.parse("2026-12-07T15:00:00Z"));
      ContractDetailsCache k = new ContractDetailsCache(TTL, c);
      List<Integer> ids = new ArrayList<>();
      List<String> symbols = new ArrayList<>();
      k.connectionReady(
          (id, i) -> {
            ids.add(id);
            symbols.add(i.symbol());
            return true;
          });
      // every answer has its own tick (step x 0.0001), so a known tick names its answer's time
      Map<BigDecimal, Instant> answeredAt = new HashMap<>();
      int known = 0;
      for (int step = 0; step < 2_000; step++) {
        Instrument inst = Instrument.stock("S" + r.nextInt(3));
        switch (r.nextInt(4)) {
          case 0 -> c.advance(Duration.ofMinutes(r.nextInt(20)));
          case 1 -> k.runOnce();
          case 2 -> {
            if (!ids.isEmpty()) {
              int which = ids.size() - 1 - r.nextInt(Math.min(3, ids.size()));
              BigDecimal tick = new BigDecimal(step + 1).movePointLeft(4);
              answeredAt.put(tick.stripTrailingZeros(), c.instant());
              k.onDetails(ids.get(which), details(symbols.get(which), tick.toPlainString()));
              k.onEnd(ids.get(which));
            }
          }
          default -> {
            Lookup l = k.tickSize(inst, Duration.ZERO);
            if (l.isKnown()) {
              known++;
              Instant at = answeredAt.get(l.tickSize());
              assertThat(c.instant()).as("seed " + seed + " step " + step).isBefore(at.plus(TTL));
            }
          }
        }
      }
      assertThat(known).as("seed " + seed + ": some lookups found a tick").isPositive();
    }
  }

  private void answer(int reqId, String symbol, String minTick) {
    cache.onDetails(reqId, details(symbol, minTick));
    cache.onEnd(reqId);
  }

  private static ContractDetails details(String symbol, String minTick) {
    return details(symbol, minTick, "SMART,NASDAQ", "");
  }

  private static ContractDetails details(
      String symbol, String minTick, String validExchanges, String marketRuleIds) {
    return new ContractDetails(
        10_000,
        symbol,
        "STK",
        "SMART",
        "NASDAQ",
        "USD",
        symbol,
        new BigDecimal(minTick),
        "US/Eastern",
        "20261207:0400-20261207:2000",
        "20261207:0930-20261207:1600",
        validExchanges,
        marketRuleIds);
  }

  private static PriceIncrement band(String lowEdge, String increment) {
    return new PriceIncrement(new BigDecimal(lowEdge), new BigDecimal(increment));
  }
}
