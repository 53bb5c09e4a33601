package com.tradeplan.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.domain.market.TradingHours;
import com.tradeplan.gateway.ExchangeCalendar.Sessions;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The paper gateway's calendar notation (sessions, symbol sessions, holidays) read by hand-written
 * cases and refused with a reason, and seeded random calendars: their holidays written and read
 * back equal, their contract-details texts read by the broker's {@link TradingHours} back to the
 * same days, and open exactly when the exchange lets an order fill.
 */
class CalendarNotationTest {
  private static final Sessions US =
      new Sessions(
          LocalTime.of(9, 30), LocalTime.of(16, 0), LocalTime.of(4, 0), LocalTime.of(20, 0));

  @Test
  void sessionsSymbolSessionsAndHolidaysAreRead() {
    assertThat(CalendarNotation.sessions("09:30-16:00/04:00-20:00").value()).isEqualTo(US);
    assertThat(CalendarNotation.sessions("08:00-16:30").value())
        .as("without a trading session it is the liquid one")
        .isEqualTo(
            new Sessions(
                LocalTime.of(8, 0),
                LocalTime.of(16, 30),
                LocalTime.of(8, 0),
                LocalTime.of(16, 30)));
    assertThat(
            CalendarNotation.symbolSessions("VOD=08:00-16:30, BRK B=09:30-16:00/04:00-20:00")
                .value())
        .containsOnlyKeys("VOD", "BRK B")
        .containsEntry("BRK B", US);
    Map<LocalDate, Sessions> h =
        CalendarNotation.holidays(
                "# NYSE 2026\n2026-11-26=closed\n2026-11-27=09:30-13:00/04:00-17:00  # early\n\n"
                    + "2026-12-24=09:30-13:00;2026-12-25=closed,2027-01-01=closed\n")
            .value();
    assertThat(h).hasSize(5).containsEntry(LocalDate.of(2026, 12, 25), null);
    assertThat(h.get(LocalDate.of(2026, 11, 27)).liquidClose()).isEqualTo(LocalTime.of(13, 0));
    assertThat(h.get(LocalDate.of(2026, 11, 27)).tradingClose()).isEqualTo(LocalTime.of(17, 0));
    assertThat(CalendarNotation.zone("Europe/London").value()).isEqualTo("Europe/London");
  }

  @Test
  void badTextIsRefusedWithItsReason() {
    assertThat(CalendarNotation.sessions("16:00-09:30").problem())
        .isEqualTo("'16:00-09:30' is not HH:MM-HH:MM[/HH:MM-HH:MM] with each close after its open");
    assertThat(CalendarNotation.sessions("9:30-16:00").problem()).contains("is not HH:MM-HH:MM");
    assertThat(CalendarNotation.sessions("25:00-26:00").problem()).contains("is not HH:MM-HH:MM");
    assertThat(CalendarNotation.sessions("09:30-16:00/10:00-20:00").problem())
        .isEqualTo(
            "'09:30-16:00/10:00-20:00': the trading session (after /) must hold the liquid one");
    assertThat(CalendarNotation.sessions("09:30-16:00/04:00-20:00/01:00-02:00").problem())
        .contains("more than two sessions");
    assertThat(CalendarNotation.symbolSessions("VOD").problem())
        .isEqualTo("'VOD' is not SYMBOL=HH:MM-HH:MM[/HH:MM-HH:MM]");
    assertThat(CalendarNotation.symbolSessions("VOD=08:00-16:30,VOD=08:00-12:00").problem())
        .isEqualTo("VOD is given twice");
    assertThat(CalendarNotation.symbolSessions("VOD=08:00").problem()).startsWith("VOD: '08:00'");
    assertThat(CalendarNotation.holidays("2026-02-30=closed").problem())
        .isEqualTo("'2026-02-30' is not a date (yyyy-MM-dd)");
    assertThat(CalendarNotation.holidays("2026-12-25").problem())
        .isEqualTo("'2026-12-25' is not DATE=closed or DATE=HH:MM-HH:MM[/HH:MM-HH:MM]");
    assertThat(CalendarNotation.holidays("2026-12-25=shut").problem())
        .isEqualTo(
            "2026-12-25: 'shut' is not HH:MM-HH:MM[/HH:MM-HH:MM] with each close after its open"
                + " (or closed)");
    assertThat(CalendarNotation.holidays("a\n\n2026-12-25=closed\n2026-12-25=closed").problem())
        .as("a file's problem names its line")
        .startsWith("line 1: ");
    assertThat(CalendarNotation.holidays("2026-12-25=closed\n2026-12-25=closed").problem())
        .isEqualTo("line 2: 2026-12-25 is given twice");
    assertThat(CalendarNotation.zone("EST").problem())
        .isEqualTo("'EST' is not a time zone: give an IANA id such as America/New_York");
    assertThat(CalendarNotation.zone("Mars/Base").problem())
        .isEqualTo("'Mars/Base' is not a time zone Java knows (an IANA id such as US/Eastern)");
    StringBuilder many = new StringBuilder();
    for (int i = 0; i <= CalendarNotation.HOLIDAYS_MAX; i++) {
      many.append(LocalDate.of(2030, 1, 1).plusDays(i)).append("=closed\n");
    }
    assertThat(CalendarNotation.holidays(many.toString()).problem())
        .isEqualTo("more than 1000 holidays");
  }

