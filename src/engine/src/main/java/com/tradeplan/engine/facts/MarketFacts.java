package com.tradeplan.engine.facts;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * What the platform knows about a tick's symbol when the tick is evaluated, for strategy rules
 * (docs/rules.md, "Strategies and their parameter schema"): the exchange clock and the symbol's
 * intraday volatility. Inserted beside the {@code Tick} for its step and removed with it.
 *
 * <ul>
 *   <li>{@code exchangeTime}, {@code exchangeDate}: the tick's time on the exchange's clock ({@link
 *       #US_EQUITIES}, America/New_York, daylight saving included), so "15:55" is the exchange's
 *       15:55 in winter and summer. From the tick's own time, never the machine's clock: a scenario
 *       or a replay gives the same facts every run.
 *   <li>{@code atr}: the average true range of the symbol's last completed one-minute bars of the
 *       exchange day (at most {@code IntradayRanges.ATR_BARS}), null before the first bar of the
 *       day completes; {@code atrBars} how many bars it averages. {@code dayRange}: the highest
 *       less the lowest price of the exchange day so far, this tick included.
 *   <li>{@code adr}: the average daily range, the mean of the day ranges of the symbol's last
 *       completed exchange days (at most {@code TRADEPLAN_ADR_DAYS}, default 5, at most 20), null
 *       until a day has completed; {@code adrDays} how many days it averages.
 * </ul>
 */
public record MarketFacts(
    String symbol,
    Instant time,
    LocalDate exchangeDate,
    LocalTime exchangeTime,
    BigDecimal atr,
    int atrBars,
    BigDecimal dayRange,
    BigDecimal adr,
    int adrDays) {
  /** The exchange clock of the instruments Tradeplan trades today: US stocks. */
  public static final ZoneId US_EQUITIES = ZoneId.of("America/New_York");

  public MarketFacts {
    Objects.requireNonNull(symbol, "symbol");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(exchangeDate, "exchangeDate");
    Objects.requireNonNull(exchangeTime, "exchangeTime");
  }

  /** The facts of a tick whose symbol has no intraday range yet (a session stepped alone). */
  public static MarketFacts clockOnly(String symbol, Instant time) {
    var local = time.atZone(US_EQUITIES);
    return new MarketFacts(
        symbol, time, local.toLocalDate(), local.toLocalTime(), null, 0, BigDecimal.ZERO, null, 0);
  }

  /** True from {@code time} on the exchange clock (to the minute: 15:55 holds from 15:55:00). */
  public boolean isAtOrAfter(LocalTime exchangeClock) {
    return !exchangeTime.isBefore(exchangeClock);
  }
}
