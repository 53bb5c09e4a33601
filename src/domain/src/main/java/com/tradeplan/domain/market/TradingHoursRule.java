package com.tradeplan.domain.market;

import java.util.Locale;

/**
 * Which hours an entry must fall in (docs/risk.md, "Trading hours"): none ({@link #OFF}, the
 * default), the contract's trading hours (extended session included) or its liquid hours (the
 * regular session). Set by {@code TRADEPLAN_TRADING_HOURS_RULE} ({@code off}, {@code trading},
 * {@code liquid}).
 */
public enum TradingHoursRule {
  OFF("off"),
  TRADING("trading hours"),
  LIQUID("liquid hours");

  private final String words;

  TradingHoursRule(String words) {
    this.words = words;
  }

  /** The rule in a refusal's words: {@code liquid hours}. */
  public String words() {
    return words;
  }

  /** {@code off}, {@code trading} or {@code liquid} (any case); null for anything else. */
  public static TradingHoursRule fromSetting(String text) {
    return switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
      case "off" -> OFF;
      case "trading" -> TRADING;
      case "liquid" -> LIQUID;
      default -> null;
    };
  }
}
