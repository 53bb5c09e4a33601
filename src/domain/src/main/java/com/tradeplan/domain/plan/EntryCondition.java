package com.tradeplan.domain.plan;

import java.math.BigDecimal;

/** When an entry triggers: ABOVE when {@code last >= price}, BELOW when {@code last <= price}. */
public enum EntryCondition {
  ABOVE,
  BELOW;

  public boolean isMet(BigDecimal last, BigDecimal price) {
    int c = last.compareTo(price);
    return this == ABOVE ? c >= 0 : c <= 0;
  }
}
