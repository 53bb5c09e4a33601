package com.tradeplan.server.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradeplan.domain.plan.PlanDraft;
import com.tradeplan.engine.RuleSet;
import com.tradeplan.formats.PlansJson;
import com.tradeplan.formats.TickSource;
import com.tradeplan.formats.imports.TickLayout;
import com.tradeplan.simulator.SimulationOptions;
import com.tradeplan.simulator.Simulator;
import com.tradeplan.simulator.report.ComparisonReport;
import com.tradeplan.simulator.report.RunComparison;
import com.tradeplan.simulator.report.RunReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The second half of a rule-set test (issue 15, point 3): a reference tick file and plan file run
 * through the simulator under the deployed version and under the tested one, and the per-plan
 * differences (which plans ended differently, the first event where each history parts and the rule
 * behind it, every statistic's difference) taken by the analyst's own comparison ({@link
 * RunComparison}). A reference is a folder {@code NAME} under the references folder ({@code
 * rules/reference}, or {@code TRADEPLAN_REFERENCE_DIR}) holding {@code plans.json} and {@code
 * ticks.csv} (or {@code ticks.csv.gz}); {@code default} is shipped.
 *
 * <p>Differences are shown, never judged: a changed rule is meant to change outcomes, and the admin
 * reads them before deploying. Runs on the request's thread with the simulator's default fill
 * model, never on a trading lane; the shipped reference takes well under a second a version.
 */
public final class ReferenceSimulation {
  /** A reference's name: a folder name, nothing that leaves the references folder. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;

  public ReferenceSimulation(Path dir) {
    this.dir = dir;
  }

  /**
   * The reference's two runs compared: A the deployed version, B the tested one. Returns the
   * comparison as JSON without the two whole run reports (plans that ended the same and whose
   * histories did not part are left out; {@code plansCompared} counts them all), or a JSON object
   * with {@code missing} naming what is not there.
   *
   * @throws IllegalArgumentException when {@code name} is not a reference name
   */
  public ObjectNode compare(
      String name, int deployed, RuleSet deployedRules, int tested, RuleSet testedRules) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "reference: must be a folder name of letters, digits, '.', '_' or '-': " + name);
    }
    Path folder = dir.resolve(name);
    Path plans = folder.resolve("plans.json");
    Path ticks =
        Files.exists(folder.resolve("ticks.csv"))
            ? folder.resolve("ticks.csv")
            : folder.resolve("ticks.csv.gz");
    ObjectNode out = JSON.createObjectNode();
    out.put("name", name);
    if (!Files.isRegularFile(plans) || !Files.isRegularFile(ticks)) {
      out.put("missing", "no plans.json and ticks.csv(.gz) in " + folder.toAbsolutePath());
      return out;
    }
    List<PlanDraft> drafts = PlansJson.read(plans);
    RunReport a = run(deployedRules, drafts, ticks);
    RunReport b = run(testedRules, drafts, ticks);
    RunComparison c =
        RunComparison.of("version " + deployed + " (deployed)", a, "version " + tested, b);
    ObjectNode full;
    try {
      full = (ObjectNode) JSON.readTree(ComparisonReport.json(c));
    } catch (IOException e) {
      throw new UncheckedIOException("the comparison's own JSON did not parse", e);
    }
    out.put("deployedVersion", deployed);
    out.put("testedVersion", tested);
    out.put("plansCompared", c.plans().size());
    out.put("ticks", a.ticks());
    out.put(
        "plansEndedDifferently",
        c.plans().stream().filter(RunComparison.PlanDifference::endedDifferently).count());
    out.set("firstDivergence", full.get("firstDivergence"));
    out.set("statistics", full.get("statistics"));
    ArrayNode differing = out.putArray("plans");
    for (JsonNode p : full.get("plans")) {
      if (p.get("endedDifferently").asBoolean() || !p.get("divergence").isNull()) {
        differing.add(p);
      }
    }
    return out;
  }

  private static RunReport run(RuleSet rules, List<PlanDraft> drafts, Path ticks) {
    try (TickSource t = TickLayout.TICKS_CSV.open(ticks)) {
      return RunReport.of(new Simulator(rules, SimulationOptions.DEFAULT).run(drafts, t));
    }
  }
}
