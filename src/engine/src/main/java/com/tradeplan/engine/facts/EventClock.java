package com.tradeplan.engine.facts;

import java.time.Instant;

/**
 * The time and tick index stamped on history events of one session. Set by the session's owner
 * thread before each step; not a fact and not visible to rules.
 */
public final class EventClock {
  private long tick = -1;
  private Instant time = Instant.EPOCH;
  private String rule;

  public void set(long tick, Instant time) {
    this.tick = tick;
    this.time = time;
  }

  public long tick() {
    return tick;
  }

  public Instant time() {
    return time;
  }

  /** The rule whose consequence is running, or null outside rule consequences. */
  public String rule() {
    return rule;
  }

  public void setRule(String rule) {
    this.rule = rule;
  }
}
