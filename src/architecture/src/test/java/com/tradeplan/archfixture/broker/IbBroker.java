package com.tradeplan.archfixture.broker;

/** Stands for the real IbBroker: the connection an order leaves by. */
public class IbBroker {
  public String submit(String order) {
    return order;
  }
}
