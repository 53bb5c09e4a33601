package com.tradeplan.simulator.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradeplan.domain.commission.CommissionModel;
import com.tradeplan.engine.RuleSet;
import com.tradeplan.simulator.SimulationRun;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's figures against values computed by hand from the ticks and fills (the comments show
 * the arithmetic), and the JSON saying the same as the record it prints.
 */
class RunReportTest {
  private static RuleSet rules;

  @TempDir Path dir;

  @BeforeAll
  static void loadRules() {
    rules = RuleSet.fromDirectory(ReportScenarios.RULES);
  }

  private static void assertPoint(SeriesPoint p, long tick, String value) {
    assertThat(p.tick()).as("tick of " + p).isEqualTo(tick);
    assertThat(p.value()).as("value of " + p).isEqualByComparingTo(value);
  }

  private static List<String> values(List<SeriesPoint> points) {
    return points.stream().map(p -> p.value().setScale(2).toPlainString()).toList();
  }

  @Test
  void theWorkedExamplesEquityIsMarkedToMarketOnEveryTick() {
    // 100 bought at 101.10 on tick 4; 50 sold at 103.20 on tick 10, 50 at 104.00 on tick 12.
    // tick 5: 100 x (101.50 - 101.10) = 40; tick 9: 100 x 1.95 = 195;
    // tick 10: 50 x 2.10 realized + 50 x 2.10 open = 210; tick 11: 105 + 50 x 3.90 = 300;
    // tick 12: 105 + 50 x 2.90 = 250.
    RunReport r = RunReport.of(ReportScenarios.workedExample(rules, CommissionModel.NONE));
    MarkToMarket.Record m = r.market();
    assertThat(values(m.equity()))
        .containsExactly(
            "0.00", "0.00", "0.00", "0.00", "0.00", "40.00", "90.00", "130.00", "170.00", "195.00",
            "210.00", "300.00", "250.00");
    assertThat(m.equity())
        .extracting(SeriesPoint::tick)
        .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
    assertPoint(m.high(), 11, "300.00");
    assertThat(m.low().tick()).as("the first lowest point").isZero();
    assertThat(m.maxDrawdown().amount()).isEqualByComparingTo("50.00");
    assertThat(m.maxDrawdown().peakTick()).isEqualTo(11);
    assertThat(m.maxDrawdown().troughTick()).isEqualTo(12);
    assertThat(values(m.drawdown()).subList(10, 13)).containsExactly("0.00", "0.00", "-50.00");
    assertThat(m.finalEquity()).isEqualByComparingTo("250.00");
  }

  @Test
  void ibFixedCommissionsComeOffTheCurveWhenCharged() {
    // IB fixed: each of the three orders (100, 50, 50 shares) pays the $1.00 minimum.
    // tick 4: -1.00; tick 10: 210 - 2 = 208; tick 11: 298; tick 12: 250 - 3 = 247.
    SimulationRun run = ReportScenarios.workedExample(rules, CommissionModel.IB_FIXED);
    MarkToMarket.Record m = run.market();
    assertThat(values(m.equity()).subList(3, 13))
        .containsExactly(
            "0.00", "-1.00", "39.00", "89.00", "129.00", "169.00", "194.00", "208.00", "298.00",
            "247.00");
    assertPoint(m.low(), 4, "-1.00");
    assertThat(m.maxDrawdown().amount()).isEqualByComparingTo("51.00");
    assertThat(run.result().plans().get(0).commission()).isEqualByComparingTo("3.00");
    assertThat(run.result().plans().get(0).realizedPnl()).isEqualByComparingTo("247.00");
  }

