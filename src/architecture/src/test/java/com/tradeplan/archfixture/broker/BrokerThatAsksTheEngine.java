package com.tradeplan.archfixture.broker;

import com.tradeplan.archfixture.engine.CleanEngine;

/** Breaks the layer rule: the broker depends sideways on the engine. */
public class BrokerThatAsksTheEngine {
  CleanEngine engine;
}
