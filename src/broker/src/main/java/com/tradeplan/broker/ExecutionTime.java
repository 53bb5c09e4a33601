package com.tradeplan.broker;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * IB's execution time text as an instant. IB writes it as {@code yyyyMMdd HH:mm:ss} (one or two
 * spaces), in the zone of the TWS / IB Gateway login, and recent versions append that zone's name
 * ({@code 20260302 09:30:00 US/Eastern}); {@code yyyyMMdd-HH:mm:ss} is UTC. A named zone is read
 * (IB's legacy names such as {@code US/Eastern}, {@code EST} or {@code EST5EDT} mean the region's
 * time with its daylight saving, never a fixed offset); without one, the configured zone ({@link
 * IbBrokerConfig#executionTimeZone}) applies.
 *
 * <p>Anything else (an unknown zone name, a date that does not exist, extra words) is unreadable:
 * {@link #parse} says so and never guesses. Pure; thread-safe.
 */
final class ExecutionTime {
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);

  /**
   * IB's zone names that Java reads differently or not at all: US abbreviations (Java knows {@code
   * EST} and {@code MST} as fixed offsets, the others not), and a few short names. Upper-case keys.
   */
  private static final Map<String, ZoneId> IB_ZONE_NAMES =
      Map.ofEntries(
          Map.entry("EST", ZoneId.of("America/New_York")),
          Map.entry("EDT", ZoneId.of("America/New_York")),
          Map.entry("EST5EDT", ZoneId.of("America/New_York")),
          Map.entry("US/EASTERN", ZoneId.of("America/New_York")),
          Map.entry("CST", ZoneId.of("America/Chicago")),
          Map.entry("CDT", ZoneId.of("America/Chicago")),
          Map.entry("CST6CDT", ZoneId.of("America/Chicago")),
          Map.entry("US/CENTRAL", ZoneId.of("America/Chicago")),
          Map.entry("MST", ZoneId.of("America/Denver")),
          Map.entry("MDT", ZoneId.of("America/Denver")),
          Map.entry("MST7MDT", ZoneId.of("America/Denver")),
          Map.entry("US/MOUNTAIN", ZoneId.of("America/Denver")),
          Map.entry("PST", ZoneId.of("America/Los_Angeles")),
          Map.entry("PDT", ZoneId.of("America/Los_Angeles")),
          Map.entry("PST8PDT", ZoneId.of("America/Los_Angeles")),
          Map.entry("US/PACIFIC", ZoneId.of("America/Los_Angeles")),
          Map.entry("HST", ZoneId.of("Pacific/Honolulu")),
          Map.entry("GMT", ZoneOffset.UTC),
          Map.entry("UTC", ZoneOffset.UTC),
          Map.entry("Z", ZoneOffset.UTC),
          Map.entry("BST", ZoneId.of("Europe/London")),
          Map.entry("GB", ZoneId.of("Europe/London")),
          Map.entry("JST", ZoneId.of("Asia/Tokyo")),
          Map.entry("JAPAN", ZoneId.of("Asia/Tokyo")),
          Map.entry("HKT", ZoneId.of("Asia/Hong_Kong")),
          Map.entry("HONGKONG", ZoneId.of("Asia/Hong_Kong")));

  private ExecutionTime() {}

  /** The instant IB meant, or empty when the text is not one of IB's forms (see the class). */
  static Optional<Instant> parse(String text, ZoneId defaultZone) {
    if (text == null) {
      return Optional.empty();
    }
    String[] words = text.trim().split("\\s+");
    try {
      if (words.length == 1 && words[0].length() == 17 && words[0].charAt(8) == '-') {
        return Optional.of(
            LocalDateTime.of(
                    LocalDate.parse(words[0].substring(0, 8), DATE),
                    LocalTime.parse(words[0].substring(9), TIME))
                .toInstant(ZoneOffset.UTC));
      }
      if (words.length < 2 || words.length > 3) {
        return Optional.empty();
      }
      ZoneId zone = words.length == 3 ? zone(words[2]) : defaultZone;
      if (zone == null) {
        return Optional.empty();
      }
      LocalDateTime local =
          LocalDateTime.of(LocalDate.parse(words[0], DATE), LocalTime.parse(words[1], TIME));
      return Optional.of(local.atZone(zone).toInstant());
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  /** The zone IB means by {@code name}; null when unknown. */
  static ZoneId zone(String name) {
    ZoneId known = IB_ZONE_NAMES.get(name.toUpperCase(Locale.ROOT));
    if (known != null) {
      return known;
    }
    if (!name.contains("/")) {
      return null; // an abbreviation Java would read its own way (or not at all): never guess
    }
    try {
      return ZoneId.of(name);
    } catch (DateTimeException e) {
      return null;
    }
  }
}
