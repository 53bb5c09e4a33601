package com.tradeplan.engine;

import com.tradeplan.engine.RuleCompilationException.Problem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a rule-set version carries besides its DRL files (docs/rules.md, section 0, "Attached
 * scenarios and reference"): its own scenario files ({@code scenarios/NAME.json}, the format of
 * {@code rules/scenarios}), which its test runs after the shipped suite, and its reference
 * simulation, either as files ({@code reference/plans.json} and {@code reference/ticks.csv}, both)
 * or as the name of a reference folder on the server ({@code referenceName}), never both. Its
 * {@link #contentHash} names the content, so versions store their attachments content-addressed as
 * they store their sources.
 *
 * <p>Bounded, and a draft over a bound is refused naming the file and the limit, never cut: {@link
 * #SCENARIOS_MAX} scenario files of at most {@link #SCENARIO_CHARS_MAX} characters, a reference
 * plan file of at most {@link #PLANS_CHARS_MAX} and tick file of at most {@link #TICKS_CHARS_MAX},
 * {@link #TOTAL_CHARS_MAX} characters in all (a version's attachments are one stored document). The
 * engine only holds them: the simulator runs them.
 */
public record RuleAttachments(Map<String, String> files, String referenceName) {
  /** Bound on one attached scenario file (the shipped ones are 1-6 KB). */
  public static final int SCENARIO_CHARS_MAX = 200_000;

  /** Bound on the scenario files attached to one version. */
  public static final int SCENARIOS_MAX = 100;

  /** Bound on an attached reference plan file (the shipped reference's is 7 KB). */
  public static final int PLANS_CHARS_MAX = 200_000;

  /** Bound on an attached reference tick file (the shipped 30,000 ticks are 1.1 MB as CSV). */
  public static final int TICKS_CHARS_MAX = 2_000_000;

  /** Bound on all of one version's attachments together. */
  public static final int TOTAL_CHARS_MAX = 3_000_000;

  public static final String SCENARIOS = "scenarios/";
  public static final String REFERENCE_PLANS = "reference/plans.json";
  public static final String REFERENCE_TICKS = "reference/ticks.csv";

  /** A reference's name: a folder name, nothing that leaves the references folder. */
  public static final Pattern REFERENCE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private static final Pattern SCENARIO_PATH =
      Pattern.compile("scenarios/[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*\\.json");

  /** No scenario and no reference of its own. */
  public static final RuleAttachments NONE = new RuleAttachments(Map.of(), null);

  /** The key under which the reference's name enters the hash: no file path can take it. */
  private static final String NAME_KEY = "#referenceName";

  public RuleAttachments {
    files = Collections.unmodifiableMap(new TreeMap<>(files == null ? Map.of() : files));
  }

  /**
   * The problems that keep {@code files} and {@code referenceName} from being a version's
   * attachments, each naming the file (or {@code reference}) and the limit broken; empty when none.
   */
  public static List<Problem> check(Map<String, String> files, String referenceName) {
    List<Problem> problems = new ArrayList<>();
    Map<String, String> all = files == null ? Map.of() : files;
    long scenarios =
        all.keySet().stream().filter(p -> p != null && p.startsWith(SCENARIOS)).count();
    if (scenarios > SCENARIOS_MAX) {
      problems.add(
          new Problem(
              SCENARIOS,
              0,
              0,
              scenarios + " scenario files: at most " + SCENARIOS_MAX + " a version"));
    }
    long total = 0;
    for (Map.Entry<String, String> f : new TreeMap<>(all).entrySet()) {
      String path = f.getKey();
      String text = f.getValue();
      int max = limitOf(path);
      if (max == 0) {
        problems.add(
            new Problem(
                String.valueOf(path),
                0,
                0,
                "an attachment is scenarios/NAME.json, "
                    + REFERENCE_PLANS
                    + " or "
                    + REFERENCE_TICKS));
      } else if (text == null) {
        problems.add(new Problem(path, 0, 0, "no text"));
      } else if (text.length() > max) {
        problems.add(
            new Problem(
                path,
                0,
                0,
                text.length() + " characters: longer than the limit of " + max + " characters"));
      } else {
        total += text.length();
      }
    }
    if (total > TOTAL_CHARS_MAX) {
      problems.add(
          new Problem(
              "",
              0,
              0,
              "attachments of " + total + " characters: the limit is " + TOTAL_CHARS_MAX));
    }
    boolean plans = all.containsKey(REFERENCE_PLANS);
    boolean ticks = all.containsKey(REFERENCE_TICKS);
    if (plans != ticks) {
      problems.add(
          new Problem(
              plans ? REFERENCE_TICKS : REFERENCE_PLANS,
              0,
              0,
              "missing: a reference is "
                  + REFERENCE_PLANS
                  + " and "
                  + REFERENCE_TICKS
                  + " together"));
    }
    if (referenceName != null) {
      if (!REFERENCE_NAME.matcher(referenceName).matches()) {
        problems.add(
            new Problem(
                "reference",
                0,
                0,
                "a reference name is a folder name of letters, digits, '.', '_' or '-' (at most 64):"
                    + " "
                    + referenceName));
      } else if (plans || ticks) {
        problems.add(
            new Problem("reference", 0, 0, "a reference is either files or a name, not both"));
      }
    }
    return problems;
  }

  /** The character limit of an attachment at {@code path}, 0 when no attachment may be there. */
  private static int limitOf(String path) {
    if (path == null || path.contains("..")) {
      return 0;
    }
    if (path.equals(REFERENCE_PLANS)) {
      return PLANS_CHARS_MAX;
    }
    if (path.equals(REFERENCE_TICKS)) {
      return TICKS_CHARS_MAX;
    }
    return SCENARIO_PATH.matcher(path).matches() ? SCENARIO_CHARS_MAX : 0;
  }

  /** The attachments, checked: throws {@link RuleCompilationException} with every problem. */
  public static RuleAttachments of(Map<String, String> files, String referenceName) {
    List<Problem> problems = check(files, referenceName);
    if (!problems.isEmpty()) {
      throw new RuleCompilationException(problems);
    }
    return new RuleAttachments(files, referenceName);
  }

  /** The attached scenario files, path ({@code scenarios/x.json}) to text, sorted by path. */
  public Map<String, String> scenarios() {
    Map<String, String> out = new TreeMap<>();
    files.forEach(
        (p, t) -> {
          if (p.startsWith(SCENARIOS)) {
            out.put(p, t);
          }
        });
    return out;
  }

  /** Whether the version carries its reference as files. */
  public boolean hasReferenceFiles() {
    return files.containsKey(REFERENCE_PLANS);
  }

  /** Whether the version names or carries a reference of its own. */
  public boolean hasReference() {
    return referenceName != null || hasReferenceFiles();
  }

  public boolean isEmpty() {
    return files.isEmpty() && referenceName == null;
  }

  /**
   * These attachments with the scenarios replaced by {@code scenarios} (when not null) and the
   * reference replaced by {@code reference} (when not null): how a child version inherits what it
   * does not replace.
   */
  public RuleAttachments replacing(Map<String, String> scenarios, RuleAttachments reference) {
    Map<String, String> out = new TreeMap<>(scenarios != null ? scenarios : scenarios());
    RuleAttachments ref = reference != null ? reference : this;
    ref.files.forEach(
        (p, t) -> {
          if (!p.startsWith(SCENARIOS)) {
            out.put(p, t);
          }
        });
    return new RuleAttachments(out, ref.referenceName);
  }

  /** SHA-256 over every path and text and the reference's name, as 64 hex digits. */
  public String contentHash() {
    Map<String, String> all = new TreeMap<>(files);
    if (referenceName != null) {
      all.put(NAME_KEY, referenceName);
    }
    return RuleSources.hash(all);
  }
}
