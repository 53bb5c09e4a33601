package com.tradeplan.gateway;

import com.tradeplan.gateway.ExchangeCalendar.Sessions;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the paper gateway's calendar as an operator writes it on the command line, in an
 * environment variable or in a holidays file (docs/ib.md, "Trading hours at the paper gateway"):
 *
 * <ul>
 *   <li>sessions: {@code 09:30-16:00/04:00-20:00}, the liquid (regular) session, then optionally
 *       the trading session (extended hours) that holds it; without it the trading session is the
 *       liquid one;
 *   <li>symbol sessions: {@code SYM=SESSIONS}, several separated by commas;
 *   <li>holidays: {@code 2026-12-25=closed} or {@code 2026-11-27=09:30-13:00/04:00-17:00} (an early
 *       close: that day's sessions for every symbol), separated by commas, semicolons or line
 *       breaks; in a file, {@code #} starts a comment to the end of its line.
 * </ul>
 *
 * <p>Every reader answers a {@link Read} value: the thing, or why the text is not one, a sentence
 * the caller prefixes with the option's name. Never throws for an operator's text. Bounded: at most
 * {@link #HOLIDAYS_MAX} holidays and {@link #SYMBOLS_MAX} symbols.
 */
final class CalendarNotation {
  static final int HOLIDAYS_MAX = 1_000;
  static final int SYMBOLS_MAX = 1_000;

  private static final Pattern TIME = Pattern.compile("[0-2][0-9]:[0-5][0-9]");
  private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9][A-Z0-9. ]{0,19}");
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

  private CalendarNotation() {}

  /** A value read, or the problem with its text (exactly one is null). */
  record Read<T>(T value, String problem) {
    static <T> Read<T> ok(T value) {
      return new Read<>(value, null);
    }

    static <T> Read<T> bad(String problem) {
      return new Read<>(null, problem);
    }
  }

  /** An IANA time zone with a region ({@code US/Eastern}, {@code Europe/London}). */
  static Read<String> zone(String text) {
    String t = text.trim();
    if (!t.contains("/")) {
      return Read.bad("'" + t + "' is not a time zone: give an IANA id such as America/New_York");
    }
    try {
      ZoneId.of(t);
      return Read.ok(t);
    } catch (DateTimeException e) {
      return Read.bad("'" + t + "' is not a time zone Java knows (an IANA id such as US/Eastern)");
    }
  }

  /** {@code HH:MM-HH:MM[/HH:MM-HH:MM]}: the liquid session, then the trading one. */
  static Read<Sessions> sessions(String text) {
    String t = text.trim();
    String[] parts = t.split("/", -1);
    if (parts.length > 2) {
      return Read.bad("'" + t + "' has more than two sessions (liquid/trading)");
    }
    LocalTime[] liquid = range(parts[0]);
    LocalTime[] trading = parts.length == 2 ? range(parts[1]) : liquid;
    if (liquid == null || trading == null) {
      return Read.bad(
          "'" + t + "' is not HH:MM-HH:MM[/HH:MM-HH:MM] with each close after its open");
    }
    if (trading[0].isAfter(liquid[0]) || trading[1].isBefore(liquid[1])) {
      return Read.bad("'" + t + "': the trading session (after /) must hold the liquid one");
    }
    return Read.ok(new Sessions(liquid[0], liquid[1], trading[0], trading[1]));
  }

  /** {@code SYM=SESSIONS[,SYM=SESSIONS]}; a symbol given twice is refused. */
  static Read<Map<String, Sessions>> symbolSessions(String text) {
    Map<String, Sessions> out = new HashMap<>();
    for (String entry : text.split(",", -1)) {
      String e = entry.trim();
      int eq = e.indexOf('=');
      String symbol = eq < 0 ? e : e.substring(0, eq).trim();
      if (eq < 0 || !SYMBOL.matcher(symbol).matches()) {
        return Read.bad("'" + e + "' is not SYMBOL=HH:MM-HH:MM[/HH:MM-HH:MM]");
      }
      Read<Sessions> s = sessions(e.substring(eq + 1));
      if (s.problem() != null) {
        return Read.bad(symbol + ": " + s.problem());
      }
      if (out.put(symbol, s.value()) != null) {
        return Read.bad(symbol + " is given twice");
      }
      if (out.size() > SYMBOLS_MAX) {
        return Read.bad("more than " + SYMBOLS_MAX + " symbols");
      }
    }
    return Read.ok(out);
  }

  /**
   * Holidays: {@code DATE=closed} or {@code DATE=SESSIONS}, separated by commas, semicolons or line
   * breaks, {@code #} comments; a date given twice is refused. Closed days map to null.
   */
  static Read<Map<LocalDate, Sessions>> holidays(String text) {
    Map<LocalDate, Sessions> out = new HashMap<>();
    int lineNo = 0;
    for (String line : text.split("\r?\n", -1)) {
      lineNo++;
      int hash = line.indexOf('#');
      String content = hash < 0 ? line : line.substring(0, hash);
      for (String entry : content.split("[,;]", -1)) {
        String e = entry.trim();
        if (e.isEmpty()) {
          continue;
        }
        String where = text.contains("\n") ? "line " + lineNo + ": " : "";
        String problem = holiday(e, out);
        if (problem != null) {
          return Read.bad(where + problem);
        }
        if (out.size() > HOLIDAYS_MAX) {
          return Read.bad("more than " + HOLIDAYS_MAX + " holidays");
        }
      }
    }
    return Read.ok(out);
  }

  private static String holiday(String e, Map<LocalDate, Sessions> out) {
    int eq = e.indexOf('=');
    if (eq < 0) {
      return "'" + e + "' is not DATE=closed or DATE=HH:MM-HH:MM[/HH:MM-HH:MM]";
    }
    LocalDate date;
    try {
      date = LocalDate.parse(e.substring(0, eq).trim(), DATE);
    } catch (DateTimeException ex) {
      return "'" + e.substring(0, eq).trim() + "' is not a date (yyyy-MM-dd)";
    }
    String day = e.substring(eq + 1).trim();
    Sessions s = null;
    if (!day.equals("closed")) {
      Read<Sessions> read = sessions(day);
      if (read.problem() != null) {
        return date + ": " + read.problem() + " (or closed)";
      }
      s = read.value();
    }
    if (out.containsKey(date)) {
      return date + " is given twice";
    }
    out.put(date, s);
    return null;
  }

  /** {@code HH:MM-HH:MM} with the close after the open; null when it is not. */
  private static LocalTime[] range(String text) {
    String[] ends = text.trim().split("-", -1);
    if (ends.length != 2 || !TIME.matcher(ends[0]).matches() || !TIME.matcher(ends[1]).matches()) {
      return null;
    }
    try {
      LocalTime open = LocalTime.parse(ends[0]);
      LocalTime close = LocalTime.parse(ends[1]);
      return close.isAfter(open) ? new LocalTime[] {open, close} : null;
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** Writes holidays back in this notation, one per line, in date order (for tests and docs). */
  static String formatHolidays(Map<LocalDate, Sessions> holidays) {
    StringBuilder sb = new StringBuilder();
    holidays.keySet().stream()
        .sorted()
        .forEach(
            d -> {
              Sessions s = holidays.get(d);
              sb.append(d).append('=').append(s == null ? "closed" : format(s)).append('\n');
            });
    return sb.toString();
  }

  /** {@code 09:30-16:00/04:00-20:00}. */
  static String format(Sessions s) {
    return s.liquidOpen() + "-" + s.liquidClose() + "/" + s.tradingOpen() + "-" + s.tradingClose();
  }
}
