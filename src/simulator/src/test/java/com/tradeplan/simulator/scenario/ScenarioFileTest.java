package com.tradeplan.simulator.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tradeplan.engine.RuleSet;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ScenarioFileTest {
  private static final String PLAN =
      "{\"id\":\"p1\",\"owner\":\"alice\",\"symbol\":\"AAPL\",\"side\":\"LONG\",\"quantity\":100,"
          + "\"entry\":{\"condition\":\"ABOVE\",\"price\":\"10.00\"},"
          + "\"stops\":[{\"price\":\"9.00\"}],\"targets\":[{\"price\":\"11.00\"}]}";

  private static RuleSet rules;

  @BeforeAll
  static void compileRules() {
    rules = RuleSet.fromDirectory(Path.of("../../rules"));
  }

  private static String scenario(String expect) {
    return "{\"name\":\"t\",\"plans\":["
        + PLAN
        + "],\"ticks\":[\"AAPL 10.00\",\"AAPL 10.10\",\"AAPL 11.00\",\"AAPL 11.20\"],"
        + "\"expect\":{\"p1\":"
        + expect
        + "}}";
  }

  @Test
  void aMisspelledFieldIsNamedWithItsFile() {
    ScenarioException e =
        assertThrows(
            ScenarioException.class,
            () -> ScenarioFile.parse("s.json", scenario("{\"orderStatuss\":\"INACTIVE\"}")));
    assertEquals("s.json", e.file());
    assertEquals("expect.p1.orderStatuss", e.field());
  }

  @Test
  void aMalformedEventLineIsNamedWithItsIndex() {
    ScenarioException e =
        assertThrows(
            ScenarioException.class,
            () ->
                ScenarioFile.parse(
                    "s.json",
                    scenario("{\"events\":[\"0 ORDER ENTRY BUY 100\",\"0 ORDER ENTRY\"]}")));
    assertEquals("expect.p1.events[1]", e.field());
    assertTrue(e.getMessage().contains("side is missing"), e.getMessage());
  }

  @Test
  void aPlanWithoutExpectationIsRefused() {
    String json =
        "{\"name\":\"t\",\"plans\":[" + PLAN + "],\"ticks\":[\"AAPL 10.00\"],\"expect\":{}}";
    ScenarioException e =
        assertThrows(ScenarioException.class, () -> ScenarioFile.parse("s.json", json));
    assertEquals("expect", e.field());
  }

  @Test
  void ticksGoingBackInTimeAreRefused() {
    String json =
        "{\"name\":\"t\",\"plans\":["
            + PLAN
            + "],\"ticks\":[\"2026-03-02T14:30:05Z,AAPL,10.00\",\"2026-03-02T14:30:04Z,AAPL,10.00\"],"
            + "\"expect\":{\"p1\":{\"orderStatus\":\"ACTIVE\"}}}";
    ScenarioException e =
        assertThrows(ScenarioException.class, () -> ScenarioFile.parse("s.json", json));
    assertEquals("ticks[1]", e.field());
  }

  @Test
  void aWrongFillPriceFailsWithTheFirstDifferenceMarked() {
    String events =
        "{\"events\":[\"0 ORDER ENTRY BUY 100\",\"0 STATUS ENTRY_SUBMITTED PENDING\","
            + "\"1 FILL ENTRY BUY 100 @ 10.20\",\"1 STATUS CONTINGENT_ACTIVE LIVE\","
            + "\"2 ORDER TARGET 0 SELL 100\",\"2 STATUS CONTINGENT_SUBMITTED LIVE\","
            + "\"3 FILL TARGET 0 SELL 100 @ 11.20\",\"3 STATUS INACTIVE CLOSED\"],"
            + "\"realizedPnl\":\"100.00\"}";
    ScenarioOutcome o =
        new ScenarioRunner(rules).run(ScenarioFile.parse("s.json", scenario(events)));
    assertEquals(ScenarioOutcome.Verdict.FAIL, o.verdict(), o.render());
    String report = o.render();
    assertTrue(
        report.contains(">>   2  1 FILL ENTRY BUY 100 @ 10.20") && report.contains("@ 10.10"),
        report);
    assertTrue(report.contains("realizedPnl: expected 100.00, actual 110.00"), report);
  }

  @Test
  void theSameScenarioWithTheRightNumbersPasses() {
    String events =
        "{\"events\":[\"0 ORDER ENTRY BUY 100\",\"0 STATUS ENTRY_SUBMITTED PENDING\","
            + "\"1 FILL ENTRY BUY 100 @ 10.1\",\"1 STATUS CONTINGENT_ACTIVE LIVE\","
            + "\"2 ORDER TARGET 0 SELL 100\",\"2 STATUS CONTINGENT_SUBMITTED LIVE\","
            + "\"3 FILL TARGET 0 SELL 100 @ 11.20\",\"3 STATUS INACTIVE CLOSED\"],"
            + "\"realizedPnl\":\"110.00\"}";
    ScenarioOutcome o =
        new ScenarioRunner(rules).run(ScenarioFile.parse("s.json", scenario(events)));
    assertEquals(ScenarioOutcome.Verdict.PASS, o.verdict(), o.render());
  }

  @Test
  void aKnownIssueThatStillFailsIsAnExpectedFail() {
    String json =
        scenario("{\"orderStatus\":\"CANCELLED\"}")
            .replace("{\"name\":\"t\",", "{\"name\":\"t\",\"knownIssue\":\"ENG-1\",");
    ScenarioOutcome o = new ScenarioRunner(rules).run(ScenarioFile.parse("s.json", json));
    assertEquals(ScenarioOutcome.Verdict.EXPECTED_FAIL, o.verdict(), o.render());
    assertTrue(o.verdict().ok());
  }

  @Test
  void aScenarioChoosesItsCommissionModel() {
    // IB fixed: the entry (100 at 10.10) and the target (100 at 11.20) pay the $1.00 minimum each
    String json =
        scenario("{\"realizedPnl\":\"108.00\",\"commission\":\"2.00\"}")
            .replace(
                "{\"name\":\"t\",", "{\"name\":\"t\",\"options\":{\"commission\":\"ib-fixed\"},");
    ScenarioOutcome o = new ScenarioRunner(rules).run(ScenarioFile.parse("s.json", json));
    assertEquals(ScenarioOutcome.Verdict.PASS, o.verdict(), o.render());
  }

  @Test
  void aCommissionModelAndARatePerShareTogetherAreRefused() {
    String json =
        scenario("{\"orderStatus\":\"INACTIVE\"}")
            .replace(
                "{\"name\":\"t\",",
                "{\"name\":\"t\",\"options\":{\"commission\":\"ib-fixed\","
                    + "\"commissionPerShare\":\"0.005\"},");
    ScenarioException e =
        assertThrows(ScenarioException.class, () -> ScenarioFile.parse("s.json", json));
    assertEquals("options.commission", e.field());
  }
}
