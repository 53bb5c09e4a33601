package com.tradeplan.engine;

import java.util.List;

/**
 * A rule set that does not compile, has a rule in no {@link LifecyclePhase}, or breaks the {@link
 * RulePolicy}, with every message (file, line, column, text, the rule).
 */
public final class RuleCompilationException extends RuntimeException {
  /**
   * One compiler or policy message. Line and column are 1-based; 0 when Drools did not say. {@code
   * rule} is the name of the rule whose text holds the line, null when none does (an import, a
   * file-wide problem).
   */
  public record Problem(String file, int line, int column, String message, String rule) {
    public Problem(String file, int line, int column, String message) {
      this(file, line, column, message, null);
    }

    @Override
    public String toString() {
      return file
          + ":"
          + line
          + ":"
          + column
          + ": "
          + (rule == null ? "" : "rule \"" + rule + "\": ")
          + message;
    }
  }

  private final List<Problem> problems;

  public RuleCompilationException(List<Problem> problems) {
    super(problems.isEmpty() ? "rules do not compile" : problems.get(0).toString());
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
