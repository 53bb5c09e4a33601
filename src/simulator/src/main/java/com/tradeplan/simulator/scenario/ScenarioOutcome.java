package com.tradeplan.simulator.scenario;

import java.util.List;

/**
 * How one scenario went. {@code report} is the readable difference (empty when it passed): for each
 * plan, expected and actual events side by side with the first difference marked, then every other
 * field that differed.
 */
public record ScenarioOutcome(
    String name, String file, Verdict verdict, String knownIssue, List<String> report) {

  /** The verdicts, and whether each one lets a suite pass. */
  public enum Verdict {
    PASS(true),
    FAIL(false),
    /** It differs, and the file says why (its {@code knownIssue}): reported, not failing. */
    EXPECTED_FAIL(true),
    /** It has a {@code knownIssue} but passed: remove the marker so it guards again. */
    UNEXPECTED_PASS(false),
    /** The file could not be read or run at all. */
    ERROR(false);

    private final boolean ok;

    Verdict(boolean ok) {
      this.ok = ok;
    }

    public boolean ok() {
      return ok;
    }

    public String label() {
      return name().replace('_', '-');
    }
  }

  public ScenarioOutcome {
    report = List.copyOf(report);
  }

  /** One line: verdict, name, file (and the known issue). */
  public String headline() {
    StringBuilder s = new StringBuilder(verdict.label()).append(' ').append(name);
    s.append(" (").append(file).append(')');
    if (knownIssue != null && verdict != Verdict.PASS) {
      s.append(" known issue: ").append(knownIssue);
    }
    return s.toString();
  }

  /** The headline followed by the indented report. */
  public String render() {
    StringBuilder s = new StringBuilder(headline());
    for (String line : report) {
      s.append('\n').append("    ").append(line);
    }
    return s.toString();
  }
}
