package com.tradeplan.archfixture.domain;

import com.tradeplan.archfixture.engine.CleanEngine;

/** Breaks the layer rule: the domain depends upward on the engine. */
public class PlanThatKnowsTheEngine {
  CleanEngine engine;
}
