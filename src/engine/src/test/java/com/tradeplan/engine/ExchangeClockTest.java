package com.tradeplan.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.tradeplan.engine.facts.MarketFacts;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The cached exchange clock must answer exactly as {@code Instant.atZone}: around every New York
 * DST transition of 2020-2040 (every second from 3 hours before to 3 hours after, and local
 * midnights either side), on seeded random instants across a century (in and out of order, as late
 * ticks come), and on one clock fed all of these in turn, so that every window move is tried.
 */
class ExchangeClockTest {
  private static final ZoneId NEW_YORK = MarketFacts.US_EQUITIES;

  @Test
  void everySecondAroundEveryDstTransitionGetsTheDateAndTimeOfAtZone() {
    ZoneRules rules = NEW_YORK.getRules();
    ExchangeClock clock = new ExchangeClock(NEW_YORK);
    Instant t = Instant.parse("2020-01-01T00:00:00Z");
    int transitions = 0;
    while (true) {
      ZoneOffsetTransition next = rules.nextTransition(t);
      if (next.getInstant().isAfter(Instant.parse("2041-01-01T00:00:00Z"))) {
        break;
      }
      transitions++;
      long at = next.getInstant().getEpochSecond();
      for (long s = at - 3 * 3600; s <= at + 3 * 3600; s++) {
        assertSame(clock, Instant.ofEpochSecond(s, s % 7 == 0 ? 999_999_999 : 0));
      }
      // the local midnights of the day before, of the day and of the day after, to the second
      LocalDate day = next.getDateTimeBefore().toLocalDate();
      for (int d = -1; d <= 2; d++) {
        long midnight = day.plusDays(d).atStartOfDay(NEW_YORK).toEpochSecond();
        for (long s = midnight - 2; s <= midnight + 2; s++) {
          assertSame(clock, Instant.ofEpochSecond(s));
          assertSame(clock, Instant.ofEpochSecond(s, 500_000_000));
        }
      }
      t = next.getInstant();
    }
    assertThat(transitions).isEqualTo(42); // two a year
  }

  @Test
  void seededRandomInstantsInAndOutOfOrderGetTheDateAndTimeOfAtZone() {
    for (long seed = 1; seed <= 20; seed++) {
      Random random = new Random(seed);
      ExchangeClock clock = new ExchangeClock(NEW_YORK);
      long from = Instant.parse("1970-01-01T00:00:00Z").getEpochSecond();
      long to = Instant.parse("2070-01-01T00:00:00Z").getEpochSecond();
      long second = from + (long) (random.nextDouble() * (to - from));
      for (int i = 0; i < 20_000; i++) {
        int step = random.nextInt(100);
        if (step < 70) {
          second += random.nextInt(30); // a tick a few seconds later
        } else if (step < 80) {
          second -= random.nextInt(120); // a late tick
        } else if (step < 95) {
          second += random.nextInt(20 * 3600); // hours later: often the next day
        } else {
          second = from + (long) (random.nextDouble() * (to - from)); // anywhere
        }
        Instant instant = Instant.ofEpochSecond(second, random.nextInt(1_000_000_000));
        assertSame(clock, instant);
      }
    }
  }

  @Test
  void aWinterAndASummerDayOfTheSameWeekdayShowTheSameExchangeClock() {
    ExchangeClock clock = new ExchangeClock(NEW_YORK);
    // 15:55 in New York: 20:55 UTC in winter (EST), 19:55 UTC in summer (EDT)
    assertThat(clock.timeOfDay(Instant.parse("2026-01-14T20:55:00Z")))
        .isEqualTo(LocalTime.of(15, 55));
    assertThat(clock.timeOfDay(Instant.parse("2026-07-15T19:55:00Z")))
        .isEqualTo(LocalTime.of(15, 55));
    // 2026-03-08 02:00 EST becomes 03:00 EDT: 06:59:59 UTC is 01:59:59, 07:00:00 UTC is 03:00
    assertThat(clock.timeOfDay(Instant.parse("2026-03-08T06:59:59Z")))
        .isEqualTo(LocalTime.of(1, 59, 59));
    assertThat(clock.timeOfDay(Instant.parse("2026-03-08T07:00:00Z")))
        .isEqualTo(LocalTime.of(3, 0));
    // 2026-11-01 02:00 EDT falls back to 01:00 EST: 01:30 happens twice, the same date
    assertThat(clock.timeOfDay(Instant.parse("2026-11-01T05:30:00Z")))
        .isEqualTo(LocalTime.of(1, 30));
    assertThat(clock.timeOfDay(Instant.parse("2026-11-01T06:30:00Z")))
        .isEqualTo(LocalTime.of(1, 30));
    assertThat(clock.date(Instant.parse("2026-11-01T06:30:00Z")))
        .isEqualTo(LocalDate.of(2026, 11, 1));
    // a late tick of the day before, after the window moved to the new day
    assertThat(clock.date(Instant.parse("2026-11-02T04:59:59Z")))
        .isEqualTo(LocalDate.of(2026, 11, 1));
    assertThat(clock.date(Instant.parse("2026-11-02T05:00:00Z")))
        .isEqualTo(LocalDate.of(2026, 11, 2));
    assertThat(clock.date(Instant.parse("2026-11-02T04:59:59.999999999Z")))
        .isEqualTo(LocalDate.of(2026, 11, 1));
  }

  /** Compared by hand, not with AssertJ: a million calls must take a second, not ten. */
  private static void assertSame(ExchangeClock clock, Instant instant) {
    ZonedDateTime expected = instant.atZone(NEW_YORK);
    LocalDate date = clock.date(instant);
    LocalTime time = clock.timeOfDay(instant);
    if (!date.equals(expected.toLocalDate()) || !time.equals(expected.toLocalTime())) {
      fail(
          "%s: expected %s %s on the exchange clock, got %s %s"
              .formatted(instant, expected.toLocalDate(), expected.toLocalTime(), date, time));
    }
  }
}
