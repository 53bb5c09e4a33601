package com.tradeplan.formats.imports;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The time of a foreign row, in one of the forms vendors write, recognised by its shape: epoch
 * seconds (10 digits, optionally a fraction), milliseconds (13), microseconds (16) or nanoseconds
 * (19); or an ISO-8601 date-time with {@code T} or a space, with an offset or {@code Z}, or without
 * one when the file's time zone is given ({@code --time-zone}). A local time without a zone is
 * refused, never guessed.
 */
final class TimeText {
  private static final Pattern DIGITS = Pattern.compile("[0-9]+");
  private static final Pattern SECONDS_FRACTION = Pattern.compile("[0-9]{10}\\.[0-9]{1,9}");
  private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

  private final ZoneId zone;

  /** {@code zone}: of date-times written without an offset, or null to refuse them. */
  TimeText(ZoneId zone) {
    this.zone = zone;
  }

  /**
   * The instant {@code text} names.
   *
   * @throws IllegalArgumentException with the reason, for the caller to name file, line and column
   */
  Instant parse(String text) {
    if (DIGITS.matcher(text).matches()) {
      long n = Long.parseLong(text.length() > 19 ? "x" : text);
      return switch (text.length()) {
        case 10 -> Instant.ofEpochSecond(n);
        case 13 -> Instant.ofEpochMilli(n);
        case 16 -> Instant.ofEpochSecond(n / 1_000_000L, (n % 1_000_000L) * 1_000L);
        case 19 -> Instant.ofEpochSecond(n / 1_000_000_000L, n % 1_000_000_000L);
        default ->
            throw new IllegalArgumentException(
                "an epoch time must have 10 (s), 13 (ms), 16 (µs) or 19 (ns) digits, found \""
                    + text
                    + "\"");
      };
    }
    if (SECONDS_FRACTION.matcher(text).matches()) {
      BigDecimal nanos = new BigDecimal(text).multiply(NANOS_PER_SECOND);
      long total = nanos.longValueExact();
      return Instant.ofEpochSecond(total / 1_000_000_000L, total % 1_000_000_000L);
    }
    String iso =
        text.length() > 10 && text.charAt(10) == ' '
            ? text.substring(0, 10) + 'T' + text.substring(11)
            : text;
    try {
      return OffsetDateTime.parse(iso).toInstant();
    } catch (DateTimeParseException notOffset) {
      LocalDateTime local;
      try {
        local = LocalDateTime.parse(iso);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "must be an epoch time or an ISO-8601 date-time such as 2026-03-02T09:30:00-05:00,"
                + " found \""
                + text
                + "\"");
      }
      if (zone == null) {
        throw new IllegalArgumentException(
            "\""
                + text
                + "\" has no offset: give the file's zone with --time-zone (e.g. America/New_York)");
      }
      try {
        return local.atZone(zone).toInstant();
      } catch (DateTimeException e) {
        throw new IllegalArgumentException("\"" + text + "\" in " + zone + ": " + e.getMessage());
      }
    }
  }
}
