package com.tradeplan.runtime.bars;

/**
 * The two bar lengths kept per symbol, each with how many completed bars it keeps (the window).
 *
 * <p>{@link #MINUTE}: 960 bars, 16 hours: an exchange's whole extended session (US equities 04:00
 * to 20:00 New York) so far; {@link #SECOND}: 900 bars, the last 15 minutes that had ticks. Past
 * the window the oldest bar is dropped when a new one opens; a client asking for older bars gets
 * what is left (the answer's first bar says where the window starts).
 */
public enum BarInterval {
  SECOND("1s", 1, 900),
  MINUTE("1m", 60, 960);

  private final String code;
  private final long seconds;
  private final int barsMax;

  BarInterval(String code, long seconds, int barsMax) {
    this.code = code;
    this.seconds = seconds;
    this.barsMax = barsMax;
  }

  /** The API's name: {@code 1s} or {@code 1m}. */
  public String code() {
    return code;
  }

  public long seconds() {
    return seconds;
  }

  /** Completed bars kept, plus the one open bar. */
  public int barsMax() {
    return barsMax;
  }

  /** The interval of an API code, or null for any other text. */
  public static BarInterval ofCode(String code) {
    for (BarInterval i : values()) {
      if (i.code.equals(code)) {
        return i;
      }
    }
    return null;
  }
}
