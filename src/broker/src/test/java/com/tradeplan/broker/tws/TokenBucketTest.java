package com.tradeplan.broker.tws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** IbBroker's pacing: one bucket for every message keeps any one-second window within IB's 50. */
class TokenBucketTest {

  @Test
  void atFullSpeedNoOneSecondWindowHoldsMoreThanIbsFiftyMessages() throws Exception {
    TokenBucket pacer = new TokenBucket(45, 5); // IbBrokerConfig's default
    int n = 100;
    long[] at = new long[n];
    for (int i = 0; i < n; i++) {
      pacer.acquire();
      at[i] = System.nanoTime();
    }
    int worst = 0;
    for (int i = 0; i < n; i++) {
      int inWindow = 0;
      for (int j = i; j < n && at[j] - at[i] < TimeUnit.SECONDS.toNanos(1); j++) {
        inWindow++;
      }
      worst = Math.max(worst, inWindow);
    }
    assertThat(worst).as("messages in the busiest one-second window").isLessThanOrEqualTo(50);
    assertThat(worst).as("and the pace is really used").isGreaterThanOrEqualTo(45);
  }
}
