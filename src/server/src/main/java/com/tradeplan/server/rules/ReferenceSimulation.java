package com.tradeplan.server.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradeplan.domain.plan.PlanDraft;
import com.tradeplan.engine.RuleAttachments;
import com.tradeplan.engine.RuleSet;
import com.tradeplan.formats.FormatException;
import com.tradeplan.formats.PlansJson;
import com.tradeplan.formats.TickSource;
import com.tradeplan.formats.TicksCsv;
import com.tradeplan.formats.imports.TickLayout;
import com.tradeplan.simulator.SimulationOptions;
import com.tradeplan.simulator.Simulator;
import com.tradeplan.simulator.report.ComparisonReport;
import com.tradeplan.simulator.report.RunComparison;
import com.tradeplan.simulator.report.RunReport;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * The second half of a rule-set test (issue 15, point 3): a reference tick file and plan file run
 * through the simulator under the deployed version and under the tested one, and the per-plan
 * differences (which plans ended differently, the first event where each history parts and the rule
 * behind it, every statistic's difference) taken by the analyst's own comparison ({@link
 * RunComparison}). A reference is a folder {@code NAME} under the references folder ({@code
 * rules/reference}, or {@code TRADEPLAN_REFERENCE_DIR}) holding {@code plans.json} and {@code
 * ticks.csv} (or {@code ticks.csv.gz}); {@code default} is shipped. A version may carry its own
 * reference as files ({@code RuleAttachments}), run from memory by {@link #compareAttached}.
 *
 * <p>Differences are shown, never judged: a changed rule is meant to change outcomes, and the admin
 * reads them before deploying. Runs on the request's thread with the simulator's default fill
 * model, never on a trading lane; the shipped reference takes well under a second a version.
 */
public final class ReferenceSimulation {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;

  public ReferenceSimulation(Path dir) {
    this.dir = dir;
  }

  /**
   * The reference of a version's test: {@code requested} (a folder name) when given, else the
   * version's own ({@code attached}: its files, or the folder it names), else {@code default}.
   *
   * @throws IllegalArgumentException when {@code requested} is not a reference name
   */
  public ObjectNode compareFor(
      String requested,
      RuleAttachments attached,
      int deployed,
      RuleSet deployedRules,
      int tested,
      RuleSet testedRules) {
    if (requested == null && attached.hasReferenceFiles()) {
      return compareAttached(
          attached.files().get(RuleAttachments.REFERENCE_PLANS),
          attached.files().get(RuleAttachments.REFERENCE_TICKS),
          deployed,
          deployedRules,
          tested,
          testedRules);
    }
    String name =
        requested != null
            ? requested
            : attached.referenceName() != null ? attached.referenceName() : "default";
    return compare(name, deployed, deployedRules, tested, testedRules);
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
    if (!RuleAttachments.REFERENCE_NAME.matcher(name).matches()) {
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
    return compared(
        out,
        () -> TickLayout.TICKS_CSV.open(ticks),
        drafts,
        deployed,
        deployedRules,
        tested,
        testedRules);
  }

  /**
   * The same comparison on a version's own reference files (plans and ticks as text, {@code
   * reference/plans.json} and {@code reference/ticks.csv}), named {@code attached} in the answer. A
   * file that does not read is answered as {@code {name, error}}: the admin fixes the attachment.
   */
  public ObjectNode compareAttached(
      String plansText,
      String ticksText,
      int deployed,
      RuleSet deployedRules,
      int tested,
      RuleSet testedRules) {
    ObjectNode out = JSON.createObjectNode();
    out.put("name", ATTACHED);
    try {
      List<PlanDraft> drafts = PlansJson.parse(RuleAttachments.REFERENCE_PLANS, plansText);
      return compared(
          out,
          () -> TicksCsv.open(RuleAttachments.REFERENCE_TICKS, new StringReader(ticksText)),
          drafts,
          deployed,
          deployedRules,
          tested,
          testedRules);
    } catch (FormatException e) {
      out.put("error", e.getMessage());
      return out;
    }
  }

  /** The name a version's own reference files are shown under. */
  public static final String ATTACHED = "attached";

  private ObjectNode compared(
      ObjectNode out,
      Supplier<TickSource> ticks,
      List<PlanDraft> drafts,
      int deployed,
      RuleSet deployedRules,
      int tested,
      RuleSet testedRules) {
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

  private static RunReport run(RuleSet rules, List<PlanDraft> drafts, Supplier<TickSource> ticks) {
    try (TickSource t = ticks.get()) {
      return RunReport.of(new Simulator(rules, SimulationOptions.DEFAULT).run(drafts, t));
    }
  }
}
