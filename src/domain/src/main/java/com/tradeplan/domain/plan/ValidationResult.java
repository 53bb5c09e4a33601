package com.tradeplan.domain.plan;

import java.util.List;

/** The outcome of validating a draft: a plan, or every failing field. Never an exception. */
public sealed interface ValidationResult {
  record Valid(Plan plan) implements ValidationResult {}

  record Invalid(List<FieldError> errors) implements ValidationResult {
    public Invalid {
      errors = List.copyOf(errors);
      if (errors.isEmpty()) {
        throw new IllegalArgumentException("an invalid result needs at least one error");
      }
    }
  }

  default boolean isValid() {
    return this instanceof Valid;
  }

  default List<FieldError> errors() {
    return this instanceof Invalid i ? i.errors() : List.of();
  }
}
