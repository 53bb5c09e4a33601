package com.tradeplan.server.rules;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The rule files that differ between two versions: which were added, removed and changed (what the
 * audit of a deploy records) and their unified diff (what {@code GET /api/rules/versions/N/diff/M}
 * and {@code ./tradeplan rules diff} show). Bounded by the versions themselves: at most {@code
 * RuleSet.RULE_FILES_MAX} files of at most {@code RuleSources.FILE_CHARS_MAX} characters each.
 *
 * @param added paths only in the later version, sorted
 * @param removed paths only in the earlier version, sorted
 * @param changed paths in both with different text, sorted
 * @param unified the unified diff of every added, removed and changed file (three lines of context,
 *     {@code a/PATH} and {@code b/PATH} as in git, {@code /dev/null} for a missing side), in path
 *     order; empty when the versions have the same files
 */
public record RuleDiff(
    List<String> added, List<String> removed, List<String> changed, String unified) {
  /** Lines of context around each change, as {@code diff -u}. */
  static final int CONTEXT_LINES = 3;

  private static final String NO_FILE = "/dev/null";

  /** The differences from the files {@code from} (path to text) to {@code to}. */
  public static RuleDiff between(Map<String, String> from, Map<String, String> to) {
    TreeSet<String> paths = new TreeSet<>(from.keySet());
    paths.addAll(to.keySet());
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    StringBuilder unified = new StringBuilder();
    for (String path : paths) {
      String a = from.get(path);
      String b = to.get(path);
      if (a == null) {
        added.add(path);
      } else if (b == null) {
        removed.add(path);
      } else if (a.equals(b)) {
        continue;
      } else {
        changed.add(path);
      }
      List<String> before = lines(a);
      List<String> after = lines(b);
      List<String> lines =
          UnifiedDiffUtils.generateUnifiedDiff(
              a == null ? NO_FILE : "a/" + path,
              b == null ? NO_FILE : "b/" + path,
              before,
              DiffUtils.diff(before, after),
              CONTEXT_LINES);
      for (int i = 0; i < lines.size(); i++) {
        unified.append(i == 2 ? emptySide(lines.get(i), a == null, b == null) : lines.get(i));
        unified.append('\n');
      }
    }
    return new RuleDiff(
        List.copyOf(added), List.copyOf(removed), List.copyOf(changed), unified.toString());
  }

  /** Whether the two versions have the same files. */
  public boolean same() {
    return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
  }

  /**
   * The one hunk of a file only on one side, its empty side counted from line 0 as {@code diff -u}
   * and git write it ({@code @@ -0,0 +1,5 @@}), so that {@code patch} and {@code git apply} take
   * it; java-diff-utils writes {@code -1,0}.
   */
  private static String emptySide(String hunkHeader, boolean noBefore, boolean noAfter) {
    if (noBefore) {
      return hunkHeader.replaceFirst("^@@ -1,0 ", "@@ -0,0 ");
    }
    return noAfter ? hunkHeader.replaceFirst(" \\+1,0 @@", " +0,0 @@") : hunkHeader;
  }

  private static List<String> lines(String text) {
    return text == null ? List.of() : text.lines().toList();
  }
}
