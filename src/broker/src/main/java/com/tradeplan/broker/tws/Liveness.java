package com.tradeplan.broker.tws;

import java.time.Duration;

/**
 * How an {@link EClientSocket} proves its link is alive once connected: it asks for IB's time
 * ({@code reqCurrentTime}) every {@code heartbeatInterval}, and declares the link dead when nothing
 * at all has arrived from IB for {@code deadAfter}, or when one of its writes has been blocked for
 * {@code deadAfter} (a peer that stopped reading). A socket without liveness (tests of the gateway,
 * bare clients) waits forever, as a plain TWS client does.
 *
 * <p>{@code deadAfter} must be longer than {@code heartbeatInterval}: IB answers every heartbeat,
 * so a live link is never silent for longer than one interval plus the round trip.
 */
public record Liveness(Duration heartbeatInterval, Duration deadAfter) {
  /** The smallest heartbeat interval accepted; below it the heartbeat alone eats IB's pacing. */
  public static final Duration HEARTBEAT_MIN = Duration.ofMillis(50);

  public Liveness {
    if (heartbeatInterval.compareTo(HEARTBEAT_MIN) < 0) {
      throw new IllegalArgumentException(
          "heartbeat interval must be at least " + HEARTBEAT_MIN + ": " + heartbeatInterval);
    }
    if (deadAfter.compareTo(heartbeatInterval) <= 0) {
      throw new IllegalArgumentException(
          "the dead-link bound "
              + deadAfter
              + " must be longer than the heartbeat interval "
              + heartbeatInterval);
    }
  }

  /**
   * How often the reader looks at the link while nothing arrives: a quarter of the heartbeat
   * interval, so a dead link is declared at most that long after the bound.
   */
  int checkMillis() {
    return (int) Math.max(10, heartbeatInterval.toMillis() / 4);
  }
}
