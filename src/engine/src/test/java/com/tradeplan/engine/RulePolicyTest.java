package com.tradeplan.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.engine.RuleCompilationException.Problem;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a rule must never do is refused with its file, line and rule (issue 15, point 2). */
class RulePolicyTest {
  /** A rule whose consequence (line 8) holds {@code statement}. */
  private static String ruleDoing(String statement) {
    return String.join(
        "\n",
        "package lifecycle;", // 1
        "import com.tradeplan.domain.market.Tick;", // 2
        "", // 3
        "rule \"A rule that does too much\"", // 4
        "    ruleflow-group \"entry\"", // 5
        "when", // 6
        "    $t : Tick()", // 7
        "then", // 8
        "    " + statement, // 9
        "end",
        "");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "System.out.println($t);|System",
        "java.lang.System.exit(1);|System",
        "Runtime.getRuntime().exec(\"rm\");|Runtime",
        "new ProcessBuilder(\"ls\").start();|ProcessBuilder",
        "new Thread(() -> {}).start();|Thread",
        "java.util.concurrent.Executors.newFixedThreadPool(2);|java.util.concurrent",
        "Class.forName(\"x.Y\");|Class.forName",
        "$t.getClass().getDeclaredMethods();|getClass",
        "java.lang.reflect.Method m = null;|java.lang.reflect",
        "Thread.currentThread().getContextClassLoader();|Thread",
        "java.nio.file.Files.readString(null);|java.nio",
        "new java.io.File(\"/tmp/x\").delete();|java.io",
        "new java.net.Socket(\"h\", 1);|java.net",
        "Object c = String.class;|.class",
        "drools.halt();|drools",
      })
  void aForbiddenConstructInAConsequenceIsRefusedWithItsLineAndRule(String statement, String what) {
    List<Problem> problems =
        RulePolicy.check(RuleSources.of(Map.of("lifecycle/45-x.drl", ruleDoing(statement))));

    assertThat(problems).as("'%s' must be refused", statement).isNotEmpty();
    Problem p = problems.get(0);
    assertThat(p.file()).isEqualTo("lifecycle/45-x.drl");
    assertThat(p.line()).as("the consequence's line").isEqualTo(9);
    assertThat(p.column()).isPositive();
    assertThat(p.rule()).isEqualTo("A rule that does too much");
    assertThat(p.message()).contains("not allowed");
  }

  @Test
  void aForbiddenImportOrGlobalIsRefusedWithItsLine() {
    String drl =
        String.join(
            "\n",
            "package lifecycle;",
            "import com.tradeplan.domain.market.Tick;",
            "import java.io.File;",
            "global java.util.List sink;",
            "");
    List<Problem> problems = RulePolicy.check(RuleSources.of(Map.of("lifecycle/a.drl", drl)));

    assertThat(problems)
        .extracting(Problem::line, p -> p.message().split(" ")[0] + " " + p.message().split(" ")[1])
        .contains(
            org.assertj.core.groups.Tuple.tuple(3, "import java.io.File"),
            org.assertj.core.groups.Tuple.tuple(4, "global sink"));
  }

  @Test
  void aForbiddenConditionIsRefusedToo() {
    String drl =
        ruleDoing("")
            .replace("    $t : Tick()", "    $t : Tick( eval(System.currentTimeMillis() > 0) )");
    List<Problem> problems = RulePolicy.check(RuleSources.of(Map.of("lifecycle/a.drl", drl)));
    assertThat(problems).extracting(Problem::line).containsExactly(7);
  }

  @Test
  void namesInCommentsStringsAndRuleNamesAreNotCode() {
    String drl =
        ruleDoing("// System.exit(1) would be wrong here")
            .replace("A rule that does too much", "The Thread of a System");
    assertThat(RulePolicy.check(RuleSources.of(Map.of("lifecycle/a.drl", drl)))).isEmpty();
  }

  @Test
  void theShippedRulesKeepThePolicy() throws IOException {
    assertThat(RulePolicy.check(RuleSources.of(RuleSetVersionsTest.shippedFiles()))).isEmpty();
  }
}
