package com.tradeplan.runtime.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One sample per minute, the latest read wins, a new day starts again, and the bounds. */
class IntradayPnlCurveTest {
  private static final LocalDate DAY = LocalDate.parse("2026-01-05");
  private static final Instant T0 = Instant.parse("2026-01-05T14:30:00Z");

  private static AccountSummary read(
      String user, LocalDate day, Instant at, String realized, String unrealized) {
    return new AccountSummary(
        user,
        "DU1",
        at,
        day,
        new AccountSummary.Pnl(new BigDecimal(realized), BigDecimal.ZERO),
        new AccountSummary.Pnl(new BigDecimal(realized), BigDecimal.ZERO),
        new BigDecimal(unrealized),
        List.of(),
        List.of(),
        BigDecimal.ZERO,
        List.of(),
        List.of(),
        List.of());
  }

  @Test
  void keepsOneSamplePerMinuteTheLatestReadOfTheMinute() {
    IntradayPnlCurve curve = new IntradayPnlCurve();
    curve.record(read("alice", DAY, T0.plusSeconds(5), "0.00", "10.00"));
    curve.record(read("alice", DAY, T0.plusSeconds(50), "0.00", "12.50"));
    curve.record(read("alice", DAY, T0.plusSeconds(65), "-3.00", "20.00"));

    IntradayPnlCurve.Curve c = curve.curve("alice", DAY);
    assertThat(c.samples())
        .containsExactly(
            new IntradayPnlCurve.Sample(T0, new BigDecimal("0.00"), new BigDecimal("12.50")),
            new IntradayPnlCurve.Sample(
                T0.plusSeconds(60), new BigDecimal("-3.00"), new BigDecimal("20.00")));
    assertThat(c.samples().get(1).total()).isEqualByComparingTo("17.00");
    assertThat(curve.curve("bob", DAY).samples()).isEmpty();
    assertThat(curve.users()).containsExactly("alice");
  }

  @Test
  void aNewTradingDayStartsTheCurveAgainAndADayIsBounded() {
    IntradayPnlCurve curve = new IntradayPnlCurve();
    for (int m = 0; m < IntradayPnlCurve.SAMPLES_MAX + 10; m++) {
      curve.record(read("alice", DAY, T0.plusSeconds(60L * m), "1.00", "0.00"));
    }
    List<IntradayPnlCurve.Sample> day = curve.curve("alice", DAY).samples();
    assertThat(day).hasSize(IntradayPnlCurve.SAMPLES_MAX);
    assertThat(day.get(0).minute()).isEqualTo(T0.plusSeconds(600));

    curve.record(read("alice", DAY.plusDays(1), T0.plusSeconds(86_400), "0.00", "0.00"));
    assertThat(curve.curve("alice", DAY).samples()).isEmpty();
    assertThat(curve.curve("alice", DAY.plusDays(1)).samples()).hasSize(1);
  }
}
