package com.tradeplan.domain.strategy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A strategy a rule set publishes: its name (what a plan records and the rules match on), a
 * description for the trader and its parameters in the order the plan form shows them. {@link
 * #problems} says what keeps a schema from being published (a bad name, a duplicate parameter, a
 * default outside its bounds); the engine refuses a rule set whose schemas have any.
 */
public record StrategySchema(String name, String description, List<StrategyParameter> parameters) {
  /** A strategy name: lower-case words joined by '-' ({@code trail-atr-after-1r}). */
  public static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+){0,7}");

  /** A parameter name: a Java-like identifier ({@code atrMultiple}). */
  public static final Pattern PARAMETER_NAME = Pattern.compile("[a-z][A-Za-z0-9]{0,39}");

  /** Bound on the parameters of one strategy: the plan form is a trader's form, not a database. */
  public static final int PARAMETERS_MAX = 20;

  public StrategySchema {
    Objects.requireNonNull(name, "name");
    description = description == null ? "" : description;
    parameters = List.copyOf(parameters);
  }

  /** The parameter called {@code name}, or null. */
  public StrategyParameter parameter(String name) {
    for (StrategyParameter p : parameters) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    return null;
  }

  /** Why this schema cannot be published, one sentence each; empty when it can. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (!NAME.matcher(name).matches()) {
      problems.add("strategy name \"" + name + "\" must be lower-case words joined by '-'");
    }
    if (parameters.size() > PARAMETERS_MAX) {
      problems.add("more than " + PARAMETERS_MAX + " parameters");
    }
    Set<String> seen = new HashSet<>();
    for (StrategyParameter p : parameters) {
      String at = "parameter " + p.name() + ": ";
      if (!PARAMETER_NAME.matcher(p.name()).matches()) {
        problems.add(at + "a name is a letter then letters or digits");
      }
      if (!seen.add(p.name())) {
        problems.add(at + "declared twice");
      }
      if (p.type() == ParameterType.BOOLEAN && (p.min() != null || p.max() != null)) {
        problems.add(at + "a boolean has no bounds");
      }
      if (p.min() != null && p.max() != null && p.type().compare(p.min(), p.max()) > 0) {
        problems.add(at + "min is above max");
      }
      if (p.defaultValue() != null && p.boundsError(p.defaultValue()) != null) {
        problems.add(at + "the default " + p.boundsError(p.defaultValue()));
      }
    }
    return problems;
  }
}
