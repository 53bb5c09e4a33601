package com.tradeplan.runtime;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a market is open, so that a symbol without ticks is only alarming while it should trade
 * (docs/architecture.md, "A plan that stops getting ticks"). One regular session for every symbol
 * until trading hours come from IB's contract details: by default US equities, 09:30-16:00
 * America/New_York, Monday to Friday ({@code TRADEPLAN_MARKET_HOURS}). Exchange holidays and early
 * closes are not known: on such a day a watched symbol without ticks is alerted.
 *
 * <p>Immutable, thread-safe.
 *
 * @param zone the exchange's time zone (daylight saving included)
 * @param open the session's first minute, local time
 * @param close the session's end, local time (after {@code open}: no overnight sessions)
 * @param days the days with a session; null: the market never closes ({@link #ALWAYS})
 */
public record MarketHours(ZoneId zone, LocalTime open, LocalTime close, Set<DayOfWeek> days) {
  /** US equities' regular session. */
  public static final MarketHours US_EQUITIES =
      new MarketHours(
          ZoneId.of("America/New_York"),
          LocalTime.of(9, 30),
          LocalTime.of(16, 0),
          EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));

  /** A market that is always open (tests, and symbols that trade around the clock). */
  public static final MarketHours ALWAYS =
      new MarketHours(ZoneId.of("UTC"), LocalTime.MIN, LocalTime.MAX, null);

  private static final Pattern FORMAT =
      Pattern.compile(
          "(\\S+)\\s+(\\d{2}:\\d{2})-(\\d{2}:\\d{2})\\s+([A-Z]{3})-([A-Z]{3})",
          Pattern.CASE_INSENSITIVE);

  public MarketHours {
    if (days != null) {
      if (!open.isBefore(close)) {
        throw new IllegalArgumentException("the session must open before it closes");
      }
      days = Set.copyOf(days);
    }
  }

  /**
   * Reads {@code always}, or {@code <zone> <HH:mm>-<HH:mm> <DAY>-<DAY>} such as {@code
   * America/New_York 09:30-16:00 MON-FRI}.
   */
  public static MarketHours parse(String text) {
    String t = text.trim();
    if (t.equalsIgnoreCase("always")) {
      return ALWAYS;
    }
    Matcher m = FORMAT.matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "TRADEPLAN_MARKET_HOURS must be 'always' or like 'America/New_York 09:30-16:00"
              + " MON-FRI', not '"
              + text
              + "'");
    }
    try {
      DayOfWeek from = day(m.group(4));
      DayOfWeek to = day(m.group(5));
      Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
      for (DayOfWeek d = from; ; d = d.plus(1)) {
        days.add(d);
        if (d == to) {
          break;
        }
      }
      return new MarketHours(
          ZoneId.of(m.group(1)), LocalTime.parse(m.group(2)), LocalTime.parse(m.group(3)), days);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("TRADEPLAN_MARKET_HOURS: " + e.getMessage(), e);
    }
  }

  private static DayOfWeek day(String abbreviation) {
    String a = abbreviation.toUpperCase(Locale.ROOT);
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d.name().startsWith(a)) {
        return d;
      }
    }
    throw new IllegalArgumentException("not a day: " + abbreviation);
  }

  /** Whether the session is open at {@code now}. */
  public boolean isOpen(Instant now) {
    return openedAt(now) != null;
  }

  /** When the session that is open at {@code now} opened; null when it is closed. */
  public Instant openedAt(Instant now) {
    if (days == null) {
      return Instant.MIN;
    }
    ZonedDateTime local = now.atZone(zone);
    LocalTime time = local.toLocalTime();
    if (!days.contains(local.getDayOfWeek()) || time.isBefore(open) || !time.isBefore(close)) {
      return null;
    }
    return local.with(open).toInstant();
  }

  @Override
  public String toString() {
    if (days == null) {
      return "always";
    }
    return zone + " " + open + "-" + close + " " + days;
  }
}