  @Test
  void aHolidayIsClosedInTheContractDetailsTextAndTheNextSessionSkipsIt() {
    ExchangeCalendar cal =
        new ExchangeCalendar(
            "US/Eastern",
            US,
            Map.of(),
            CalendarNotation.holidays("2026-12-24=09:30-13:00/04:00-17:00,2026-12-25=closed")
                .value());
    LocalDate eve = LocalDate.of(2026, 12, 24);
    assertThat(cal.hours("AAPL", eve, 2, true).format())
        .isEqualTo("20261224:0930-20261224:1300;20261225:CLOSED");
    assertThat(cal.hours("AAPL", eve, 2, false).format())
        .isEqualTo("20261224:0400-20261224:1700;20261225:CLOSED");
    Instant oneOClock = Instant.parse("2026-12-24T18:00:00Z"); // 13:00 New York
    assertThat(cal.closedUntil("AAPL", oneOClock.minusSeconds(60), false)).isNull();
    assertThat(cal.closedUntil("AAPL", oneOClock, false))
        .isEqualTo("2026-12-28 09:30:00 US/Eastern");
    assertThat(cal.closedUntil("AAPL", oneOClock, true)).as("extended hours to 17:00").isNull();
    assertThat(cal.closedUntil("AAPL", Instant.parse("2026-12-24T22:00:00Z"), true))
        .isEqualTo("2026-12-28 04:00:00 US/Eastern");
  }

  @Test
  void randomCalendarsRoundTripAndAreOpenExactlyWhenTheExchangeFills() {
    for (long seed = 1; seed <= 100; seed++) {
      Random r = new Random(seed);
      Map<LocalDate, Sessions> holidays = new HashMap<>();
      LocalDate start = LocalDate.of(2026, 1, 1).plusDays(r.nextInt(700));
      int n = r.nextInt(30);
      for (int i = 0; i < n; i++) {
        LocalDate d = start.plusDays(r.nextInt(40));
        holidays.put(d, r.nextInt(3) == 0 ? randomSessions(r) : null);
      }
      String written = CalendarNotation.formatHolidays(holidays);
      assertThat(CalendarNotation.holidays(written).value())
          .as("seed %d", seed)
          .isEqualTo(holidays);

      String zone = r.nextBoolean() ? "US/Eastern" : "Europe/London";
      Sessions defaults = randomSessions(r);
      assertThat(CalendarNotation.sessions(CalendarNotation.format(defaults)).value())
          .isEqualTo(defaults);
      ExchangeCalendar cal =
          new ExchangeCalendar(zone, defaults, Map.of("X", randomSessions(r)), holidays);
      for (int probe = 0; probe < 20; probe++) {
        String symbol = r.nextBoolean() ? "X" : "AAPL";
        boolean liquid = r.nextBoolean();
        LocalDate day = start.plusDays(r.nextInt(40));
        TradingHours model = cal.hours(symbol, day, 2, liquid);
        TradingHours.Parsed read = TradingHours.parse(model.format(), ZoneId.of(zone));
        assertThat(read.problem()).as("seed %d: %s", seed, model.format()).isNull();
        assertThat(read.hours()).isEqualTo(model);
        Instant at =
            LocalDateTime.of(day, LocalTime.of(r.nextInt(24), r.nextInt(60)))
                .atZone(ZoneId.of(zone))
                .toInstant();
        String waits = cal.closedUntil(symbol, at, !liquid);
        assertThat(waits == null)
            .as("seed %d: %s at %s", seed, model.format(), at)
            .isEqualTo(read.hours().isOpenAt(at));
        if (waits != null) {
          LocalDateTime opens = LocalDateTime.parse(waits.substring(0, 19).replace(' ', 'T'));
          Instant opensAt = opens.atZone(ZoneId.of(zone)).toInstant();
          assertThat(opensAt).isAfter(at);
          assertThat(cal.closedUntil(symbol, opensAt, !liquid)).as("open at its open").isNull();
          assertThat(cal.closedUntil(symbol, opensAt.minusSeconds(60), !liquid))
              .as("closed the minute before")
              .isEqualTo(waits);
        }
      }
    }
  }

  private static Sessions randomSessions(Random r) {
    int tOpen = 4 * 60 + r.nextInt(6 * 60); // from 04:00: clear of the clock changes at night
    int lOpen = tOpen + r.nextInt(4 * 60);
    int lClose = lOpen + 1 + r.nextInt(8 * 60);
    int tClose = lClose + r.nextInt(Math.max(1, 23 * 60 + 59 - lClose));
    return new Sessions(time(lOpen), time(lClose), time(tOpen), time(Math.min(tClose, 1439)));
  }

  private static LocalTime time(int minutes) {
    return LocalTime.of(minutes / 60, minutes % 60);
  }
}
