package com.tradeplan.domain.plan;

import java.util.Objects;

/**
 * One invalid field of an input, named by its path ({@code stops[1].activateAt}) with the reason.
 */
public record FieldError(String field, String message) {
  public FieldError {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return field + ": " + message;
  }
}
