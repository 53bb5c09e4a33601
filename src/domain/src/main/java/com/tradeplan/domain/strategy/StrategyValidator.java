package com.tradeplan.domain.strategy;

import com.tradeplan.domain.plan.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a trader's {@link StrategyDraft} against the strategies of a rule-set version: the strategy
 * must be one of the catalog, every parameter one of its schema, of its type and within its bounds;
 * a parameter not given takes its default, and one without a default is required. Errors name the
 * field as the plan's JSON does: {@code strategy.name}, {@code strategy.params.atrMultiple}. Never
 * rounds or clamps a value.
 */
public final class StrategyValidator {
  private StrategyValidator() {}

  /** The outcome: the choice (null when there were errors) and every error. */
  public record Result(StrategyChoice choice, List<FieldError> errors) {
    public Result {
      errors = List.copyOf(errors);
    }
  }

  public static Result validate(StrategyDraft draft, StrategyCatalog catalog) {
    List<FieldError> errors = new ArrayList<>();
    if (draft.name() == null || draft.name().isBlank()) {
      errors.add(new FieldError("strategy.name", "is required"));
      return new Result(null, errors);
    }
    StrategySchema schema = catalog.find(draft.name());
    if (schema == null) {
      errors.add(
          new FieldError(
              "strategy.name",
              "unknown strategy \""
                  + draft.name()
                  + "\" (the rule set offers "
                  + (catalog.names().isEmpty() ? "none" : String.join(", ", catalog.names()))
                  + ")"));
      return new Result(null, errors);
    }
    for (String given : draft.params().keySet()) {
      if (schema.parameter(given) == null) {
        errors.add(
            new FieldError(
                "strategy.params." + given, "is not a parameter of strategy " + schema.name()));
      }
    }
    Map<String, Object> values = new TreeMap<>();
    for (StrategyParameter p : schema.parameters()) {
      String field = "strategy.params." + p.name();
      String text = draft.params().get(p.name());
      if (text == null || text.isBlank()) {
        if (p.defaultValue() == null) {
          errors.add(new FieldError(field, "is required"));
        } else {
          values.put(p.name(), p.defaultValue());
        }
        continue;
      }
      Object value = p.type().parse(text);
      if (value == null) {
        errors.add(new FieldError(field, "must be " + p.type().expected()));
        continue;
      }
      String outside = p.boundsError(value);
      if (outside != null) {
        errors.add(new FieldError(field, outside));
        continue;
      }
      values.put(p.name(), value);
    }
    return errors.isEmpty()
        ? new Result(new StrategyChoice(schema.name(), values), errors)
        : new Result(null, errors);
  }
}
