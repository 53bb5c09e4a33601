package com.tradeplan.domain.strategy;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A strategy as the trader typed it: its name and each parameter's text (null name: none chosen).
 * {@link StrategyValidator} reads it against a {@link StrategyCatalog}.
 */
public record StrategyDraft(String name, Map<String, String> params) {
  public StrategyDraft {
    params = params == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(params));
  }
}
