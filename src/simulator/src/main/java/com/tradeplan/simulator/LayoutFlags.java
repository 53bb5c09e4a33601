package com.tradeplan.simulator;

import com.tradeplan.formats.imports.ColumnMap;
import com.tradeplan.formats.imports.TickLayout;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;

/**
 * The command-line flags that say how a tick file is laid out ({@code --ticks-format}, {@code
 * --columns}, {@code --symbol}, {@code --time-zone}, {@code --bar-seconds}), shared by {@code
 * simulate}, {@code simulate compare} and {@code simulate import}. Each wrong value is an {@link
 * IllegalArgumentException} naming the flag.
 */
final class LayoutFlags {
  private TickLayout.Format format = TickLayout.Format.TICKS;
  private ColumnMap columns = ColumnMap.byAliases();
  private String symbol;
  private ZoneId zone;
  private Duration bar = TickLayout.DEFAULT_BAR_LENGTH;

  /** Takes {@code flag} with its value when it is a layout flag; false when it is not one. */
  boolean accept(String flag, String value) {
    switch (flag) {
      case "--ticks-format" -> {
        try {
          format = TickLayout.Format.parse(value);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("--ticks-format " + e.getMessage());
        }
      }
      case "--columns" -> columns = ColumnMap.parse(value);
      case "--symbol" -> symbol = value;
      case "--time-zone" -> {
        try {
          zone = ZoneId.of(value);
        } catch (DateTimeException e) {
          throw new IllegalArgumentException(
              "--time-zone must be a zone such as America/New_York: " + value);
        }
      }
      case "--bar-seconds" -> {
        if (!value.matches("[1-9][0-9]{0,6}")) {
          throw new IllegalArgumentException(
              "--bar-seconds must be an integer from 1 to 9999999: " + value);
        }
        bar = Duration.ofSeconds(Long.parseLong(value));
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  /** The layout the flags describe. */
  TickLayout layout() {
    return new TickLayout(format, columns, symbol, zone, bar);
  }
}
