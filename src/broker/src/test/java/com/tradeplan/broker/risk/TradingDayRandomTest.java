package com.tradeplan.broker.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link TradingDay} answers what {@code LocalDate.ofInstant} answers at every reading: a seeded
 * random walk of a clock (small steps, jumps over days, steps back) around the New York offset
 * changes of 2026 and around midnights, in New York, in a zone whose change falls at midnight
 * (Havana) and at a fixed offset.
 */
class TradingDayRandomTest {
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 20261205})
  void sameDayAsTheConversion(long seed) {
    for (String zone : new String[] {"America/New_York", "America/Havana", "UTC"}) {
      walk(new Random(seed), zone.equals("UTC") ? ZoneOffset.UTC : ZoneId.of(zone));
    }
  }

  private static void walk(Random random, ZoneId zone) {
    Instant[] around = {
      Instant.parse("2026-03-08T06:59:59Z"), // New York springs forward at 07:00 UTC
      Instant.parse("2026-11-01T05:59:59Z"), // and falls back at 06:00 UTC
      Instant.parse("2026-03-08T04:59:58Z"), // Havana's change at its midnight
      Instant.parse("2026-12-05T04:59:59Z"), // a New York midnight
      Instant.parse("2026-12-31T23:59:59Z")
    };
    MovingClock clock = new MovingClock(zone);
    TradingDay day = new TradingDay(clock, zone);
    for (int step = 0; step < 20_000; step++) {
      if (step % 500 == 0) {
        clock.now = around[random.nextInt(around.length)].toEpochMilli() - random.nextInt(5_000);
      }
      clock.now +=
          switch (random.nextInt(10)) {
            case 0 -> -random.nextInt(3_600_000); // set back up to an hour
            case 1 -> random.nextInt(3) * 86_400_000L; // over whole days
            case 2 -> random.nextInt(7_200_000); // up to two hours
            default -> random.nextInt(2_000); // a little
          };
      LocalDate expected = LocalDate.ofInstant(clock.instant(), zone);
      assertThat(day.today()).as("%s in %s", clock.instant(), zone).isEqualTo(expected);
    }
  }

  /** A clock the test sets, to the millisecond. */
  private static final class MovingClock extends Clock {
    private final ZoneId zone;
    long now;

    MovingClock(ZoneId zone) {
      this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
      return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(now);
    }
  }
}