  @Test
  void statisticsOfAWinALossAndAnOpenTradeUnderIbFixed() {
    // w: 100 x (103.30 - 101.40) = 190.00 - 2 x 1.00 = 188.00
    // l:  50 x ( 99.80 - 101.40) = -80.00 - 2 x 1.00 = -82.00
    // o: open, 10 at 101.40, its entry's 1.00 paid: realized -1.00, last 102.00: +6.00 open
    // equity tick 4: realized -82 - 1 - 1, open 110 x (99.80 - 101.40) = -176: -260.00 (low)
    // equity tick 6: 188 - 82 - 1 + 10 x (103.30 - 101.40) = 124.00 (high); end 105 + 6 = 111.00
    SimulationRun run = ReportScenarios.winLossOpen(dir, CommissionModel.IB_FIXED);
    Statistics s = RunReport.of(run).statistics();
    assertThat(s.trades()).isEqualTo(3);
    assertThat(s.closedTrades()).isEqualTo(2);
    assertThat(s.openTrades()).isEqualTo(1);
    assertThat(s.wins()).isEqualTo(1);
    assertThat(s.losses()).isEqualTo(1);
    assertThat(s.winRate()).isEqualByComparingTo("0.5");
    assertThat(s.averageWin()).isEqualByComparingTo("188.00");
    assertThat(s.averageLoss()).isEqualByComparingTo("-82.00");
    assertThat(s.expectancy()).as("(188 - 82) / 2").isEqualByComparingTo("53.00");
    assertThat(Statistics.format("profitFactor", s.profitFactor()))
        .as("188 / 82")
        .isEqualTo("2.2927");
    assertThat(s.maxDrawdown())
        .as("from 0 at tick 0 to -260 at tick 4")
        .isEqualByComparingTo("260");
    assertThat(s.commission()).as("five orders at the minimum").isEqualByComparingTo("5.00");
    assertThat(s.realizedPnl()).isEqualByComparingTo("105.00");
    assertThat(s.finalEquity()).isEqualByComparingTo("111.00");
    assertPoint(run.market().high(), 6, "124.00");
    assertThat(run.market().low().tick()).isEqualTo(4);
    assertThat(run.market().low().value()).isEqualByComparingTo("-260.00");
  }

  @Test
  void aRunWithoutLossesHasNoProfitFactorAndNoAverageLoss() {
    Statistics s =
        RunReport.of(ReportScenarios.workedExample(rules, CommissionModel.NONE)).statistics();
    assertThat(s.trades()).isEqualTo(1);
    assertThat(s.winRate()).isEqualByComparingTo("1");
    assertThat(s.averageWin()).isEqualByComparingTo("250.00");
    assertThat(s.expectancy()).isEqualByComparingTo("250.00");
    assertThat(s.averageLoss()).isNull();
    assertThat(s.profitFactor()).isNull();
    assertThat(s.maxDrawdown()).isEqualByComparingTo("50.00");
  }

  @Test
  void theJsonCarriesTheSameFiguresAsTheRecord() throws Exception {
    RunReport r = RunReport.of(ReportScenarios.winLossOpen(dir, CommissionModel.IB_FIXED));
    JsonNode j = ReportJson.MAPPER.readTree(ReportJson.write(r));
    assertThat(j.at("/options/commission").asText()).isEqualTo("ib-fixed");
    assertThat(j.at("/statistics/trades").asInt()).isEqualTo(3);
    assertThat(j.at("/statistics/winRate").asText()).isEqualTo("0.5000");
    assertThat(j.at("/statistics/profitFactor").asText()).isEqualTo("2.2927");
    assertThat(j.at("/statistics/averageLoss").asText()).isEqualTo("-82.00");
    assertThat(j.at("/statistics/maxDrawdown").asText()).isEqualTo("260.00");
    assertThat(j.at("/equity/high/tick").asLong()).isEqualTo(6);
    assertThat(j.at("/equity/high/equity").asText()).isEqualTo("124.00");
    assertThat(j.at("/equity/maxDrawdown/troughTick").asLong()).isEqualTo(4);
    assertThat(j.at("/equity/curve")).hasSize(8);
    assertThat(j.at("/equity/curve/7/1").asText()).isEqualTo("111.00");
    assertThat(j.at("/trades")).hasSize(3);
    assertThat(j.at("/trades/1/plan").asText()).isEqualTo("l");
    assertThat(j.at("/trades/1/realizedPnl").asText()).isEqualTo("-82.00");
    assertThat(j.at("/trades/1/endTick").asLong()).isEqualTo(4);
    assertThat(j.at("/trades/2/endTick").asLong()).as("o is open").isEqualTo(-1);
    assertThat(j.at("/timelines/0/levels")).hasSize(3);
    assertThat(j.at("/timelines/0/prices")).hasSize(8);
    JsonNode firstOrder = j.at("/timelines/0/events/0");
    assertThat(firstOrder.get("type").asText()).isEqualTo("ORDER");
    assertThat(firstOrder.get("rule").asText()).isNotBlank();
    assertThat(ReportJson.write(r)).as("deterministic").isEqualTo(ReportJson.write(r));
  }
}
