package com.tradeplan.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every form of IB's execution time, and what is unreadable (never replaced by a guess). */
class ExecutionTimeTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  @ParameterizedTest(name = "''{0}'' is {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // no zone: the configured one (New York), with its daylight saving
        "20260302  09:30:00|2026-03-02T14:30:00Z",
        "20260302 09:30:00|2026-03-02T14:30:00Z",
        "20260702 09:30:00|2026-07-02T13:30:00Z",
        // IB's zone names: the region's time, daylight saving included
        "20260302 09:30:00 US/Eastern|2026-03-02T14:30:00Z",
        "20260702 09:30:00 US/Eastern|2026-07-02T13:30:00Z",
        "20260702 09:30:00 EST|2026-07-02T13:30:00Z",
        "20260702 09:30:00 EST5EDT|2026-07-02T13:30:00Z",
        "20260702 08:30:00 US/Central|2026-07-02T13:30:00Z",
        "20260702 08:30:00 CST|2026-07-02T13:30:00Z",
        "20260702 06:30:00 PST8PDT|2026-07-02T13:30:00Z",
        "20260702 14:30:00 Europe/London|2026-07-02T13:30:00Z",
        "20260702 22:30:00 Asia/Tokyo|2026-07-02T13:30:00Z",
        "20260702 22:30:00 Japan|2026-07-02T13:30:00Z",
        "20260702 13:30:00 UTC|2026-07-02T13:30:00Z",
        "20260702 13:30:00 GMT|2026-07-02T13:30:00Z",
        "  20260702   13:30:00   UTC  |2026-07-02T13:30:00Z",
        // the dash form is UTC
        "20260702-13:30:00|2026-07-02T13:30:00Z"
      })
  void readsIbsForms(String text, String expected) {
    assertThat(ExecutionTime.parse(text, NEW_YORK)).contains(Instant.parse(expected));
  }

  @ParameterizedTest(name = "''{0}'' is unreadable")
  @ValueSource(
      strings = {
        "",
        "   ",
        "yesterday",
        "20260302",
        "2026-03-02 09:30:00",
        "20260230 09:30:00",
        "20260302 25:30:00",
        "20260302 09:30",
        "20260302 09:30:00 Mars/Olympus",
        "20260302 09:30:00 XYZ",
        "20260302 09:30:00 US/Eastern extra",
        "20260302-9:30:00",
        "1772461800"
      })
  void neverGuesses(String text) {
    assertThat(ExecutionTime.parse(text, NEW_YORK)).isEqualTo(Optional.empty());
  }

  @ParameterizedTest(name = "IB''s ''{0}'' is {1}")
  @CsvSource({
    "US/Eastern, America/New_York",
    "EST, America/New_York",
    "est5edt, America/New_York",
    "MST, America/Denver",
    "Hongkong, Asia/Hong_Kong",
    "Europe/Zurich, Europe/Zurich"
  })
  void mapsIbsLegacyZoneNames(String name, String zone) {
    assertThat(ExecutionTime.zone(name)).isEqualTo(ZoneId.of(zone));
  }
}
