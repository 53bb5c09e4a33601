package com.tradeplan.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.plan.Entry;
import com.tradeplan.domain.plan.EntryCondition;
import com.tradeplan.domain.plan.Instrument;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.plan.Stop;
import com.tradeplan.domain.state.PlanSnapshot;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kie.api.KieServices;

/**
 * Rule-set versions as kjars with their own ReleaseId, and plans pinned to the version they were
 * activated with while the user's other plans run on another (issue 15, points 1 and 4).
 */
class RuleSetVersionsTest {
  static final String SHIPPED_ENTRY = "The entry triggers when the price reaches the entry level";
  static final String V2_ENTRY = "The entry triggers at the entry level (version 2)";

  private static RuleSet shipped;
  private static Map<String, String> shippedFiles;

  @BeforeAll
  static void compile() throws IOException {
    shipped = RuleSet.fromDirectory(Path.of("../../rules"));
    shippedFiles = shippedFiles();
  }

  static Map<String, String> shippedFiles() throws IOException {
    Path dir = Path.of("../../rules");
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir.resolve("lifecycle"))) {
      for (Path f : walk.filter(p -> p.toString().endsWith(".drl")).toList()) {
        files.put(dir.relativize(f).toString().replace('\\', '/'), Files.readString(f));
      }
    }
    return files;
  }

  /** The shipped rules with the entry rule renamed: which version ran shows in the history. */
  static Map<String, String> version2Files() {
    Map<String, String> files = new TreeMap<>(shippedFiles);
    String entry = files.get("lifecycle/40-entry.drl");
    assertThat(entry).contains(SHIPPED_ENTRY);
    files.put("lifecycle/40-entry.drl", entry.replace(SHIPPED_ENTRY, V2_ENTRY));
    return files;
  }

  @Test
  void aVersionIsAKjarWithItsOwnReleaseIdInTheKieRepository() {
    RuleSet v2 = RuleSet.fromSources(2, RuleSources.of(version2Files()));
    try {
      assertThat(v2.number()).isEqualTo(2);
      assertThat(v2.releaseId().toExternalForm()).isEqualTo("com.tradeplan:tradeplan-rules:2.0.0");
      assertThat(KieServices.Factory.get().getRepository().getKieModule(v2.releaseId()))
          .as("built in process and added to the KieRepository under its ReleaseId")
          .isNotNull();
    } finally {
      v2.release();
    }
    assertThat(KieServices.Factory.get().getRepository().getKieModule(v2.releaseId()))
        .as("released")
        .isNull();
  }

  @Test
  void theSameFilesHaveTheSameContentHashAndAnyChangeAnother() {
    String a = RuleSources.of(shippedFiles).contentHash();
    assertThat(RuleSources.of(new TreeMap<>(shippedFiles)).contentHash()).isEqualTo(a);
    assertThat(RuleSources.of(version2Files()).contentHash()).isNotEqualTo(a).hasSize(64);
  }

  @Test
  void aCompileErrorNamesFileLineColumnAndRule() {
    Map<String, String> files = new TreeMap<>(shippedFiles);
    files.put(
        "lifecycle/45-spread.drl",
        String.join(
            "\n",
            "package lifecycle;",
            "import com.tradeplan.domain.market.Tick;",
            "",
            "rule \"Only enter when the spread is tight\"",
            "    ruleflow-group \"entry\"",
            "when",
            "    $t : Tick( spread() != null && spread() > )",
            "then",
            "end",
            ""));
    assertThatThrownBy(() -> RuleSet.fromSources(3, RuleSources.of(files)))
        .isInstanceOfSatisfying(
            RuleCompilationException.class,
            e -> {
              RuleCompilationException.Problem p = e.problems().get(0);
              assertThat(p.file()).isEqualTo("lifecycle/45-spread.drl");
              assertThat(p.line()).isEqualTo(7);
              assertThat(p.column()).isPositive();
              assertThat(p.rule()).isEqualTo("Only enter when the spread is tight");
              assertThat(p.toString())
                  .startsWith("lifecycle/45-spread.drl:7:")
                  .contains("rule \"Only enter when the spread is tight\"");
            });
    assertThat(KieServices.Factory.get().getRepository().getKieModule(RuleSet.releaseIdOf(3)))
        .as("a version that does not compile leaves nothing in the repository")
        .isNull();
  }

  @Test
  void plansRunOnTheVersionTheyArePinnedToInOneUsersSessions() {
    RuleSet v2 = RuleSet.fromSources(2, RuleSources.of(version2Files()));
    AtomicInteger loads = new AtomicInteger();
    RuleSets sets =
        RuleSets.versioned(
            shipped,
            n -> {
              loads.incrementAndGet();
              assertThat(n).isEqualTo(2);
              return v2;
            });
    LaneEngineTest.RecordingBroker broker = new LaneEngineTest.RecordingBroker();
    List<Step> steps = new ArrayList<>();
    EngineCore core =
        new EngineCore(sets, broker, (owner, step) -> steps.add(step), true, EngineMetrics.NONE);
    broker.setListener(core);
    try {
      core.addPlan(plan("old", null));
      core.addPlan(plan("new", 2));
      core.addPlan(plan("new2", 2));
      assertThat(loads).as("version 2 loaded once, for its first plan").hasValue(1);

      core.onTick(
          Tick.of("AAPL", Instant.parse("2026-03-02T14:30:00Z"), new BigDecimal("101.00")), 0);

      assertThat(broker.submitted).hasSize(3);
      assertThat(orderRule(core, "old"))
          .as("the unpinned plan runs on version 1")
          .isEqualTo(SHIPPED_ENTRY);
      assertThat(orderRule(core, "new")).as("pinned to version 2").isEqualTo(V2_ENTRY);
      assertThat(orderRule(core, "new2")).isEqualTo(V2_ENTRY);
      assertThat(core.snapshot("new").ruleSetVersion()).as("the pin is kept").isEqualTo(2);
      assertThat(core.snapshot("old").ruleSetVersion()).isNull();
    } finally {
      core.removeUser("alice");
      v2.release();
    }
  }

  private static String orderRule(EngineCore core, String planId) {
    return core.snapshot(planId).orders().get(0).rule();
  }

  private static PlanSnapshot plan(String id, Integer pin) {
    Plan p =
        new Plan(
            id,
            "alice",
            Instrument.stock("AAPL"),
            Side.LONG,
            10,
            new Entry(EntryCondition.ABOVE, new BigDecimal("101.00"), null),
            List.of(new Stop(new BigDecimal("99.00"), null)),
            List.of(),
            null);
    return PlanSnapshot.initial(p, PlanStatus.ACTIVE).withRuleSetVersion(pin);
  }

  static List<PlanEvent> events(List<Step> steps) {
    List<PlanEvent> all = new ArrayList<>();
    steps.forEach(s -> all.addAll(s.events()));
    return all;
  }
}
