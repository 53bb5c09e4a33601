package com.tradeplan.domain.market;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * IB's hours text: both forms read, CLOSED days, sessions across midnight, open from the first
 * minute and closed at the last, malformed and oversize texts refused as values; seeded random
 * hours written and read back equal, and open exactly inside their sessions.
 */
class TradingHoursTest {
  private static final ZoneId NEW_YORK = ZoneId.of("US/Eastern");

  private static TradingHours hours(String text) {
    TradingHours.Parsed p = TradingHours.parse(text, NEW_YORK);
    assertThat(p.problem()).as(text).isNull();
    return p.hours();
  }

  @Test
  void aSessionIsOpenFromItsFirstMinuteToBeforeItsLast() {
    TradingHours h = hours("20261207:0930-20261207:1600;20261208:CLOSED");

    assertThat(h.isOpenAt(Instant.parse("2026-12-07T14:29:59Z"))).isFalse(); // 09:29:59 New York
    assertThat(h.isOpenAt(Instant.parse("2026-12-07T14:30:00Z"))).isTrue();
    assertThat(h.isOpenAt(Instant.parse("2026-12-07T20:59:59Z"))).isTrue();
    assertThat(h.isOpenAt(Instant.parse("2026-12-07T21:00:00Z"))).isFalse();
    assertThat(h.isOpenAt(Instant.parse("2026-12-08T15:00:00Z"))).as("CLOSED").isFalse();
    assertThat(h.covers(Instant.parse("2026-12-08T15:00:00Z"))).isTrue();
    assertThat(h.covers(Instant.parse("2026-12-09T15:00:00Z"))).as("not listed").isFalse();
    assertThat(h.localTime(Instant.parse("2026-12-07T14:29:00Z"), "US/Eastern"))
        .isEqualTo("2026-12-07 09:29 US/Eastern");
  }

  @Test
  void theOlderFormAndSessionsAcrossMidnightAreRead() {
    TradingHours h = hours("20261207:0700-1200,1300-1830;20261207:1800-20261208:1700");

    assertThat(h.days()).hasSize(2);
    assertThat(h.isOpenAt(Instant.parse("2026-12-07T17:30:00Z"))).as("12:30 lunch").isFalse();
    assertThat(h.isOpenAt(Instant.parse("2026-12-08T05:00:00Z"))).as("overnight").isTrue();
    assertThat(h.format())
        .isEqualTo(
            "20261207:0700-20261207:1200;20261207:1300-20261207:1830;20261207:1800-20261208:1700");
  }

  @Test
  void malformedHoursAreRefusedAsValues() {
    assertThat(TradingHours.parse("", NEW_YORK).problem()).isEqualTo("no hours given");
    assertThat(TradingHours.parse("2026120:0930-1600", NEW_YORK).problem())
        .isEqualTo("'2026120:0930-1600' is not a day of hours");
    assertThat(TradingHours.parse("20261207:1600-0930", NEW_YORK).problem()).isNotNull();
    assertThat(TradingHours.parse("20261207:0930-2400", NEW_YORK).problem()).isNotNull();
    assertThat(TradingHours.parse("20261307:0930-1600", NEW_YORK).problem()).isNotNull();
    assertThat(TradingHours.parse("20261207:OPEN", NEW_YORK).problem()).isNotNull();
    assertThat(TradingHours.parse(";;", NEW_YORK).problem()).isEqualTo("no day in the hours");
    String many = "20261207:CLOSED;".repeat(TradingHours.DAYS_MAX + 1);
    assertThat(TradingHours.parse(many, NEW_YORK).problem())
        .isEqualTo("more than 60 days of hours");
  }

  @Test
  void randomHoursRoundTripAndAreOpenExactlyInsideTheirSessions() {
    for (long seed = 1; seed <= 5; seed++) {
      Random r = new Random(seed);
      for (int n = 0; n < 300; n++) {
        List<TradingHours.Day> days = new ArrayList<>();
        LocalDate date = LocalDate.of(2026, 1, 1).plusDays(r.nextInt(700));
        for (int d = 0; d < 1 + r.nextInt(5); d++, date = date.plusDays(1)) {
          List<TradingHours.Session> sessions = new ArrayList<>();
          int minute = r.nextInt(600);
          for (int s = 0; s < r.nextInt(4) && minute < 1_400; s++) {
            int end = minute + 1 + r.nextInt(1_439 - minute);
            sessions.add(
                new TradingHours.Session(
                    date.atStartOfDay().plusMinutes(minute), date.atStartOfDay().plusMinutes(end)));
            minute = end + r.nextInt(60);
          }
          days.add(new TradingHours.Day(date, sessions));
        }
        TradingHours h = new TradingHours(NEW_YORK, days);
        TradingHours back = hours(h.format());
        assertThat(back.format()).as("seed %d", seed).isEqualTo(h.format());
        for (int k = 0; k < 20; k++) {
          LocalDateTime local =
              days.get(0).date().atStartOfDay().plusMinutes(r.nextInt(days.size() * 1_440));
          Instant at = local.atZone(NEW_YORK).toInstant();
          if (!local.equals(LocalDateTime.ofInstant(at, NEW_YORK))) {
            continue; // a local time the clock change skips
          }
          boolean expected =
              days.stream()
                  .flatMap(d -> d.sessions().stream())
                  .anyMatch(s -> !local.isBefore(s.open()) && local.isBefore(s.close()));
          assertThat(back.isOpenAt(at))
              .as("seed %d at %s in %s", seed, local, h.format())
              .isEqualTo(expected);
        }
      }
    }
  }
}
