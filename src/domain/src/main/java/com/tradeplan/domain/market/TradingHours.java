package com.tradeplan.domain.market;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * When an instrument trades, as IB's contract details say it ({@code tradingHours} or {@code
 * liquidHours}): a list of days, each either CLOSED or one or more sessions, in the contract's time
 * zone. IB's text, e.g. {@code 20261207:0930-20261207:1600;20261208:CLOSED}; the older form {@code
 * 20261207:0930-1600,1700-1800} (a day's sessions after one date) is read too. {@link #format}
 * writes the first form, which {@link #parse} reads back to an equal model.
 *
 * <p>Bounded: at most {@link #DAYS_MAX} days and {@link #SESSIONS_MAX} sessions; a longer text is
 * refused as a value ({@link Parsed#problem}), never thrown. A time the days do not cover is
 * neither open nor closed: {@link #covers} says so, and a check must treat it as unknown.
 */
public record TradingHours(ZoneId zone, List<Day> days) {
  public static final int DAYS_MAX = 60;
  public static final int SESSIONS_MAX = 200;

  private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmm");
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  /** One day of the text: closed (no sessions), or its sessions in order. */
  public record Day(LocalDate date, List<Session> sessions) {
    public Day {
      Objects.requireNonNull(date, "date");
      sessions = List.copyOf(sessions);
    }

    public boolean closed() {
      return sessions.isEmpty();
    }
  }

  /** One session: open from {@code open} (inclusive) to {@code close} (exclusive), local times. */
  public record Session(LocalDateTime open, LocalDateTime close) {
    public Session {
      if (!close.isAfter(open)) {
        throw new IllegalArgumentException(
            "a session closes after it opens: " + open + "-" + close);
      }
    }
  }

  /** The hours, or why the text is not IB's hours (exactly one of them is null). */
  public record Parsed(TradingHours hours, String problem) {}

  public TradingHours {
    Objects.requireNonNull(zone, "zone");
    days = List.copyOf(days);
  }

  /** IB's {@code text} in {@code zone}; never throws. */
  public static Parsed parse(String text, ZoneId zone) {
    if (text == null || text.isBlank()) {
      return new Parsed(null, "no hours given");
    }
    String[] entries = text.split(";", -1);
    if (entries.length > DAYS_MAX) {
      return new Parsed(null, "more than " + DAYS_MAX + " days of hours");
    }
    List<Day> days = new ArrayList<>();
    int sessions = 0;
    for (String entry : entries) {
      if (entry.isBlank()) {
        continue; // IB may end the text with ';'
      }
      try {
        Day d = day(entry.trim());
        sessions += d.sessions().size();
        if (sessions > SESSIONS_MAX) {
          return new Parsed(null, "more than " + SESSIONS_MAX + " sessions");
        }
        days.add(d);
      } catch (DateTimeException | IllegalArgumentException e) {
        return new Parsed(null, "'" + shortened(entry) + "' is not a day of hours");
      }
    }
    if (days.isEmpty()) {
      return new Parsed(null, "no day in the hours");
    }
    return new Parsed(new TradingHours(zone, days), null);
  }

  private static Day day(String entry) {
    int colon = entry.indexOf(':');
    if (colon != 8) {
      throw new IllegalArgumentException("no date");
    }
    LocalDate date = LocalDate.parse(entry.substring(0, 8), DATE);
    String rest = entry.substring(9);
    if (rest.equals("CLOSED")) {
      return new Day(date, List.of());
    }
    List<Session> sessions = new ArrayList<>();
    for (String range : rest.split(",", -1)) {
      String[] ends = range.split("-", -1);
      if (ends.length != 2) {
        throw new IllegalArgumentException("not a range");
      }
      sessions.add(new Session(at(date, ends[0]), at(date, ends[1])));
    }
    return new Day(date, sessions);
  }

  /** {@code HHmm} on {@code date}, or {@code yyyyMMdd:HHmm}. */
  private static LocalDateTime at(LocalDate date, String text) {
    if (text.length() == 13 && text.charAt(8) == ':') {
      return LocalDateTime.of(LocalDate.parse(text.substring(0, 8), DATE), time(text.substring(9)));
    }
    return LocalDateTime.of(date, time(text));
  }

  private static LocalTime time(String hhmm) {
    if (hhmm.length() != 4) {
      throw new IllegalArgumentException("not HHmm");
    }
    if (hhmm.equals("2400")) {
      throw new IllegalArgumentException("2400 is written as the next day's 0000");
    }
    return LocalTime.parse(hhmm, TIME);
  }

  /** IB's newer form: {@code yyyyMMdd:HHmm-yyyyMMdd:HHmm} per session, {@code yyyyMMdd:CLOSED}. */
  public String format() {
    StringBuilder sb = new StringBuilder();
    for (Day d : days) {
      if (d.closed()) {
        append(sb, DATE.format(d.date()) + ":CLOSED");
      }
      for (Session s : d.sessions()) {
        append(sb, stamp(s.open()) + "-" + stamp(s.close()));
      }
    }
    return sb.toString();
  }

  private static void append(StringBuilder sb, String entry) {
    if (!sb.isEmpty()) {
      sb.append(';');
    }
    sb.append(entry);
  }

  private static String stamp(LocalDateTime t) {
    return DATE.format(t.toLocalDate()) + ":" + TIME.format(t.toLocalTime());
  }

  /** True when a session holds {@code at}. */
  public boolean isOpenAt(Instant at) {
    LocalDateTime local = LocalDateTime.ofInstant(at, zone);
    for (Day d : days) {
      for (Session s : d.sessions()) {
        if (!local.isBefore(s.open()) && local.isBefore(s.close())) {
          return true;
        }
      }
    }
    return false;
  }

  /** True when {@code at} falls on a day the hours list (or within one of their sessions). */
  public boolean covers(Instant at) {
    LocalDateTime local = LocalDateTime.ofInstant(at, zone);
    for (Day d : days) {
      if (d.date().equals(local.toLocalDate())) {
        return true;
      }
      for (Session s : d.sessions()) {
        if (!local.isBefore(s.open()) && local.isBefore(s.close())) {
          return true;
        }
      }
    }
    return false;
  }

  /** {@code at} in the hours' zone, as a refusal names it: {@code 2026-12-07 09:29 US/Eastern}. */
  public String localTime(Instant at, String zoneName) {
    return LOCAL.format(at.atZone(zone)) + " " + zoneName;
  }

  private static String shortened(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
