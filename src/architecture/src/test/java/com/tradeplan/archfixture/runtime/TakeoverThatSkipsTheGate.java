package com.tradeplan.archfixture.runtime;

import com.tradeplan.archfixture.broker.IbBroker;

/** Breaks the gate rule: it sends an order straight to the broker, around the RiskGate. */
public class TakeoverThatSkipsTheGate {
  String resend(IbBroker broker) {
    return broker.submit("p1:ENTRY:0:1");
  }
}
