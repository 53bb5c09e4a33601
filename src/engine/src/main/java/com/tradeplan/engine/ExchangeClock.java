package com.tradeplan.engine;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * An instant's date and time on an exchange's clock, as {@code instant.atZone(zone)} gives them,
 * without converting every tick. It remembers the window of epoch seconds that share the last
 * answer's date and UTC offset: from the later of the local midnight and the zone's last offset
 * change (a DST transition) up to the earlier of the next local midnight and the next change. An
 * instant inside it gets the cached date and its time from the cached offset (a few arithmetic
 * operations); one outside it (the next day, a DST change, or a late tick of the day before)
 * converts once and moves the window there. So a lane's ticks of one exchange day convert at most
 * twice a day however many there are.
 *
 * <p>Exact, not approximate: offsets change only at a transition's whole second, so every second in
 * the window has the cached offset, and with a fixed offset the local day of a second is {@code
 * floorDiv(second + offset, 86400)}, the same for the whole window (tested against {@code atZone}
 * around every New York transition of 2020-2040, and far from them). One window, so bounded. Not
 * thread-safe: owned by the thread that owns its {@link IntradayRanges}.
 */
final class ExchangeClock {
  private static final long SECONDS_PER_DAY = 86_400;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final ZoneRules rules;

  /**
   * The cached window, {@code [windowStartSecond, windowEndSecond)}; empty until the first call.
   */
  private long windowStartSecond = 1;

  private long windowEndSecond = 0;
  private LocalDate date;
  private int offsetSeconds;

  ExchangeClock(ZoneId zone) {
    this.rules = zone.getRules();
  }

  /** The date of {@code time} on the exchange's clock. */
  LocalDate date(Instant time) {
    cover(time.getEpochSecond());
    return date;
  }

  /** The time of day of {@code time} on the exchange's clock, to the nanosecond. */
  LocalTime timeOfDay(Instant time) {
    long second = time.getEpochSecond();
    cover(second);
    long secondOfDay = Math.floorMod(second + offsetSeconds, SECONDS_PER_DAY);
    return LocalTime.ofNanoOfDay(secondOfDay * NANOS_PER_SECOND + time.getNano());
  }

  /** Moves the window to the one holding {@code second}, unless it already does. */
  private void cover(long second) {
    if (second >= windowStartSecond && second < windowEndSecond) {
      return;
    }
    Instant at = Instant.ofEpochSecond(second);
    offsetSeconds = rules.getOffset(at).getTotalSeconds();
    long localDay = Math.floorDiv(second + offsetSeconds, SECONDS_PER_DAY);
    date = LocalDate.ofEpochDay(localDay);
    long start = localDay * SECONDS_PER_DAY - offsetSeconds;
    long end = start + SECONDS_PER_DAY;
    // The last change at or before this second (previousTransition is strictly before its
    // argument), and the first one after it.
    ZoneOffsetTransition previous = rules.previousTransition(Instant.ofEpochSecond(second + 1));
    ZoneOffsetTransition next = rules.nextTransition(at);
    if (previous != null) {
      start = Math.max(start, previous.getInstant().getEpochSecond());
    }
    if (next != null) {
      end = Math.min(end, next.getInstant().getEpochSecond());
    }
    windowStartSecond = start;
    windowEndSecond = end;
  }
}
