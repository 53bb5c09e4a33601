package com.tradeplan.engine;

import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.engine.facts.Commission;

/** The broker report kinds a session accepts, and the plan each one belongs to. */
public final class Reports {
  private Reports() {}

  public static String planId(Object report) {
    if (report instanceof Fill f) {
      return f.orderRef().planId();
    }
    if (report instanceof OrderUpdate u) {
      return u.ref().planId();
    }
    if (report instanceof Commission c) {
      return c.ref().planId();
    }
    throw new IllegalArgumentException("not a broker report: " + report);
  }
}
