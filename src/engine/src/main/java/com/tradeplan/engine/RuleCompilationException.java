package com.tradeplan.engine;

import java.util.List;

/**
 * A rule set that does not compile, or has a rule in no {@link LifecyclePhase}, with every message
 * (file, line, column, text).
 */
public final class RuleCompilationException extends RuntimeException {
  /** One compiler message. Line and column are 1-based; 0 when Drools did not say. */
  public record Problem(String file, int line, int column, String message) {
    @Override
    public String toString() {
      return file + ":" + line + ":" + column + ": " + message;
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
