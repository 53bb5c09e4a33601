package com.tradeplan.broker.risk;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Objects;

/**
 * Today's trading day on the clock, in the zone the days are counted in (the daily loss resets at
 * its midnight), as {@code LocalDate.ofInstant(clock.instant(), zone)} answers it, but worked out
 * once per day instead of on every check: that conversion makes an {@code Instant}, a boxed year
 * and a {@code LocalDate} and looks the zone's rules up each time. The day is kept with the span of
 * milliseconds it holds for: from the reading that found it until the next midnight or the zone's
 * next offset change, whichever is first (within that span the offset is fixed, so the date cannot
 * change); a reading outside the span (a new day, or a test's clock set back) works it out again.
 * Day boundaries are whole seconds, so the millisecond reading gives the same day as the instant.
 *
 * <p>Not thread-safe: used under {@link EntryLimits}' lock.
 */
final class TradingDay {
  private final Clock clock;
  private final ZoneId zone;
  private final ZoneRules rules;
  private LocalDate day;
  private long fromMillis = Long.MAX_VALUE; // nothing kept yet
  private long untilMillis = Long.MIN_VALUE;

  TradingDay(Clock clock, ZoneId zone) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.zone = Objects.requireNonNull(zone, "zone");
    this.rules = zone.getRules();
  }

  /** The trading day now. */
  LocalDate today() {
    return dayAt(clock.millis());
  }

  /** The trading day at {@code epochMillis}. */
  LocalDate dayAt(long epochMillis) {
    if (epochMillis >= fromMillis && epochMillis < untilMillis) {
      return day;
    }
    Instant at = Instant.ofEpochMilli(epochMillis);
    ZoneOffset offset = rules.getOffset(at);
    LocalDate found = LocalDate.ofInstant(at, zone);
    long midnightMillis = found.plusDays(1).atStartOfDay().toEpochSecond(offset) * 1000;
    ZoneOffsetTransition next = rules.nextTransition(at);
    long changeMillis = next == null ? Long.MAX_VALUE : next.toEpochSecond() * 1000;
    day = found;
    fromMillis = epochMillis;
    untilMillis = Math.min(midnightMillis, changeMillis);
    return found;
  }
}
