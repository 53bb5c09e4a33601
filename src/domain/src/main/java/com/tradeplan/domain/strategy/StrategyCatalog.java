package com.tradeplan.domain.strategy;

import java.util.ArrayList;
import java.util.List;

/**
 * The strategies one rule-set version publishes, in the order of their rule files. A plan may only
 * choose a strategy of the catalog it is validated against (the deployed version's at activation).
 */
public record StrategyCatalog(List<StrategySchema> strategies) {
  /** A rule set that publishes no strategy: every choice is refused. */
  public static final StrategyCatalog EMPTY = new StrategyCatalog(List.of());

  public StrategyCatalog {
    strategies = List.copyOf(strategies);
  }

  /** The strategy called {@code name}, or null. */
  public StrategySchema find(String name) {
    for (StrategySchema s : strategies) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    return null;
  }

  /** The names, for an error that lists what may be chosen. */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    strategies.forEach(s -> names.add(s.name()));
    return names;
  }
}
