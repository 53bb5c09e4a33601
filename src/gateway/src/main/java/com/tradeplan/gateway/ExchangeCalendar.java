package com.tradeplan.gateway;

import com.tradeplan.domain.market.TradingHours;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * When the paper gateway's stocks trade (docs/ib.md, "Trading hours at the paper gateway"): the
 * exchange's time zone, the default sessions, sessions of their own for some symbols, and holidays
 * (a day closed, or a day with other sessions: an early close). Weekends are closed. The contract
 * details' {@code tradingHours} and {@code liquidHours} texts are written from it ({@link #hours},
 * IB's form, {@code 20261225:CLOSED} for a holiday), and the exchange's wait for the session reads
 * the same model ({@link #closedUntil}), so what a client is told and what the gateway does agree.
 *
 * <p>Immutable. Built from the command line by {@link CalendarNotation}; bounded there ({@link
 * CalendarNotation#HOLIDAYS_MAX}, {@link CalendarNotation#SYMBOLS_MAX}).
 *
 * @param zoneName the time zone as contract details name it ({@code US/Eastern}), an IANA id
 * @param defaults the sessions of every symbol without its own
 * @param symbols sessions of their own, by symbol
 * @param holidays by date: the day's sessions for every symbol, or null for a closed day
 */
public record ExchangeCalendar(
    String zoneName,
    Sessions defaults,
    Map<String, Sessions> symbols,
    Map<LocalDate, Sessions> holidays) {

  /** The US stock market without holidays: 09:30-16:00 regular, 04:00-20:00 extended. */
  public static final ExchangeCalendar US_EQUITIES =
      new ExchangeCalendar(
          "US/Eastern",
          new Sessions(
              LocalTime.of(9, 30), LocalTime.of(16, 0), LocalTime.of(4, 0), LocalTime.of(20, 0)),
          Map.of(),
          Map.of());

  private static final DateTimeFormatter OPENS_AT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /**
   * One day's sessions in the exchange's time: the liquid (regular) one inside the trading one (the
   * extended hours). Each opens at its open (inclusive) and closes at its close (exclusive), on the
   * same day.
   */
  public record Sessions(
      LocalTime liquidOpen, LocalTime liquidClose, LocalTime tradingOpen, LocalTime tradingClose) {
    public Sessions {
      if (!liquidClose.isAfter(liquidOpen) || !tradingClose.isAfter(tradingOpen)) {
        throw new IllegalArgumentException("a session closes after it opens");
      }
      if (tradingOpen.isAfter(liquidOpen) || tradingClose.isBefore(liquidClose)) {
        throw new IllegalArgumentException("the trading session must hold the liquid one");
      }
    }

    LocalTime open(boolean liquid) {
      return liquid ? liquidOpen : tradingOpen;
    }

    LocalTime close(boolean liquid) {
      return liquid ? liquidClose : tradingClose;
    }
  }

  public ExchangeCalendar {
    Objects.requireNonNull(zoneName, "zoneName");
    Objects.requireNonNull(defaults, "defaults");
    symbols = Map.copyOf(symbols);
    holidays = Collections.unmodifiableMap(new HashMap<>(holidays)); // a null value: closed
    ZoneId.of(zoneName); // throws for a zone Java does not know: a broken invariant here
  }

  public ZoneId zone() {
    return ZoneId.of(zoneName);
  }

  /**
   * The sessions of {@code symbol} on {@code date}; null when the exchange is closed that day (a
   * weekend or a closed holiday). A holiday's sessions are every symbol's that day.
   */
  Sessions sessionsOn(String symbol, LocalDate date) {
    if (date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY) {
      return null;
    }
    if (holidays.containsKey(date)) {
      return holidays.get(date);
    }
    return symbols.getOrDefault(symbol, defaults);
  }

  /**
   * The liquid ({@code liquid}) or trading hours of {@code symbol} over {@code days} days from
   * {@code from}, as contract details give them (format them with {@link TradingHours#format}).
   */
  TradingHours hours(String symbol, LocalDate from, int days, boolean liquid) {
    List<TradingHours.Day> out = new ArrayList<>(days);
    for (int i = 0; i < days; i++) {
      LocalDate d = from.plusDays(i);
      Sessions s = sessionsOn(symbol, d);
      out.add(
          new TradingHours.Day(
              d,
              s == null
                  ? List.of()
                  : List.of(
                      new TradingHours.Session(
                          d.atTime(s.open(liquid)), d.atTime(s.close(liquid))))));
    }
    return new TradingHours(zone(), out);
  }

  /**
   * Null while an order on {@code symbol} may fill at {@code at}: in its liquid session, or with
   * {@code outsideRth} in its trading session; otherwise when that session opens next, as IB's
   * warning 399 says it: {@code 2026-12-28 09:30:00 US/Eastern}.
   */
  String closedUntil(String symbol, Instant at, boolean outsideRth) {
    boolean liquid = !outsideRth;
    LocalDateTime local = LocalDateTime.ofInstant(at, zone());
    if (hours(symbol, local.toLocalDate(), 1, liquid).isOpenAt(at)) {
      return null;
    }
    // Among 2H+7 days at most H are holidays and more than H are weekdays: one session is there.
    int daysMax = 2 * holidays.size() + 7;
    for (int i = 0; i <= daysMax; i++) {
      LocalDate d = local.toLocalDate().plusDays(i);
      Sessions s = sessionsOn(symbol, d);
      if (s != null && d.atTime(s.open(liquid)).isAfter(local)) {
        return d.atTime(s.open(liquid)).format(OPENS_AT) + " " + zoneName;
      }
    }
    throw new IllegalStateException("no session within " + daysMax + " days of " + at);
  }
}
