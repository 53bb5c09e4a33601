package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The default session (US equities) and the configured forms of TRADEPLAN_MARKET_HOURS. */
class MarketHoursTest {
  private final MarketHours us = MarketHours.US_EQUITIES;

  @Test
  void theUsSessionFollowsNewYorkTimeAcrossDaylightSaving() {
    // Winter (EST, UTC-5): 09:30 is 14:30Z. Summer (EDT, UTC-4): 09:30 is 13:30Z.
    assertFalse(us.isOpen(Instant.parse("2026-03-04T14:29:59Z")));
    assertTrue(us.isOpen(Instant.parse("2026-03-04T14:30:00Z")));
    assertEquals(
        Instant.parse("2026-03-04T14:30:00Z"), us.openedAt(Instant.parse("2026-03-04T18:00:00Z")));
    assertTrue(us.isOpen(Instant.parse("2026-07-01T13:30:00Z")));
    assertFalse(us.isOpen(Instant.parse("2026-07-01T20:00:00Z")), "16:00 is closed");
    assertTrue(us.isOpen(Instant.parse("2026-07-01T19:59:59Z")));
  }

  @Test
  void weekendsAreClosed() {
    assertNull(us.openedAt(Instant.parse("2026-03-07T15:00:00Z")), "Saturday");
    assertNull(us.openedAt(Instant.parse("2026-03-08T15:00:00Z")), "Sunday");
  }

  @Test
  void theSessionIsConfigurable() {
    MarketHours london = MarketHours.parse("Europe/London 08:00-16:30 MON-FRI");
    assertTrue(london.isOpen(Instant.parse("2026-03-04T08:00:00Z")));
    assertFalse(london.isOpen(Instant.parse("2026-03-04T16:30:00Z")));
    assertEquals(us, MarketHours.parse("America/New_York 09:30-16:00 MON-FRI"));
    assertTrue(MarketHours.parse("always").isOpen(Instant.parse("2026-03-08T03:00:00Z")));
    assertThrows(IllegalArgumentException.class, () -> MarketHours.parse("9 to 5"));
    assertThrows(
        IllegalArgumentException.class, () -> MarketHours.parse("Mars/Base 09:30-16:00 MON-FRI"));
    assertThrows(
        IllegalArgumentException.class,
        () -> MarketHours.parse("America/New_York 16:00-09:30 MON-FRI"));
  }
}
