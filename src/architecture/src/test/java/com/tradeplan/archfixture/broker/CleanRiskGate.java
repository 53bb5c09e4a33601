package com.tradeplan.archfixture.broker;

/** Keeps the gate rule: the gate, inside the broker module, is what calls IbBroker.submit. */
public class CleanRiskGate {
  private final IbBroker broker = new IbBroker();

  public String submit(String order) {
    return broker.submit(order);
  }
}
