package com.tradeplan.simulator.report;

import com.tradeplan.domain.commission.CommissionModel;
import com.tradeplan.engine.RuleSet;
import com.tradeplan.formats.PlansJson;
import com.tradeplan.formats.TicksCsv;
import com.tradeplan.simulator.SimulationOptions;
import com.tradeplan.simulator.SimulationRun;
import com.tradeplan.simulator.Simulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The small runs the report and comparison tests compute by hand, on the repo's rules. */
final class ReportScenarios {
  static final Path EXAMPLE = Path.of("src/test/resources/worked-example");
  static final Path RULES = Path.of("../../rules");

  private ReportScenarios() {}

  /** The spec's worked example: one LONG of 100, entered at 101.10, out at 103.20 and 104.00. */
  static SimulationRun workedExample(RuleSet rules, CommissionModel commission) {
    return run(rules, commission, EXAMPLE.resolve("plans.json"), EXAMPLE.resolve("ticks.csv"));
  }

  /**
   * Three LONG plans on AAPL entering together at 101.40 (tick 2): {@code w} (100 shares) exits at
   * its target, 103.30 on tick 6; {@code l} (50) at its stop, 99.80 on tick 4; {@code o} (10) is
   * still open at the end (last 102.00).
   */
  static SimulationRun winLossOpen(Path dir, CommissionModel commission) {
    try {
      Path plans = dir.resolve("wlo-plans.json");
      Files.writeString(
          plans,
          "["
              + plan("w", 100, "99.00", "103.00")
              + ","
              + plan("l", 50, "100.00", "110.00")
              + ","
              + plan("o", 10, "95.00", "120.00")
              + "]");
      Path ticks = dir.resolve("wlo-ticks.csv");
      StringBuilder t = new StringBuilder("time,symbol,last\n");
      String[] prices = {
        "100.50", "101.20", "101.40", "99.90", "99.80", "103.10", "103.30", "102.00"
      };
      for (int i = 0; i < prices.length; i++) {
        t.append("2026-03-02T14:30:0")
            .append(i)
            .append(".000Z,AAPL,")
            .append(prices[i])
            .append('\n');
      }
      Files.writeString(ticks, t);
      return run(RuleSet.fromDirectory(RULES), commission, plans, ticks);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String plan(String id, int quantity, String stop, String target) {
    return "{\"id\":\""
        + id
        + "\",\"owner\":\"alice\",\"symbol\":\"AAPL\",\"side\":\"LONG\",\"quantity\":"
        + quantity
        + ",\"entry\":{\"condition\":\"ABOVE\",\"price\":\"101.00\"},\"stops\":[{\"price\":\""
        + stop
        + "\"}],\"targets\":[{\"price\":\""
        + target
        + "\"}]}";
  }

  static SimulationRun run(RuleSet rules, CommissionModel commission, Path plans, Path ticks) {
    try (TicksCsv t = TicksCsv.open(ticks)) {
      return new Simulator(rules, new SimulationOptions(null, commission, true))
          .run(PlansJson.read(plans), t);
    }
  }
}
