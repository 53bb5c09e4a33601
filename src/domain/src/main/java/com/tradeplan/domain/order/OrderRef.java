package com.tradeplan.domain.order;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deterministic client reference of an order: plan id, role, index and attempt. It is recorded
 * before the order is sent and travels as IB's {@code orderRef}, so that after a reconnect, restart
 * or failover the broker's orders and executions can be matched back to the plan without sending
 * anything twice. Printed as {@code planId:ROLE:index:attempt}, e.g. {@code p1:TARGET:0:1}.
 */
public record OrderRef(String planId, OrderRole role, int index, int attempt) {
  private static final Pattern TEXT =
      Pattern.compile(
          "([A-Za-z0-9_.\\-]{1,64}):(ENTRY|STOP|TARGET|FLATTEN|CLOSE):(\\d{1,4}):(\\d{1,6})");

  public OrderRef {
    Objects.requireNonNull(planId, "planId");
    Objects.requireNonNull(role, "role");
    if (index < 0 || attempt < 1) {
      throw new IllegalArgumentException(
          "index must be >= 0 and attempt >= 1: " + index + "/" + attempt);
    }
  }

  /** Parses the printed form; returns null for a reference Tradeplan did not make. */
  public static OrderRef parse(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = TEXT.matcher(text);
    if (!m.matches()) {
      return null;
    }
    return new OrderRef(
        m.group(1),
        OrderRole.valueOf(m.group(2)),
        Integer.parseInt(m.group(3)),
        Integer.parseInt(m.group(4)));
  }

  @Override
  public String toString() {
    return planId + ":" + role + ":" + index + ":" + attempt;
  }
}
