package com.tradeplan.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.store.ChartHistory.LevelPoint;
import com.tradeplan.store.ChartHistory.PnlSample;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The charts' stored history: a plan's level points (capped) and a trader's minutes of P&amp;L. */
class ChartHistoryTest {
  @RegisterExtension static final TestMongo mongo = new TestMongo();

  private static final Instant T0 = Instant.parse("2026-12-04T15:00:00.000000123Z");
  private static final LocalDate DAY = LocalDate.parse("2026-12-04");

  private static LevelPoint point(Instant t, String stop, String active) {
    return new LevelPoint(
        t,
        new BigDecimal("101.00"),
        List.of(new BigDecimal(stop)),
        Arrays.asList(new BigDecimal("103.00"), null),
        active == null ? null : new BigDecimal(active),
        null);
  }

  @Test
  void levelPointsReadBackExactlyInOrderAndAreCappedToTheNewest() {
    ChartHistory h = ChartHistory.open(mongo.connectionTo(mongo.freshDatabase()));
    assertThat(h.levelPoints("p1")).isEmpty();
    LevelPoint a = point(T0, "99.00", null);
    LevelPoint b = point(T0, "99.50", "99.50"); // the same instant: still two points
    h.appendLevelPoints("p1", "alice", List.of(a, b), 5);
    assertThat(h.levelPoints("p1")).containsExactly(a, b);

    List<LevelPoint> more = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      more.add(point(T0.plusSeconds(i + 1), "99.5" + i, "99.5" + i));
    }
    h.appendLevelPoints("p1", "alice", more, 5);
    assertThat(h.levelPoints("p1")).containsExactlyElementsOf(more.subList(1, 6));
    assertThat(h.levelPoints("p2")).isEmpty();
  }

  @Test
  void aMinuteWrittenTwiceKeepsTheLastFiguresAndAnEarlierDayIsDeleted() {
    ChartHistory h = ChartHistory.open(mongo.connectionTo(mongo.freshDatabase()));
    Instant m0 = Instant.parse("2026-12-04T15:00:00Z");
    Instant m1 = m0.plusSeconds(60);
    h.putPnlSample(
        "alice",
        DAY.minusDays(1),
        new PnlSample(m0.minusSeconds(86_400), BigDecimal.ONE, BigDecimal.ZERO));
    h.putPnlSample("alice", DAY, new PnlSample(m1, new BigDecimal("1.00"), new BigDecimal("2.50")));
    h.putPnlSample("alice", DAY, new PnlSample(m0, new BigDecimal("0.00"), new BigDecimal("-1")));
    h.putPnlSample("alice", DAY, new PnlSample(m1, new BigDecimal("1.00"), new BigDecimal("3.25")));
    h.putPnlSample("bob", DAY, new PnlSample(m0, new BigDecimal("9.00"), new BigDecimal("0")));

    assertThat(h.pnlSamples("alice", DAY, 1_440))
        .containsExactly(
            new PnlSample(m0, new BigDecimal("0.00"), new BigDecimal("-1")),
            new PnlSample(m1, new BigDecimal("1.00"), new BigDecimal("3.25")));
    assertThat(h.pnlSamples("alice", DAY, 1))
        .as("the newest when capped")
        .extracting(PnlSample::minute)
        .containsExactly(m1);
    assertThat(h.deletePnlSamplesBefore("alice", DAY)).isEqualTo(1);
    assertThat(h.pnlSamples("alice", DAY.minusDays(1), 1_440)).isEmpty();
    assertThat(h.pnlSamples("bob", DAY, 1_440)).hasSize(1);
  }
}
