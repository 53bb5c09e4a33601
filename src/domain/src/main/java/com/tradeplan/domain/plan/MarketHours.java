package com.tradeplan.domain.plan;

import java.time.Instant;

/**
 * Whether an entry may be sent, or a plan activated, at a time, by the platform's trading hours
 * rule (docs/risk.md, "Trading hours"): the broker's contract details give each instrument its
 * trading and liquid hours. Never asked about exits: what protects a position is never refused by
 * hours (the broker sends it and alerts when it goes out outside them).
 */
public interface MarketHours {
  /** No hours rule: every time is allowed (the simulator, the rule switched off). */
  MarketHours ANY_TIME = (instrument, at) -> null;

  /**
   * Why an entry of {@code instrument} (or an activation of a plan on it) is refused at {@code at},
   * naming the rule, the hours and the time; null when it is allowed. Never throws.
   */
  String refusal(Instrument instrument, Instant at);
}
