package com.tradeplan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.tradeplan.domain.risk.LimitScope;
import com.tradeplan.domain.risk.RiskLimits;
import com.tradeplan.gateway.GatewayConfig;
import com.tradeplan.testkit.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A risk-limit change reaches the other members through the cluster's notice, not their poll of the
 * store (docs/risk.md, "Changing a limit"; docs/cluster.md, "Risk-limit changes"): the poll is set
 * to ten minutes here, so a change on one member is in force on another within the wait below only
 * if it was pushed; and a notice repeated or heard after a later one never takes a member back to
 * an older version.
 */
class RiskLimitsPushTest {
  static final String ACCOUNT = AccountsTest.ALICE_ACCOUNT;

  /** Far longer than any wait here: only the push can bring a change in time. */
  static final Duration POLL_OFF = Duration.ofMinutes(10);

  /** The wait for a change on the other member: well under {@link #POLL_OFF}. */
  static final Duration PUSH_WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  @BeforeAll
  static void pollRarely() {
    System.setProperty(RiskLimitsService.POLL_MILLIS_PROPERTY, String.valueOf(POLL_OFF.toMillis()));
  }

  @AfterAll
  static void pollAsConfigured() {
    System.clearProperty(RiskLimitsService.POLL_MILLIS_PROPERTY);
  }

  @Test
  void aChangeOnOneMemberIsInForceOnTheOtherWithoutItsPollAndNeverRollsBack() throws Exception {
    GatewayConfig g = Harness.gatewayConfig();
    g.accounts = List.of(ACCOUNT);
    try (PlatformCluster cluster = new PlatformCluster(dir, g)) {
      cluster.startMembers(2, 48);
      Platform a = cluster.platforms.get(0);
      Platform b = cluster.platforms.get(1);

      changeAndCheck(a, b, 150L, 0);
      changeAndCheck(a, b, 120L, 1);
      // ... and the other way round: B's change reaches A.
      changeAndCheck(b, a, 110L, 2);

      // Notices repeated, or heard after a later one (the store's change numbers 1..3 here, and
      // numbers below them), as the cluster's limits thread hands them to the service: nothing
      // moves back, on either member.
      for (Platform p : List.of(a, b)) {
        for (long seq : new long[] {3, 1, 2, 0, 3}) {
          p.riskLimits().changedUpTo(seq);
          assertEquals(110L, accountMax(p), "after the notice of change " + seq);
        }
      }
      // The same through the cluster: A announces old numbers again, then a new change, heard in
      // order by B's one limits thread; B ends at the newest version, and its version in force is
      // that of the last change.
      a.cluster().announceRiskLimits(1, Duration.ZERO);
      a.cluster().announceRiskLimits(2, Duration.ZERO);
      changeAndCheck(a, b, 100L, 3);
      a.cluster().announceRiskLimits(1, Duration.ZERO);
      b.cluster().announceRiskLimits(3, Duration.ZERO);
      changeAndCheck(b, a, 90L, 4);
      assertEquals(90L, accountMax(b));
      assertEquals(5, b.riskLimits().storedVersion(LimitScope.ACCOUNT, ACCOUNT).version());
      assertEquals(5, a.riskLimits().storedVersion(LimitScope.ACCOUNT, ACCOUNT).version());
    }
  }

  /**
   * Changes the account's limit on {@code on} and checks it on {@code other}: when the change says
   * every member acknowledged it, it is in force there now (the contract of the answer); when the
   * wait's bound passed first (a machine under load), it must still arrive well before the poll.
   */
  private static void changeAndCheck(Platform on, Platform other, long maxPosition, long expected) {
    RiskLimitsService.ChangeResult.Saved saved = change(on, maxPosition, expected);
    if (saved.membersPending().isEmpty()) {
      assertEquals(maxPosition, accountMax(other), "acknowledged by every member, so in force");
    } else {
      awaitAccountMax(other, maxPosition);
    }
    assertEquals(maxPosition, accountMax(on), "in force where it was made");
  }

  private static RiskLimitsService.ChangeResult.Saved change(
      Platform p, long maxPosition, long expectedVersion) {
    return assertInstanceOf(
        RiskLimitsService.ChangeResult.Saved.class,
        p.riskLimits()
            .change(
                LimitScope.ACCOUNT,
                ACCOUNT,
                RiskLimits.builder().maxPositionPerSymbol(maxPosition).build(),
                expectedVersion,
                "ops",
                "pushed to every member"));
  }

  /** Waits (at most {@link #PUSH_WAIT}, far under the poll) until {@code p} holds the value. */
  private static void awaitAccountMax(Platform p, long expected) {
    Await.until(
        PUSH_WAIT,
        Duration.ofMillis(10),
        () -> Long.valueOf(expected).equals(accountMax(p)),
        () -> "maximum position " + expected + " in force on the member, not " + accountMax(p));
  }

  private static Long accountMax(Platform p) {
    return p.riskLimits().layers().forAccount(ACCOUNT).maxPositionPerSymbol();
  }
}
