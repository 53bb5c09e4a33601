package com.tradeplan.engine.facts;

import java.util.Objects;

/** A trader action on one plan (lifecycle.md section 5), inserted for the rules to carry out. */
public record TraderCommand(String planId, Type type) {
  public enum Type {
    CANCEL,
    FLATTEN
  }

  public TraderCommand {
    Objects.requireNonNull(planId, "planId");
    Objects.requireNonNull(type, "type");
  }
}
