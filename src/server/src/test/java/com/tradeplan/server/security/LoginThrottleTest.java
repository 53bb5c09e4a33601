package com.tradeplan.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Login limits that cannot be turned against a real user (issue 20, security: "flooding junk user
 * names evicts a real user's bucket; ten bad tries lock the real user out").
 */
class LoginThrottleTest {
  private static final int PER_USER = 3;
  private static final int KEYS = 50;

  private final LoginThrottle throttle = new LoginThrottle(PER_USER, 1_000_000, KEYS);

  @Test
  void floodingJunkNamesNeverResetsARealUsersCount() {
    for (int i = 0; i < PER_USER; i++) {
      assertThat(throttle.tryAttempt("10.0.0.66", "alice", true)).isZero();
    }
    assertThat(throttle.tryAttempt("10.0.0.66", "alice", true))
        .as("the guesser spent alice's attempts")
        .isPositive();

    for (int i = 0; i < KEYS * 4; i++) {
      throttle.tryAttempt("10.0.0.66", "junk-" + i, false);
    }

    assertThat(throttle.tryAttempt("10.0.0.66", "alice", true))
        .as("a flood of junk names did not evict alice's bucket")
        .isPositive();
  }

  @Test
  void aGuesserElsewhereDoesNotLockTheUserOutOfAnAddressItLoggedInFrom() {
    assertThat(throttle.tryAttempt("192.168.1.5", "alice", true)).isZero();
    throttle.succeeded("alice", "192.168.1.5");
    for (int i = 0; i < 10; i++) {
      throttle.tryAttempt("10.0.0.66", "alice", true);
    }
    assertThat(throttle.tryAttempt("10.0.0.66", "alice", true)).isPositive();

    assertThat(throttle.tryAttempt("192.168.1.5", "alice", true))
        .as("alice at her own address still gets her own attempts")
        .isZero();
  }

  @Test
  void guessingFromAKnownAddressIsStillLimited() {
    throttle.succeeded("alice", "192.168.1.5");
    for (int i = 0; i < PER_USER; i++) {
      assertThat(throttle.tryAttempt("192.168.1.5", "alice", true)).isZero();
    }
    assertThat(throttle.tryAttempt("192.168.1.5", "alice", true)).isPositive();
  }

  @Test
  void everyAddressHasItsOwnLimit() {
    LoginThrottle tight = new LoginThrottle(100, 2, KEYS);
    assertThat(tight.tryAttempt("10.0.0.66", "a", false)).isZero();
    assertThat(tight.tryAttempt("10.0.0.66", "b", false)).isZero();
    assertThat(tight.tryAttempt("10.0.0.66", "c", false)).isPositive();
    assertThat(tight.tryAttempt("10.0.0.67", "c", false)).isZero();
  }
}
