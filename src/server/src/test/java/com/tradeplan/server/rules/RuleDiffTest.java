package com.tradeplan.server.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The files that differ between two versions, and their unified diff as git would print it. */
class RuleDiffTest {
  @Test
  void addedRemovedAndChangedFilesAreListedInPathOrderWithTheirUnifiedDiff() {
    Map<String, String> from =
        Map.of(
            "lifecycle/10-a.drl", "rule \"A\"\nwhen\nthen\nend\n",
            "lifecycle/20-b.drl", "same\n",
            "lifecycle/30-c.drl", "gone\n");
    Map<String, String> to =
        Map.of(
            "lifecycle/10-a.drl", "rule \"A\"\nwhen\n    Tick()\nthen\nend\n",
            "lifecycle/20-b.drl", "same\n",
            "lifecycle/40-d.drl", "new\n");

    RuleDiff d = RuleDiff.between(from, to);

    assertThat(d.added()).containsExactly("lifecycle/40-d.drl");
    assertThat(d.removed()).containsExactly("lifecycle/30-c.drl");
    assertThat(d.changed()).containsExactly("lifecycle/10-a.drl");
    assertThat(d.same()).isFalse();
    assertThat(d.unified())
        .contains("--- a/lifecycle/10-a.drl\n+++ b/lifecycle/10-a.drl\n")
        .contains("\n+    Tick()\n")
        .contains("--- a/lifecycle/30-c.drl\n+++ /dev/null\n@@ -1,1 +0,0 @@\n")
        .contains("\n-gone\n")
        .contains("--- /dev/null\n+++ b/lifecycle/40-d.drl\n@@ -0,0 +1,1 @@\n")
        .contains("\n+new\n")
        .doesNotContain("20-b.drl");
    assertThat(d.unified().indexOf("10-a.drl"))
        .as("in path order")
        .isLessThan(d.unified().indexOf("30-c.drl"));
    assertThat(d.unified().indexOf("30-c.drl")).isLessThan(d.unified().indexOf("40-d.drl"));
  }

  @Test
  void theSameFilesHaveNoDiff() {
    Map<String, String> files = Map.of("lifecycle/10-a.drl", "rule\n");
    RuleDiff d = RuleDiff.between(files, Map.copyOf(files));
    assertThat(d.same()).isTrue();
    assertThat(d.unified()).isEmpty();
  }
}
